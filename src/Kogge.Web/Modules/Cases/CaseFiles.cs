using Microsoft.AspNetCore.Http.HttpResults;

namespace Kogge.Web.Modules.Cases;

/// <summary>What an attachment may be: the type is read from the file's first bytes, never from its name or the browser's claim.</summary>
public static class CaseFiles
{
    public const int FileNameLength = 200;

    /// <summary>The largest single file.</summary>
    public const long MaxFileBytes = 10 * 1024 * 1024;

    /// <summary>All files of one application together.</summary>
    public const long MaxApplicationBytes = 25 * 1024 * 1024;

    public const string Pdf = "application/pdf";
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";

    /// <summary>The type of <paramref name="head"/> (the first bytes of a file), or null when it is none of PDF, PNG and JPEG.</summary>
    public static string? Sniff(ReadOnlySpan<byte> head) =>
        head.StartsWith("%PDF-"u8) ? Pdf
        : head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? Png
        : head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? Jpeg
        : null;

    /// <summary>
    /// The name to show for an uploaded file: its last path segment, without control characters, bounded in length.
    /// It is only ever displayed; the content is stored under the document's id.
    /// </summary>
    public static string DisplayName(string? sent)
    {
        var name = (sent ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        name = new string([.. name.Where(c => !char.IsControl(c) && c is not ('<' or '>' or '"' or ':' or '|' or '?' or '*'))]).Trim().Trim('.');
        if (name.Length == 0)
        {
            name = "Datei";
        }

        return name.Length <= FileNameLength ? name : name[..FileNameLength];
    }

    /// <summary>The problem for a form body that could not be read: over a limit (413) or malformed (400).</summary>
    public static ProblemHttpResult UnreadableForm(Exception e) =>
        e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } || e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase)
            ? TypedResults.Problem(title: "Die Daten sind zu groß.",
                detail: $"Jede Datei darf höchstens {MaxFileBytes / (1024 * 1024)} MB groß sein, alle zusammen höchstens {MaxApplicationBytes / (1024 * 1024)} MB.",
                statusCode: StatusCodes.Status413PayloadTooLarge)
            : TypedResults.Problem(title: "Die Daten sind unlesbar.", detail: "Der Inhalt ist kein vollständiges multipart/form-data.", statusCode: StatusCodes.Status400BadRequest);
}
