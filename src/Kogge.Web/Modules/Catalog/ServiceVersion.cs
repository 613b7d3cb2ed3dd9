using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Catalog;

/// <summary>
/// One version of a service's process: BPMN, forms, rules and notice templates. A draft can be changed; once published
/// it is frozen, because cases run on it. Publishing a newer version retires it for new applications, while the
/// cases already started stay on it.
/// </summary>
public sealed class ServiceVersion : ITenantOwned, IVersioned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid TenantId { get; set; }

    public Guid ServiceId { get; set; }

    public PublicService Service { get; set; } = null!;

    /// <summary>1, 2, … per service.</summary>
    public int Number { get; set; }

    public VersionState State { get; set; }

    /// <summary>What changed against the previous version, for the designers.</summary>
    public string ChangeNote { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }

    public DateTimeOffset? RetiredAt { get; set; }

    /// <summary>The BPMN process id in the municipality's engine, set when the version is published.</summary>
    public string? EngineProcessId { get; set; }

    /// <summary>The engine's version of that process; cases of this version start exactly this definition.</summary>
    public int? EngineProcessVersion { get; set; }

    /// <summary>The engine's id of that process definition.</summary>
    public string? EngineDefinitionId { get; set; }

    public int Version { get; set; }

    public List<ServiceArtifact> Artifacts { get; set; } = [];

    public bool IsDraft => State == VersionState.Draft;

    /// <summary>Every change of a version or its artifacts goes through here: only drafts can be changed.</summary>
    public void EnsureDraft()
    {
        if (!IsDraft)
        {
            throw new VersionFrozenException(Number, State);
        }
    }

    /// <summary>Adds the artifact or replaces the one of the same kind and name.</summary>
    public ServiceArtifact SetArtifact(ArtifactKind kind, string name, string content, DateTimeOffset now)
    {
        EnsureDraft();
        var existing = Artifacts.FirstOrDefault(a => a.Kind == kind && a.Name == name);
        if (existing is null)
        {
            existing = new ServiceArtifact { Kind = kind, Name = name, Content = content, VersionId = Id, UpdatedAt = now };
            Artifacts.Add(existing);
        }
        else
        {
            existing.Content = content;
            existing.UpdatedAt = now;
        }

        return existing;
    }

    public bool RemoveArtifact(ArtifactKind kind, string name)
    {
        EnsureDraft();
        var existing = Artifacts.FirstOrDefault(a => a.Kind == kind && a.Name == name);
        return existing is not null && Artifacts.Remove(existing);
    }
}

/// <summary>Looking up a service's version as the designer's pages address it: service id and version number.</summary>
public static class ServiceVersions
{
    /// <summary>The service and its version <paramref name="number"/> with the version's artifacts; null when either is not found.</summary>
    public static async Task<(PublicService Service, ServiceVersion Version)?> FindAsync(KoggeDbContext db, Guid serviceId, int number,
        CancellationToken cancellationToken)
    {
        var service = await db.PublicServices.AsNoTracking().FirstOrDefaultAsync(s => s.Id == serviceId, cancellationToken);
        var version = service is null ? null : await db.ServiceVersions.AsNoTracking().Include(v => v.Artifacts)
            .FirstOrDefaultAsync(v => v.ServiceId == serviceId && v.Number == number, cancellationToken);
        return service is null || version is null ? null : (service, version);
    }
}

public enum VersionState
{
    Draft,
    Published,
    Retired,
}

/// <summary>One file of a version. The process is always named <see cref="ProcessName"/>; a form by its form-js id.</summary>
public sealed class ServiceArtifact : ITenantOwned
{
    public const string ProcessName = "prozess";

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid TenantId { get; set; }

    public Guid VersionId { get; set; }

    public ArtifactKind Kind { get; set; }

    public required string Name { get; set; }

    public required string Content { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

public enum ArtifactKind
{
    Process,
    Form,
    Decision,
    NoticeTemplate,
}

/// <summary>A write to a published or retired version: refused, because cases run on it.</summary>
public sealed class VersionFrozenException(int number, VersionState state)
    : InvalidOperationException($"Version {number} is {state} and can no longer be changed.")
{
    public int Number { get; } = number;

    public VersionState State { get; } = state;
}
