using PdfSharp.Fonts;

namespace Kogge.Web.Modules.Notices;

/// <summary>
/// PDFsharp finds no fonts on Linux by itself. Notices use DejaVu Sans (Debian package <c>fonts-dejavu-core</c>,
/// installed by <c>.ci/run</c> and named in docs/operations.md): it covers German and the other Latin scripts of
/// names, and its licence allows embedding. The fonts are embedded (as subsets) in every PDF, so a notice looks the
/// same on the citizen's device.
/// </summary>
internal sealed class NoticeFonts : IFontResolver
{
    public const string Family = "Kogge Sans";

    private const string Regular = "DejaVuSans.ttf";
    private const string Bold = "DejaVuSans-Bold.ttf";

    private static readonly string[] Directories = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/local/share/fonts/dejavu"];

    private static readonly Lazy<NoticeFonts> Installed = new(() =>
    {
        var fonts = new NoticeFonts(FindDirectory());
        GlobalFontSettings.FontResolver = fonts;
        return fonts;
    });

    private readonly string _directory;
    private readonly Dictionary<string, byte[]> _faces = [];

    private NoticeFonts(string directory) => _directory = directory;

    /// <summary>Sets the resolver once per process (PDFsharp's setting is global).</summary>
    public static void EnsureInstalled() => _ = Installed.Value;

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? Bold : Regular);

    public byte[]? GetFont(string faceName)
    {
        lock (_faces)
        {
            if (!_faces.TryGetValue(faceName, out var bytes))
            {
                bytes = File.ReadAllBytes(Path.Combine(_directory, faceName));
                _faces[faceName] = bytes;
            }

            return bytes;
        }
    }

    private static string FindDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("KOGGE_NOTICE_FONTS");
        foreach (var directory in configured is { Length: > 0 } ? [configured, .. Directories] : Directories)
        {
            if (File.Exists(Path.Combine(directory, Regular)) && File.Exists(Path.Combine(directory, Bold)))
            {
                return directory;
            }
        }

        throw new InvalidOperationException(
            $"Notices need the DejaVu Sans fonts ({Regular}, {Bold}): install the Debian package fonts-dejavu-core or set KOGGE_NOTICE_FONTS to a folder holding them.");
    }
}
