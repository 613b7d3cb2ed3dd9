using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Catalog.Packages;

/// <summary>A package that passed every structural check: its hash, its manifest, and its files as text by path.</summary>
public sealed record ReadPackage(string Sha256, PackageManifest Manifest, IReadOnlyDictionary<string, string> Files);

/// <summary>
/// Opens an uploaded package without trusting it: size and entry limits, unpacked bytes counted while reading (not
/// as declared), only relative paths of the known layout, strict UTF-8, a manifest of the known format version, and
/// the SHA-256 of every file. Every problem found is reported; nothing is stored here.
/// </summary>
public sealed class PackageReader(IStringLocalizer<SharedResource> l)
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    public async Task<(ReadPackage? Package, IReadOnlyList<PackageProblem> Problems, bool TooLarge)> ReadAsync(Stream input, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await input.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > PackageFormat.MaxPackageBytes)
            {
                return (null, [Problem("", l["Das Paket ist zu groß (höchstens {0} MB).", PackageFormat.MaxPackageBytes / 1024 / 1024])], true);
            }

            buffer.Write(chunk, 0, read);
        }

        var bytes = buffer.ToArray();
        if (bytes.Length < 4 || bytes[0] != 'P' || bytes[1] != 'K')
        {
            return (null, [Problem("", l["Die Datei ist kein Zip-Archiv. Ein Leistungspaket ist eine Zip-Datei, wie Kogge sie exportiert."])], false);
        }

        var problems = new List<PackageProblem>();
        var files = ReadEntries(bytes, problems);
        if (files is null || problems.Count > 0)
        {
            return (null, problems, false);
        }

        var manifest = ReadManifest(files, problems);
        if (manifest is null)
        {
            return (null, problems, false);
        }

        CheckFiles(manifest, files, problems);
        if (problems.Count > 0)
        {
            return (null, problems, false);
        }

        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, content) in files.Where(f => f.Key != PackageFormat.ManifestPath))
        {
            try
            {
                texts[path] = StrictUtf8.GetString(content).TrimStart('\uFEFF');
            }
            catch (DecoderFallbackException)
            {
                problems.Add(Problem(path, l["Die Datei ist keine UTF-8-Textdatei. Bitte speichern Sie sie als UTF-8."]));
            }
        }

        return problems.Count > 0 ? (null, problems, false) : (new ReadPackage(PackageFormat.Sha256(bytes), manifest, texts), [], false);
    }

    private Dictionary<string, byte[]>? ReadEntries(byte[] bytes, List<PackageProblem> problems)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > PackageFormat.MaxEntries)
            {
                problems.Add(Problem("", l["Das Paket enthält {0} Einträge; erlaubt sind höchstens {1}.", zip.Entries.Count, PackageFormat.MaxEntries]));
                return null;
            }

            var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            long unpacked = 0;
            foreach (var entry in zip.Entries)
            {
                var path = entry.FullName;
                if (UnsafePath(path))
                {
                    problems.Add(Problem(Printable(path), l["Der Pfad ist nicht erlaubt: Ein Paket enthält nur relative Pfade ohne „..“, Laufwerk oder Steuerzeichen."]));
                    continue;
                }

                if (path.EndsWith('/'))
                {
                    // A folder entry carries nothing; some zip tools write them.
                    continue;
                }

                if (path != PackageFormat.ManifestPath && path != PackageFormat.ReadmePath && PackageFormat.ArtifactOf(path) is null)
                {
                    problems.Add(Problem(path, l["Diese Datei gehört nicht in ein Leistungspaket. Erlaubt sind manifest.json, README.md, process.bpmn, forms/*.form, rules/*.dmn und templates/*.liquid."]));
                    continue;
                }

                if (!files.TryAdd(path, []))
                {
                    problems.Add(Problem(path, l["Die Datei steht mehrfach im Paket."]));
                    continue;
                }

                var limit = Math.Min(PackageFormat.MaxFileBytes, PackageFormat.MaxUnpackedBytes - unpacked);
                var content = ReadLimited(entry, limit);
                if (content is null)
                {
                    problems.Add(Problem(path, unpacked + PackageFormat.MaxFileBytes > PackageFormat.MaxUnpackedBytes
                        ? l["Das Paket ist entpackt größer als erlaubt (höchstens {0} MB); es wird nicht weiter gelesen.", PackageFormat.MaxUnpackedBytes / 1024 / 1024]
                        : l["Die Datei ist entpackt größer als erlaubt (höchstens {0} KB); das Paket wird nicht weiter gelesen.", PackageFormat.MaxFileBytes / 1024]));
                    return null;
                }

                unpacked += content.Length;
                files[path] = content;
            }

            return files;
        }
        catch (InvalidDataException)
        {
            problems.Add(Problem("", l["Die Datei ist kein lesbares Zip-Archiv (beschädigt oder mit einem nicht unterstützten Verfahren gepackt)."]));
            return null;
        }
    }

    /// <summary>The entry's bytes, or null as soon as it would exceed <paramref name="limit"/>: the declared size is not trusted.</summary>
    private static byte[]? ReadLimited(ZipArchiveEntry entry, long limit)
    {
        if (entry.Length > limit)
        {
            return null;
        }

        using var stream = entry.Open();
        using var content = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (content.Length + read > limit)
            {
                return null;
            }

            content.Write(chunk, 0, read);
        }

        return content.ToArray();
    }

    private PackageManifest? ReadManifest(Dictionary<string, byte[]> files, List<PackageProblem> problems)
    {
        if (!files.TryGetValue(PackageFormat.ManifestPath, out var bytes))
        {
            problems.Add(Problem(PackageFormat.ManifestPath, l["Das Paket hat keine manifest.json. Ohne sie ist nicht erkennbar, was das Paket enthält."]));
            return null;
        }

        PackageManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<PackageManifest>(StrictUtf8.GetString(bytes).TrimStart('\uFEFF'), PackageManifest.Json);
        }
        catch (Exception e) when (e is JsonException or DecoderFallbackException or NotSupportedException)
        {
            var line = e is JsonException { LineNumber: { } n } ? n + 1 : (long?)null;
            problems.Add(Problem(PackageFormat.ManifestPath, line is null
                ? l["Die manifest.json ist kein gültiges JSON in UTF-8."]
                : l["Die manifest.json ist kein gültiges Manifest (Zeile {0}).", line]));
            return null;
        }

        if (manifest?.Format != PackageFormat.Name)
        {
            problems.Add(Problem(PackageFormat.ManifestPath, "format", l["Das ist kein Leistungspaket von Kogge: „format“ muss „{0}“ sein.", PackageFormat.Name]));
            return null;
        }

        if (manifest.FormatVersion != PackageFormat.Version)
        {
            problems.Add(Problem(PackageFormat.ManifestPath, "formatVersion", l["Das Paketformat {0} kennt diese Kogge-Version nicht; sie liest Format {1}. Exportieren Sie das Paket mit einer passenden Kogge-Version.", manifest.FormatVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "–", PackageFormat.Version]));
            return null;
        }

        foreach (var (value, field) in new (object?, string)[]
        {
            (manifest.Service, "service"), (manifest.Service?.LeikaKey, "service.leikaKey"), (manifest.Service?.Name, "service.name"),
            (manifest.Version, "version"), (manifest.Provenance?.MunicipalitySlug, "provenance.municipalitySlug"),
            (manifest.Provenance?.MunicipalityName, "provenance.municipalityName"), (manifest.Files, "files"),
        })
        {
            if (value is null)
            {
                problems.Add(Problem(PackageFormat.ManifestPath, field, l["Die Angabe fehlt."]));
            }
        }

        return problems.Count > 0 ? null : manifest;
    }

    private void CheckFiles(PackageManifest manifest, Dictionary<string, byte[]> files, List<PackageProblem> problems)
    {
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in manifest.Files!)
        {
            if (file?.Path is not { Length: > 0 } path)
            {
                problems.Add(Problem(PackageFormat.ManifestPath, "files", l["Ein Eintrag der Dateiliste hat keinen Pfad."]));
                continue;
            }

            if (!listed.Add(path))
            {
                problems.Add(Problem(PackageFormat.ManifestPath, "files", l["„{0}“ steht mehrfach in der Dateiliste.", Printable(path)]));
                continue;
            }

            if (!files.TryGetValue(path, out var bytes))
            {
                problems.Add(Problem(Printable(path), l["Die Datei steht in der manifest.json, fehlt aber im Paket."]));
                continue;
            }

            var actual = PackageFormat.Sha256(bytes);
            if (!string.Equals(file.Sha256, actual, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(Problem(path, l["Die Prüfsumme (SHA-256) stimmt nicht mit der manifest.json überein: Die Datei wurde nach dem Export verändert oder beschädigt."]));
            }
        }

        foreach (var path in files.Keys.Where(p => p != PackageFormat.ManifestPath && !listed.Contains(p)).Order(StringComparer.Ordinal))
        {
            problems.Add(Problem(path, l["Die Datei ist im Paket, steht aber nicht in der manifest.json."]));
        }

        if (!files.ContainsKey(PackageFormat.ProcessPath))
        {
            problems.Add(Problem(PackageFormat.ProcessPath, l["Es fehlt der Prozess (BPMN-Datei)."]));
        }
    }

    /// <summary>Absolute, drive, backslash, "..", "." or empty segments, control characters: never a file of a package.</summary>
    private static bool UnsafePath(string path) =>
        path.Length == 0 || path.Length > 300 || path[0] == '/' || path.Contains('\\', StringComparison.Ordinal) || path.Contains(':', StringComparison.Ordinal)
        || path.Any(char.IsControl) || path.TrimEnd('/').Split('/').Any(segment => segment is "" or "." or "..");

    /// <summary>A path from the archive as it may appear in a report: control characters replaced, length bounded.</summary>
    private static string Printable(string path)
    {
        var clean = new string([.. path.Select(c => char.IsControl(c) ? '?' : c)]);
        return clean.Length > 120 ? clean[..120] + "…" : clean;
    }

    private static PackageProblem Problem(string file, string message) => new(file, null, message);

    private static PackageProblem Problem(string file, string? element, string message) => new(file, element, message);
}
