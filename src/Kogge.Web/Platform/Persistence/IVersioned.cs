namespace Kogge.Web.Platform.Persistence;

/// <summary>
/// A mutable row with a concurrency token: the context raises <see cref="Version"/> on every update, and an
/// update based on an older version fails instead of silently overwriting another user's change.
/// </summary>
public interface IVersioned
{
    int Version { get; set; }
}
