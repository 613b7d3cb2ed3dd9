using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Catalog.Versions;

/// <summary>
/// What an uploaded or pasted artifact must be before it is stored: UTF-8 text, XML without a DTD for BPMN and DMN,
/// JSON with a usable form id for forms. The deeper check (does the engine accept it) is the <see cref="VersionCheck"/>.
/// </summary>
public static partial class ArtifactUpload
{
    public const int NameLength = 100;

    /// <summary>The largest artifact accepted, in bytes; the request limit of the host applies on top.</summary>
    public const int MaxBytes = 512 * 1024;

    /// <summary>The artifact's name and content, or the message why it is refused and whether the name is at fault.</summary>
    public sealed record Result(string? Name, string? Content, string? Error, bool NameRefused = false);

    public static Result Accept(ArtifactKind kind, string? name, string content, IStringLocalizer l)
    {
        content = content.TrimStart('\uFEFF');
        if (string.IsNullOrWhiteSpace(content))
        {
            return Refused(l["Bitte laden Sie eine Datei hoch oder fügen Sie den Inhalt ein."]);
        }

        if (Encoding.UTF8.GetByteCount(content) > MaxBytes)
        {
            return Refused(l["Die Datei ist zu groß (höchstens 512 KB)."]);
        }

        switch (kind)
        {
            case ArtifactKind.Process:
                return CheckXml(content, l) is { } processError ? Refused(processError) : new(ServiceArtifact.ProcessName, content, null);
            case ArtifactKind.Decision:
                if (CheckXml(content, l) is { } dmnError)
                {
                    return Refused(dmnError);
                }

                break;
            case ArtifactKind.Form:
                return FormId(content, l);
        }

        name = name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return new(null, null, l["Bitte geben Sie einen Namen an."], NameRefused: true);
        }

        return NamePattern().IsMatch(name) ? new(name, content, null)
            : new(null, null, l["Der Name darf nur Buchstaben, Ziffern, Bindestriche und Unterstriche enthalten (höchstens 100 Zeichen)."], NameRefused: true);
    }

    /// <summary>Reads an uploaded file as UTF-8; another encoding is refused rather than guessed.</summary>
    public static async Task<(string? Text, string? Error)> ReadAsync(IFormFile file, IStringLocalizer l, CancellationToken cancellationToken)
    {
        if (file.Length > MaxBytes)
        {
            return (null, l["Die Datei ist zu groß (höchstens 512 KB)."]);
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        try
        {
            return (new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.ToArray()), null);
        }
        catch (DecoderFallbackException)
        {
            return (null, l["Die Datei ist keine UTF-8-Textdatei. Bitte speichern Sie sie als UTF-8."]);
        }
    }

    private static Result Refused(string message) => new(null, null, message);

    private static string? CheckXml(string content, IStringLocalizer l)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxBytes };
        try
        {
            using var reader = XmlReader.Create(new StringReader(content), settings);
            while (reader.Read())
            {
            }

            return null;
        }
        catch (XmlException e) when (e.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase))
        {
            return l["Die Datei enthält eine DTD. Aus Sicherheitsgründen nimmt Kogge nur XML ohne DTD an."];
        }
        catch (XmlException e)
        {
            return l["Die Datei ist kein wohlgeformtes XML (Zeile {0}, Spalte {1}).", e.LineNumber, e.LinePosition];
        }
    }

    private static Result FormId(string content, IStringLocalizer l)
    {
        try
        {
            using var json = JsonDocument.Parse(content, new JsonDocumentOptions { MaxDepth = 64, CommentHandling = JsonCommentHandling.Skip });
            if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("components", out var components)
                || components.ValueKind != JsonValueKind.Array)
            {
                return Refused(l["Das ist kein form-js-Formular: Es fehlt die Liste „components“."]);
            }

            if (!json.RootElement.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String || id.GetString() is not { Length: > 0 } formId)
            {
                return Refused(l["Das Formular hat keine ID („id“). Prozesse verweisen über diese ID auf das Formular."]);
            }

            return NamePattern().IsMatch(formId) ? new(formId, content, null)
                : Refused(l["Die Formular-ID darf nur Buchstaben, Ziffern, Bindestriche und Unterstriche enthalten (höchstens 100 Zeichen)."]);
        }
        catch (JsonException e)
        {
            return Refused(l["Die Datei ist kein gültiges JSON (Zeile {0}).", (e.LineNumber ?? 0) + 1]);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$")]
    private static partial Regex NamePattern();
}
