using System.Security.Cryptography;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Scanning;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Cases.Apply;

/// <summary>
/// Files given with an application. A file is read with a bound (the request's form limits stop larger ones while
/// they stream in; this bound is the second wall), its type is taken from its first bytes, and it is stored in the
/// database under a new id. When clamd is configured, a file is scanned before it is stored, so every stored file
/// may be shown; an infected file or a scanner that cannot answer means the file is refused. The name it came with is
/// only shown.
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

        var (data, type, error) = await ReadAsync(file, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        if (replace)
        {
            db.CaseDocuments.RemoveRange(await db.CaseDocuments.Where(d => d.DraftId == draft.Id && d.FieldKey == fieldKey).ToListAsync(cancellationToken));
        }

        Store(new CaseDocument
        {
            DraftId = draft.Id,
            FieldKey = fieldKey,
            FileName = name,
            ContentType = type!,
            Size = data!.Length,
            Sha256 = Convert.ToHexString(SHA256.HashData(data)),
            UploadedBy = draft.ApplicantId,
            UploadedAt = clock.GetUtcNow(),
        }, data);
        return null;
    }

    /// <summary>
    /// Stores <paramref name="files"/> with a submitted case (an answer to a document request), all or none: the
    /// German message of the first refused file instead. The caller saves.
    /// </summary>
    public async Task<(List<CaseDocument> Added, string? Error)> AddToCaseAsync(Guid caseId, string fieldKey, Guid uploadedBy, IReadOnlyList<IFormFile> files,
        CancellationToken cancellationToken)
    {
        var (read, error) = await CheckAsync(fieldKey, uploadedBy, files, cancellationToken);
        if (error is not null)
        {
            return ([], error);
        }

        foreach (var (document, _) in read)
        {
            document.CaseId = caseId;
        }

        return ([.. read.Select(r => Store(r.Document, r.Data))], null);
    }

    /// <summary>
    /// Reads and checks <paramref name="files"/> for <paramref name="fieldKey"/> without storing them: the documents
    /// (with new ids, for no case yet) and their bytes, or the German message of the first refused file.
    /// </summary>
    public async Task<(List<(CaseDocument Document, byte[] Data)> Read, string? Error)> CheckAsync(string fieldKey, Guid uploadedBy, IReadOnlyList<IFormFile> files,
        CancellationToken cancellationToken)
    {
        if (files.Sum(f => f.Length) > CaseFiles.MaxApplicationBytes)
        {
            return ([], l["Alle Dateien zusammen dürfen höchstens {0} MB groß sein. Bitte entfernen oder verkleinern Sie eine Datei.", CaseFiles.MaxApplicationBytes / MegaByte]);
        }

        var read = new List<(CaseDocument, byte[])>();
        var now = clock.GetUtcNow();
        foreach (var file in files)
        {
            if (file.Length > CaseFiles.MaxFileBytes)
            {
                return ([], l["Die Datei „{0}“ ist größer als {1} MB. Bitte verkleinern Sie sie, zum Beispiel als PDF mit geringerer Auflösung.", CaseFiles.DisplayName(file.FileName), CaseFiles.MaxFileBytes / MegaByte]);
            }

            var (data, type, error) = await ReadAsync(file, cancellationToken);
            if (error is not null)
            {
                return ([], error);
            }

            read.Add((new CaseDocument
            {
                FieldKey = fieldKey,
                FileName = CaseFiles.DisplayName(file.FileName),
                ContentType = type!,
                Size = data!.Length,
                Sha256 = Convert.ToHexString(SHA256.HashData(data)),
                UploadedBy = uploadedBy,
                UploadedAt = now,
            }, data));
        }

        return (read, null);
    }

    /// <summary>Adds the document and its bytes to the unit of work; the caller saves.</summary>
    public CaseDocument Store(CaseDocument document, byte[] data)
    {
        db.CaseDocuments.Add(document);
        db.CaseDocumentContents.Add(new CaseDocumentContent { Id = document.Id, Data = data });
        return document;
    }

    /// <summary>The file's bytes (read with a bound) and its type by its first bytes, scanned; or a German message why it is refused.</summary>
    private async Task<(byte[]? Data, string? Type, string? Error)> ReadAsync(IFormFile file, CancellationToken cancellationToken)
    {
        var name = CaseFiles.DisplayName(file.FileName);
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
                return (null, null, l["Die Datei „{0}“ ist nicht vollständig angekommen. Bitte laden Sie sie noch einmal hoch.", name]);
            }
        }

        if (CaseFiles.Sniff(data) is not { } type)
        {
            return (null, null, l["Die Datei „{0}“ ist kein PDF-, PNG- oder JPEG-Dokument. Bitte laden Sie Ihre Unterlage als PDF, PNG oder JPEG hoch.", name]);
        }

        return (await scanner.ScanAsync(data, cancellationToken)).Verdict switch
        {
            ScanVerdict.Infected => (null, null, l["Die Datei „{0}“ enthält Schadsoftware und wurde nicht gespeichert. Bitte prüfen Sie Ihr Gerät und laden Sie eine saubere Datei hoch.", name]),
            ScanVerdict.Unavailable => (null, null, l["Die Datei „{0}“ konnte gerade nicht auf Schadsoftware geprüft werden und wurde deshalb nicht gespeichert. Bitte versuchen Sie es in einigen Minuten noch einmal.", name]),
            _ => (data, type, null),
        };
    }

    /// <summary>The value a filepicker field holds: the ids of its documents, comma separated (empty when none).</summary>
    public static string FieldValue(IEnumerable<CaseDocument> documents) => string.Join(",", documents.Select(d => d.Id));
}
