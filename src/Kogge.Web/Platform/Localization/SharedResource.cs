#pragma warning disable IDE0130 // The resource lives at the root namespace so that its file is Resources/SharedResource.en.resx.
namespace Kogge.Web;
#pragma warning restore IDE0130

/// <summary>
/// The UI's strings. Keys are the German texts (German is the default language); <c>Resources/SharedResource.en.resx</c>
/// holds the English ones.
/// </summary>
public sealed class SharedResource;
