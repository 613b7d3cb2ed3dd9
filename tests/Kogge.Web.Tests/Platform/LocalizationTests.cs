using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Kogge.Web.Modules.Catalog;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Tests.Platform;

/// <summary>
/// The English UI: every German text the code passes through the localizer has an English entry in
/// <c>src/Kogge.Web/Resources/SharedResource.en.resx</c>, no entry is left over, and the language switch works.
/// </summary>
public partial class LocalizationTests(KoggeApp app) : IClassFixture<KoggeApp>
{
    private const string ResourceFile = "src/Kogge.Web/Resources/SharedResource.en.resx";

    [Fact]
    public void GermanTexts_AllHaveEnglishEntries_AndNoEntryIsUnused()
    {
        var root = SourceRoot();
        var used = GermanTexts(root);
        var english = EnglishEntries(root);

        var missing = used.Keys.Where(k => !english.ContainsKey(k)).Order(StringComparer.Ordinal)
            .Select(k => $"  \"{k}\" ({string.Join(", ", used[k].Distinct())})").ToList();
        var unused = english.Keys.Where(k => !used.ContainsKey(k)).Order(StringComparer.Ordinal)
            .Select(k => $"  \"{k}\"").ToList();
        var empty = english.Where(e => string.IsNullOrWhiteSpace(e.Value)).Select(e => $"  \"{e.Key}\"").ToList();
        var placeholders = english.Where(e => used.ContainsKey(e.Key) && !SamePlaceholders(e.Key, e.Value))
            .Select(e => $"  \"{e.Key}\" → \"{e.Value}\"").ToList();

        var clashes = used.Keys.GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
            .SelectMany(g => g).Select(k => $"  \"{k}\"").ToList();

        var report = new List<string>();
        if (clashes.Count > 0)
        {
            report.Add("Texts differing only in case (resource names are case-insensitive, so they would share one entry; make them distinct):");
            report.AddRange(clashes);
        }

        if (missing.Count > 0)
        {
            report.Add($"German texts without an English entry in {ResourceFile}:");
            report.AddRange(missing);
        }

        if (unused.Count > 0)
        {
            report.Add($"Entries in {ResourceFile} that the code no longer uses:");
            report.AddRange(unused);
        }

        if (empty.Count > 0)
        {
            report.Add("Entries without an English text:");
            report.AddRange(empty);
        }

        if (placeholders.Count > 0)
        {
            report.Add("Entries whose placeholders differ from the German text:");
            report.AddRange(placeholders);
        }

        Assert.True(report.Count == 0, string.Join(Environment.NewLine, report));
        Assert.True(used.Count > 100, $"Only {used.Count} German texts found; the scan no longer matches the code.");
    }

