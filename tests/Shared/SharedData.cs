namespace Kogge.Testing;

/// <summary>
/// Locates the real test files in <c>../shared/data</c> beside the repository. A fresh clone has
/// none: tests then skip with a clear message, unless <c>KOGGE_REQUIRE_SHARED_DATA=1</c> (set by CI)
/// makes a missing file a failure.
/// </summary>
internal static class SharedData
{
    private static readonly Lazy<string?> Root = new(FindRoot);

    /// <summary>The full path of <paramref name="relativePath"/> under <c>shared/data</c>; skips or fails when it is missing.</summary>
    public static string Path(string relativePath)
    {
        var root = Root.Value;
        var full = root is null ? null : System.IO.Path.Combine(root, relativePath);
        if (full is not null && (File.Exists(full) || Directory.Exists(full)))
        {
            return full;
        }

        var message = $"Shared test data '{relativePath}' not found (looked in ../shared/data beside the repository, or KOGGE_SHARED_DATA).";
        if (Environment.GetEnvironmentVariable("KOGGE_REQUIRE_SHARED_DATA") == "1")
        {
            Assert.Fail(message);
        }

        Assert.Skip(message);
        return string.Empty;
    }

    private static string? FindRoot()
    {
        var configured = Environment.GetEnvironmentVariable("KOGGE_SHARED_DATA");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Kogge.slnx")))
            {
                return System.IO.Path.Combine(dir.FullName, "..", "shared", "data");
            }
        }

        return null;
    }
}
