using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Kogge.Web.Tests.Modules.Catalog;

/// <summary>Opens a service package into its entries and writes changed ones back, as someone tampering with it would.</summary>
internal static class PackageZip
{
    public static SortedDictionary<string, byte[]> Entries(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        var entries = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var entry in archive.Entries)
        {
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            entries[entry.FullName] = copy.ToArray();
        }

        return entries;
    }

    public static byte[] Write(IEnumerable<KeyValuePair<string, byte[]>> entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, bytes) in entries)
            {
                using var stream = archive.CreateEntry(path, CompressionLevel.Optimal).Open();
                stream.Write(bytes);
            }
        }

        return buffer.ToArray();
    }

    public static JsonObject Manifest(IReadOnlyDictionary<string, byte[]> entries) => JsonNode.Parse(entries["manifest.json"])!.AsObject();

    public static string Text(IReadOnlyDictionary<string, byte[]> entries, string path) => Encoding.UTF8.GetString(entries[path]);

    /// <summary>The package with <paramref name="change"/> applied to its entries and the manifest's file list and hashes made to match.</summary>
    public static byte[] Rewrite(byte[] zip, Action<SortedDictionary<string, byte[]>> change, Action<JsonObject>? changeManifest = null)
    {
        var entries = Entries(zip);
        change(entries);
        var manifest = Manifest(entries);
        manifest["files"] = new JsonArray([.. entries.Where(e => e.Key != "manifest.json").Select(e => (JsonNode)new JsonObject
        {
            ["path"] = e.Key,
            ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(e.Value)),
            ["size"] = e.Value.Length,
        })]);
        changeManifest?.Invoke(manifest);
        entries["manifest.json"] = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        return Write(entries);
    }

    /// <summary>
    /// The zip with the uncompressed size of <paramref name="path"/> set to <paramref name="size"/> in its local and
    /// central headers: a bomb that lies about its size, so that only counting while unpacking stops it.
    /// </summary>
    public static byte[] DeclareSize(byte[] zip, string path, uint size)
    {
        var bytes = (byte[])zip.Clone();
        var name = Encoding.UTF8.GetBytes(path);
        for (var i = 0; i + 46 + name.Length <= bytes.Length; i++)
        {
            if (BitConverter.ToUInt32(bytes, i) == 0x02014b50 && BitConverter.ToUInt16(bytes, i + 28) == name.Length
                && bytes.AsSpan(i + 46, name.Length).SequenceEqual(name))
            {
                BitConverter.TryWriteBytes(bytes.AsSpan(i + 24, 4), size);
                var local = (int)BitConverter.ToUInt32(bytes, i + 42);
                BitConverter.TryWriteBytes(bytes.AsSpan(local + 22, 4), size);
                return bytes;
            }
        }

        throw new InvalidOperationException($"{path} is not in the zip.");
    }
}
