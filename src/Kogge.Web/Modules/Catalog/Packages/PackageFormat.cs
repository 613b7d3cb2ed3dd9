using System.Reflection;
using System.Security.Cryptography;

namespace Kogge.Web.Modules.Catalog.Packages;

/// <summary>One problem of a package, tied to the file and, where known, the element or component in it.</summary>
public sealed record PackageProblem(string File, string? ElementId, string Message);

/// <summary>The layout and limits of a service package (format version 1); docs/service-packages.md describes them.</summary>
public static class PackageFormat
{
    public const string Name = "kogge-service-package";

    public const int Version = 1;

    public const string ManifestPath = "manifest.json";

    public const string ReadmePath = "README.md";

    public const string ProcessPath = "process.bpmn";

    /// <summary>The largest package accepted, in bytes, as uploaded (compressed).</summary>
    public const int MaxPackageBytes = 4 * 1024 * 1024;

    /// <summary>At most this many entries; a version has one process and a handful of forms, rules and templates.</summary>
    public const int MaxEntries = 200;

    /// <summary>One artifact unpacked: the same limit as an upload in the designer.</summary>
    public const int MaxFileBytes = Versions.ArtifactUpload.MaxBytes;

    /// <summary>All entries unpacked together; counted while reading, whatever the archive declares.</summary>
    public const int MaxUnpackedBytes = 16 * 1024 * 1024;

    public const string MediaType = "application/zip";

    /// <summary>Every entry carries this time, so that the same content gives the same bytes.</summary>
    public static readonly DateTimeOffset EntryTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The running Kogge's version without build metadata (no commit hash, so packages stay comparable).</summary>
    public static string KoggeVersion { get; } = (typeof(PackageFormat).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? "0.0.0").Split('+')[0];

    public static string PathOf(ArtifactKind kind, string name) => kind switch
    {
        ArtifactKind.Process => ProcessPath,
        ArtifactKind.Form => $"forms/{name}.form",
        ArtifactKind.Decision => $"rules/{name}.dmn",
        ArtifactKind.NoticeTemplate => $"templates/{name}.liquid",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The artifact an entry path stands for; null for the manifest, the README and anything unknown.</summary>
    public static (ArtifactKind Kind, string Name)? ArtifactOf(string path)
    {
        if (path == ProcessPath)
        {
            return (ArtifactKind.Process, ServiceArtifact.ProcessName);
        }

        foreach (var (folder, extension, kind) in Folders)
        {
            if (path.StartsWith(folder, StringComparison.Ordinal) && path.EndsWith(extension, StringComparison.Ordinal)
                && path.Length > folder.Length + extension.Length && path.IndexOf('/', folder.Length) < 0)
            {
                return (kind, path[folder.Length..^extension.Length]);
            }
        }

        return null;
    }

    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static readonly (string Folder, string Extension, ArtifactKind Kind)[] Folders =
    [
        ("forms/", ".form", ArtifactKind.Form),
        ("rules/", ".dmn", ArtifactKind.Decision),
        ("templates/", ".liquid", ArtifactKind.NoticeTemplate),
    ];
}