    [Fact]
    public void EnglishResource_IsFoundByTheApp_ForEveryEntry()
    {
        var english = EnglishEntries(SourceRoot());
        var localizer = app.Services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("en-GB");
            var wrong = english.Where(e => localizer[e.Key] is var s && (s.ResourceNotFound || s.Value != e.Value))
                .Select(e => $"  \"{e.Key}\"").ToList();
            Assert.True(wrong.Count == 0, "Not found in the English resources at run time:" + Environment.NewLine + string.Join(Environment.NewLine, wrong));

            CultureInfo.CurrentUICulture = new CultureInfo("de-DE");
            Assert.Equal("Anmelden", localizer["Anmelden"].Value);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public async Task LanguageSwitch_ToEnglishAndBack_ChangesStartAndSignInPages()
    {
        var client = app.Browser();
        var german = await client.GetStringAsync(new Uri("/rostock/", UriKind.Relative));
        Assert.Contains("<html lang=\"de\">", german, StringComparison.Ordinal);

        var switched = await client.PostFormAsync("/rostock/", [new("culture", "en-GB"), new("returnUrl", "/rostock/")], "/rostock/kultur");
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/rostock/", switched.RedirectPath());

        var start = await client.GetStringAsync(new Uri("/rostock/", UriKind.Relative));
        Assert.Contains("<html lang=\"en\">", start, StringComparison.Ordinal);
        Assert.Contains("Sign in", start, StringComparison.Ordinal);
        Assert.Contains("Skip to main content", start, StringComparison.Ordinal);
        Assert.DoesNotContain(">Anmelden<", start, StringComparison.Ordinal);

        var signIn = await client.PostFormAsync("/rostock/konto/anmelden", []);
        var signInHtml = await signIn.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Contains("<html lang=\"en\">", signInHtml, StringComparison.Ordinal);
        Assert.Contains("Please check what you have entered", signInHtml, StringComparison.Ordinal);
        Assert.Contains("Please enter your email address.", signInHtml, StringComparison.Ordinal);
        Assert.Contains("Please enter your password.", signInHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Bitte geben Sie", signInHtml, StringComparison.Ordinal);

        var back = await client.PostFormAsync("/rostock/", [new("culture", "de-DE"), new("returnUrl", "/rostock/")], "/rostock/kultur");
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);

        var startAgain = await client.GetStringAsync(new Uri("/rostock/", UriKind.Relative));
        Assert.Contains("<html lang=\"de\">", startAgain, StringComparison.Ordinal);
        Assert.Contains("Anmelden", startAgain, StringComparison.Ordinal);
        Assert.DoesNotContain("Sign in", startAgain, StringComparison.Ordinal);

        var signInAgain = await (await client.PostFormAsync("/rostock/konto/anmelden", [])).Content.ReadAsStringAsync();
        Assert.Contains("Bitte geben Sie Ihre E-Mail-Adresse ein.", signInAgain, StringComparison.Ordinal);
        Assert.Contains("Bitte geben Sie Ihr Passwort ein.", signInAgain, StringComparison.Ordinal);
        Assert.DoesNotContain("Please enter", signInAgain, StringComparison.Ordinal);
    }

    /// <summary>
    /// The German texts in <c>src/Kogge.Web</c>, each with the files using it: <c>L["…"]</c>/<c>l["…"]</c>, the
    /// tag helpers' <c>Localized("…")</c>, <c>ErrorMessage = "…"</c> of the validation attributes, Identity's
    /// messages in <see cref="GermanIdentityErrors"/>, and the role names of <see cref="Roles.DisplayName"/>.
    /// </summary>
    internal static Dictionary<string, List<string>> GermanTexts(string root)
    {
        var texts = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string text, string where)
        {
            if (!texts.TryGetValue(text, out var files))
            {
                texts[text] = files = [];
            }

            files.Add(where);
        }

        var web = Path.Combine(root, "src", "Kogge.Web");
        var skipped = new[] { "bin", "obj", "node_modules", "Frontend", "Migrations" };
        var files = Directory.EnumerateFiles(web, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(f => !Path.GetRelativePath(web, f).Split(Path.DirectorySeparatorChar).SkipLast(1).Any(skipped.Contains));
        foreach (var file in files)
        {
            var where = Path.GetRelativePath(root, file).Replace('\\', '/');
            var source = File.ReadAllText(file);
            foreach (var pattern in (Regex[])[LocalizerCall(), ErrorMessage(), TagHelperLocalized(), IdentityError()])
            {
                foreach (Match m in pattern.Matches(source))
                {
                    Add(Regex.Unescape(m.Groups["text"].Value), where);
                }
            }
        }

        foreach (var role in Roles.All.Concat(Roles.ProcessApi))
        {
            Add(Roles.DisplayName(role), "src/Kogge.Web/Platform/Identity/Roles.cs");
        }

        // The catalogue's fixed lists, shown through the localizer by their German names.
        const string catalogNames = "src/Kogge.Web/Modules/Catalog/PublicService.cs";
        foreach (var category in Enum.GetValues<ServiceCategory>())
        {
            Add(CatalogNames.Of(category), catalogNames);
        }

        foreach (var level in Enum.GetValues<TrustLevel>())
        {
            Add(CatalogNames.Of(level), catalogNames);
        }

        foreach (var state in Enum.GetValues<VersionState>())
        {
            Add(CatalogNames.Of(state), catalogNames);
        }

        foreach (var kind in Enum.GetValues<ArtifactKind>())
        {
            Add(CatalogNames.Of(kind), catalogNames);
        }

        // A case's status and timeline entries, worded for the applicant.
        const string caseTexts = "src/Kogge.Web/Modules/Cases/CaseTexts.cs";
        foreach (var status in Enum.GetValues<Kogge.Web.Modules.Cases.CaseStatus>())
        {
            Add(Kogge.Web.Modules.Cases.CaseTexts.Of(status), caseTexts);
        }

        foreach (var kind in typeof(Kogge.Web.Modules.Cases.CaseEventKinds).GetFields().Select(f => (string)f.GetValue(null)!).Append("sonstiges"))
        {
            Add(Kogge.Web.Modules.Cases.CaseTexts.Event(kind), caseTexts);
        }

        return texts;
    }

    private static Dictionary<string, string> EnglishEntries(string root)
    {
        var path = Path.Combine(root, ResourceFile);
        Assert.True(File.Exists(path), $"{ResourceFile} is missing.");
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var data in XDocument.Load(path).Root!.Elements("data"))
        {
            var key = (string)data.Attribute("name")!;
            Assert.True(entries.TryAdd(key, (string?)data.Element("value") ?? ""), $"\"{key}\" appears twice in {ResourceFile}.");
        }

        var caseDuplicates = entries.Keys.GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => string.Join(" / ", g)).ToList();
        Assert.True(caseDuplicates.Count == 0, $"Names differing only in case in {ResourceFile} (only the first is kept): {string.Join(", ", caseDuplicates)}");
        return entries;
    }

    private static bool SamePlaceholders(string german, string english) =>
        Placeholder().Matches(german).Select(m => m.Value).Order(StringComparer.Ordinal)
            .SequenceEqual(Placeholder().Matches(english).Select(m => m.Value).Order(StringComparer.Ordinal));

    /// <summary>The repository: the folder with <c>Kogge.slnx</c> above the test's output.</summary>
    private static string SourceRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Kogge.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Kogge.slnx above {AppContext.BaseDirectory}.");
    }

    private const string Literal = """
        "(?<text>(?:[^"\\\n]|\\.)*)"
        """;

    [GeneratedRegex("""(?<![A-Za-z0-9_])[lL]\[\s*""" + Literal)]
    private static partial Regex LocalizerCall();

    [GeneratedRegex("""ErrorMessage\s*=\s*""" + Literal)]
    private static partial Regex ErrorMessage();

    [GeneratedRegex("""(?<![A-Za-z0-9_])Localized\(\s*""" + Literal)]
    private static partial Regex TagHelperLocalized();

    [GeneratedRegex("""Error\(\s*nameof\(\w+\)\s*,\s*""" + Literal)]
    private static partial Regex IdentityError();

    [GeneratedRegex(@"\{\d+(?:[,:][^}]*)?\}")]
    private static partial Regex Placeholder();
}
