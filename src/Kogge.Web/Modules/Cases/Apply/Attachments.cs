using System.Security.Cryptography;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Scanning;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Cases.Apply;

/// <summary>
/// Files given with an application. A file is read with a bound (the request's form limits stop larger ones while
/// they stream in; this bound is the second wall), its type is taken from its first bytes, and it is stored in the
/// database under a new id. The name it came with is only shown.
/// </summary>
public sealed class Attachments(KoggeDbContext db, TimeProvider clock, VirusScanner scanner, IStringLocalizer<SharedResource> l)
{
    private const int MegaByte = 1024 * 1024;

    /// <summary>Stores <paramref name="file"/> for the draft's field; returns a German message instead when it is refused.</summary>
    public async Task<string?> AddAsync(ApplicationDraft draft, string fieldKey, bool replace, IFormFile file, CancellationToken cancellationToken)
    {
        var name = CaseFiles.DisplayName(file.FileName);
        if (file.Length > CaseFiles.MaxFileBytes)
        {
            return l["Die Datei „{0}“ ist größer als {1} MB. Bitte verkleinern Sie sie, zum Beispiel als PDF mit geringerer Auflösung.", name, CaseFiles.MaxFileBytes / MegaByte];
        }

        var others = await db.CaseDocuments.Where(d => d.DraftId == draft.Id && !(replace && d.FieldKey == fieldKey)).SumAsync(d => d.Size, cancellationToken);
        if (others + file.Length > CaseFiles.MaxApplicationBytes)
        {
            return l["Alle Dateien eines Antrags zusammen dürfen höchstens {0} MB groß sein. Bitte entfernen oder verkleinern Sie eine Datei.", CaseFiles.MaxApplicationBytes / MegaByte];
        }

        var data = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            var read = 0;
            while (read < data.Length && await stream.ReadAsync(data.AsMemory(read), cancellationToken) is var n and > 0)
            {
                read += n;
            }

            if (read != data.Length || await stream.ReadAsync(new byte[1], cancellationToken) != 0)
            {
                return l["Die Datei „{0}“ ist nicht vollständig angekommen. Bitte laden Sie sie noch einmal hoch.", name];
            }
        }

        if (CaseFiles.Sniff(data) is not { } type)
        {
            return l["Die Datei „{0}“ ist kein PDF-, PNG- oder JPEG-Dokument. Bitte laden Sie Ihre Unterlage als PDF, PNG oder JPEG hoch.", name];
        }

        // Scanned before it is stored, so every stored file may be shown; no scanner reachable means no file.
        switch ((await scanner.ScanAsync(data, cancellationToken)).Verdict)
        {
            case ScanVerdict.Infected:
                return l["Die Datei „{0}“ enthält Schadsoftware und wurde nicht gespeichert. Bitte prüfen Sie Ihr Gerät und laden Sie eine saubere Datei hoch.", name];
            case ScanVerdict.Unavailable:
                return l["Die Datei „{0}“ konnte gerade nicht auf Schadsoftware geprüft werden und wurde deshalb nicht gespeichert. Bitte versuchen Sie es in einigen Minuten noch einmal.", name];
        }

        if (replace)
        {
            db.CaseDocuments.RemoveRange(await db.CaseDocuments.Where(d => d.DraftId == draft.Id && d.FieldKey == fieldKey).ToListAsync(cancellationToken));
        }

        var document = new CaseDocument
        {
            DraftId = draft.Id,
            FieldKey = fieldKey,
            FileName = name,
            ContentType = type,
            Size = data.Length,
            Sha256 = Convert.ToHexString(SHA256.HashData(data)),
            UploadedBy = draft.ApplicantId,
            UploadedAt = clock.GetUtcNow(),
        };
        db.CaseDocuments.Add(document);
        db.CaseDocumentContents.Add(new CaseDocumentContent { Id = document.Id, Data = data });
        return null;
    }

    /// <summary>The value a filepicker field holds: the ids of its documents, comma separated (empty when none).</summary>
    public static string FieldValue(IEnumerable<CaseDocument> documents) => string.Join(",", documents.Select(d => d.Id));
}
