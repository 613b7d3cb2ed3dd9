using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Kogge.Feel;
using Kogge.Feel.Dmn;
using Kogge.Feel.Evaluation;

namespace Kogge.Feel.Tests.Tck;

internal sealed record TckOutcome(string Folder, string TestCase, string Result, bool Passed, bool Skipped, string Reason);

internal sealed record TckFolderSummary(string Level, string Folder, int Passed, int Failed, int Skipped);

/// <summary>
/// Runs the DMN TCK (dmn-tck/tck TestCases) as it is: every model folder, every test file, every result node.
/// Numbers are compared exactly after reading the expected value into Kogge's decimal, within 1e-25 relative
/// (Kogge keeps 28 significant digits, FEEL asks for 34); expected values written with at least 8 significant
/// digits are compared at the number of decimals written.
/// </summary>
internal sealed class TckRunner
{
    private static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";
    private static readonly DateTimeOffset FixedNow = new(2024, 5, 17, 10, 30, 0, TimeSpan.Zero);

    public List<TckOutcome> Outcomes { get; } = [];

    public List<TckFolderSummary> Folders { get; } = [];

    public List<(string Folder, bool Rejected, string Message)> NonCompliant { get; } = [];

    /// <summary>Test inputs of the compliant folders that do not conform to their declared type, yet expect a result.</summary>
    public List<string> NonConformingInputs { get; } = [];

    public void Run(string root)
    {
        foreach (var level in new[] { "compliance-level-2", "compliance-level-3" })
        {
            var levelDir = Path.Combine(root, level);
            if (!Directory.Exists(levelDir))
            {
                continue;
            }

            foreach (var dir in Directory.GetDirectories(levelDir).Order(StringComparer.Ordinal))
            {
                var before = Outcomes.Count;
                RunFolder(dir);
                var (models, _) = LoadModels(dir);
                if (models is not null)
                {
                    NonConformingInputs.AddRange(InputProblems(dir, models).Select(p => $"{Path.GetFileName(dir)}/{p}"));
                }

                var mine = Outcomes.Skip(before).ToList();
                Folders.Add(new TckFolderSummary(level, Path.GetFileName(dir), mine.Count(o => o.Passed), mine.Count(o => !o.Passed && !o.Skipped), mine.Count(o => o.Skipped)));
            }
        }

        var nonCompliant = Path.Combine(root, "non-compliant");
        if (Directory.Exists(nonCompliant))
        {
            foreach (var dir in Directory.GetDirectories(nonCompliant).Order(StringComparer.Ordinal))
            {
                var (models, error) = LoadModels(dir);
                var problems = models is null ? [] : InputProblems(dir, models);
                var verdict = error ?? (problems.Count > 0 ? $"{problems.Count} test inputs do not conform to the model, yet a result is expected; first: {problems[0]}" : null);
                NonCompliant.Add((Path.GetFileName(dir), verdict is not null, verdict ?? "accepted"));
            }
        }
    }

    private static (Dictionary<string, DmnModel>? Models, string? Error) LoadModels(string dir)
    {
        var pending = Directory.GetFiles(dir, "*.dmn").Order(StringComparer.Ordinal)
            .Select(f => (File: f, Xml: File.ReadAllText(f))).ToList();
        var loaded = new Dictionary<string, DmnModel>(StringComparer.Ordinal);
        var byNamespace = new List<DmnModel>();
        while (pending.Count > 0)
        {
            var progress = false;
            foreach (var p in pending.ToList())
            {
                var needed = DmnModel.ImportedNamespaces(p.Xml);
                if (!needed.All(ns => byNamespace.Exists(m => m.Namespace == ns)) && pending.Count > 1)
                {
                    continue;
                }

                try
                {
                    var model = DmnModel.Parse(p.Xml, byNamespace);
                    loaded[Path.GetFileName(p.File)] = model;
                    byNamespace.Add(model);
                }
                catch (DmnException e)
                {
                    return (null, $"{Path.GetFileName(p.File)}: {e.Message}");
                }

                pending.Remove(p);
                progress = true;
            }

            if (!progress)
            {
                return (null, "imports cannot be resolved");
            }
        }

        return (loaded, null);
    }

    /// <summary>
    /// The test file's input values checked against the input data types of the model they are meant for. DMN makes
    /// a value that does not conform to its input's type null (0082-feel-coercion tests exactly that), so a test
    /// case that passes such a value (a string where the model declares a number) and still expects a result other
    /// than null contradicts the specification.
    /// </summary>
    private static List<string> InputProblems(string dir, Dictionary<string, DmnModel> models)
    {
        var problems = new List<string>();
        foreach (var testFile in Directory.GetFiles(dir, "*-test-*.xml").Order(StringComparer.Ordinal))
        {
            var doc = LoadXml(testFile);
            var ns = doc.Root!.Name.Namespace;
            var modelName = doc.Root.Element(ns + "modelName")?.Value.Trim();
            var model = modelName is not null && models.TryGetValue(modelName, out var m) ? m : models.Values.FirstOrDefault();
            if (model is null)
            {
                continue;
            }

            foreach (var testCase in doc.Root.Elements(ns + "testCase"))
            {
                var expectsValue = testCase.Elements(ns + "resultNode").Any(r =>
                    !((bool?)r.Attribute("errorResult") ?? false) && r.Element(ns + "expected") is { } e && ReadValue(e, ns) is not null);
                if (!expectsValue)
                {
                    continue;
                }

                var inputs = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var input in testCase.Elements(ns + "inputNode"))
                {
                    inputs[(string?)input.Attribute("name") ?? string.Empty] = ReadValue(input, ns);
                }

                problems.AddRange(model.CheckInputs(inputs).Select(p => $"{Path.GetFileName(testFile)}#{(string?)testCase.Attribute("id")}: {p}"));
            }
        }

        return problems;
    }

    private void RunFolder(string dir)
    {
        var folder = Path.GetFileName(dir);
        var (models, error) = LoadModels(dir);
        foreach (var testFile in Directory.GetFiles(dir, "*-test-*.xml").Order(StringComparer.Ordinal))
        {
            var doc = LoadXml(testFile);
            var ns = doc.Root!.Name.Namespace;
            var modelName = doc.Root.Element(ns + "modelName")?.Value.Trim();
            DmnModel? model = null;
            if (models is not null)
            {
                model = modelName is not null && models.TryGetValue(modelName, out var m) ? m : models.Values.FirstOrDefault();
            }

            foreach (var testCase in doc.Root.Elements(ns + "testCase"))
            {
                var id = (string?)testCase.Attribute("id") ?? "?";
                var type = (string?)testCase.Attribute("type") ?? "decision";
                var inputs = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var input in testCase.Elements(ns + "inputNode"))
                {
                    inputs[(string?)input.Attribute("name") ?? string.Empty] = ReadValue(input, ns);
                }

                foreach (var result in testCase.Elements(ns + "resultNode"))
                {
                    var name = (string?)result.Attribute("name") ?? string.Empty;
                    var errorResult = (bool?)result.Attribute("errorResult") ?? false;
                    var expectedElement = result.Element(ns + "expected");
                    var label = $"{Path.GetFileName(testFile)}#{id}/{name}";
                    if (model is null)
                    {
                        Outcomes.Add(new TckOutcome(folder, label, name, false, false, $"model not loaded: {error}"));
                        continue;
                    }

                    DmnResult actual;
                    try
                    {
                        if (type == "decisionService")
                        {
                            actual = model.InvokeDecisionService((string?)testCase.Attribute("invocableName") ?? string.Empty, inputs, new FixedClock(FixedNow));
                            if (actual.Value is FeelContext ctx && ctx.ContainsKey(name))
                            {
                                actual = actual with { Value = ctx[name] };
                            }
                        }
                        else
                        {
                            actual = model.Evaluate(name, inputs, new FixedClock(FixedNow));
                        }
                    }
                    catch (KeyNotFoundException e)
                    {
                        Outcomes.Add(new TckOutcome(folder, label, name, false, false, e.Message));
                        continue;
                    }

                    if (errorResult)
                    {
                        var ok = actual.Value is null;
                        Outcomes.Add(new TckOutcome(folder, label, name, ok, false, ok ? string.Empty : $"expected an error (null), got {Show(actual.Value)}"));
                        continue;
                    }

                    var expected = expectedElement is null ? null : ReadValue(expectedElement, ns);
                    var pass = Same(expected, actual.Value);
                    Outcomes.Add(new TckOutcome(folder, label, name, pass, false,
                        pass ? string.Empty : $"expected {Show(expected)}, got {Show(actual.Value)}{(actual.Warnings.Count > 0 ? " [" + string.Join("; ", actual.Warnings.Take(2)) + "]" : string.Empty)}"));
                }
            }
        }
    }

    private static XDocument LoadXml(string path)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var reader = XmlReader.Create(path, settings);
        return XDocument.Load(reader);
    }

    private static object? ReadValue(XElement holder, XNamespace ns)
    {
        if ((string?)holder.Attribute(Xsi + "nil") == "true")
        {
            return null;
        }

        var value = holder.Element(ns + "value");
        if (value is not null)
        {
            return ReadSimple(value);
        }

        var list = holder.Element(ns + "list");
        if (list is not null)
        {
            if ((string?)list.Attribute(Xsi + "nil") == "true")
            {
                return null;
            }

            return list.Elements(ns + "item").Select(i => ReadValue(i, ns)).ToList();
        }

        var components = holder.Elements(ns + "component").ToList();
        if (components.Count > 0)
        {
            var ctx = new FeelContext();
            foreach (var c in components)
            {
                ctx.Set((string?)c.Attribute("name") ?? string.Empty, ReadValue(c, ns));
            }

            return ctx;
        }

        return null;
    }

    private static object? ReadSimple(XElement value)
    {
        if ((string?)value.Attribute(Xsi + "nil") == "true")
        {
            return null;
        }

        var type = (string?)value.Attribute(Xsi + "type");
        var text = value.Value;
        var local = type?[(type.IndexOf(':', StringComparison.Ordinal) + 1)..];
        switch (local)
        {
            case "decimal" or "double" or "integer" or "int" or "long" or "float":
                return decimal.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : text.Trim();
            case "boolean":
                return text.Trim() == "true";
            case "date":
                return FeelExpression.Parse($"date(\"{text.Trim()}\")").Evaluate().Value;
            case "dateTime":
                return FeelExpression.Parse($"date and time(\"{text.Trim()}\")").Evaluate().Value;
            case "time":
                return FeelExpression.Parse($"time(\"{text.Trim()}\")").Evaluate().Value;
            case "duration" or "dayTimeDuration" or "yearMonthDuration":
                return FeelExpression.Parse($"duration(\"{text.Trim()}\")").Evaluate().Value;
            default:
                return text;
        }
    }

    internal static bool Same(object? expected, object? actual)
    {
        switch (expected)
        {
            case null:
                return actual is null;
            case decimal e when actual is decimal a:
                return e == a || Math.Abs(e - a) <= 1e-25m * Math.Max(1m, Math.Abs(e)) || SameAtWrittenPrecision(e, a);
            case List<object?> e when actual is List<object?> a:
                return e.Count == a.Count && e.Zip(a).All(p => Same(p.First, p.Second));
            case FeelContext e when actual is FeelContext a:
                return e.Count == a.Count && e.Keys.All(k => a.ContainsKey(k) && Same(e[k], a[k]));
            case FeelDateTime e when actual is FeelDateTime a:
                return e == a;
            case FeelTime e when actual is FeelTime a:
                return e == a;
            default:
                return actual is not null && expected.GetType() == actual.GetType() && Equals(expected, actual);
        }
    }

    // Many expected values are written with the 8–15 digits of a double (54.59815003); they pass when the
    // result, rounded to the decimals written, is that value. Short expected values are compared exactly.
    private static bool SameAtWrittenPrecision(decimal expected, decimal actual)
    {
        var digits = decimal.Abs(expected).ToString(CultureInfo.InvariantCulture).Replace(".", string.Empty, StringComparison.Ordinal).TrimStart('0').Length;
        return digits >= 8 && expected.Scale > 0
            && (Math.Round(actual, expected.Scale, MidpointRounding.AwayFromZero) == expected || Math.Round(actual, expected.Scale, MidpointRounding.ToEven) == expected);
    }

    private static string Show(object? v) => v switch
    {
        null => "null",
        string s => "\"" + s + "\"",
        _ => FeelExpressionFormat(v),
    };

    private static string FeelExpressionFormat(object v)
    {
        var text = v is FeelFunction ? "function" : v.ToString() ?? string.Empty;
        if (v is List<object?> list)
        {
            text = "[" + string.Join(", ", list.Select(Show)) + "]";
        }
        else if (v is decimal d)
        {
            text = d.ToString(CultureInfo.InvariantCulture);
        }

        return text.Length > 200 ? text[..200] + "…" : text;
    }

    public string Report(bool withFailures)
    {
        var sb = new StringBuilder();
        sb.AppendLine("DMN TCK results (per folder: passed / failed / skipped)");
        foreach (var group in Folders.GroupBy(f => f.Level))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"== {group.Key}: {group.Sum(f => f.Passed)} passed, {group.Sum(f => f.Failed)} failed, {group.Sum(f => f.Skipped)} skipped");
            foreach (var f in group)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"  {f.Folder,-50} {f.Passed,5} {f.Failed,5} {f.Skipped,5}");
            }
        }

        var passed = Outcomes.Count(o => o.Passed);
        var total = Outcomes.Count;
        sb.AppendLine(CultureInfo.InvariantCulture, $"== total: {passed} passed, {Outcomes.Count(o => !o.Passed && !o.Skipped)} failed, {Outcomes.Count(o => o.Skipped)} skipped of {total} ({(total == 0 ? 0 : 100.0 * passed / total):0.0} %)");
        sb.AppendLine(CultureInfo.InvariantCulture, $"== test inputs of compliant folders that do not conform to their model, with a result expected: {NonConformingInputs.Count}");
        foreach (var p in NonConformingInputs)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {p}");
        }

        sb.AppendLine("== non-compliant models (must be rejected)");
        foreach (var (folder, rejected, message) in NonCompliant)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {folder,-50} {(rejected ? "rejected" : "ACCEPTED")}: {message}");
        }

        if (withFailures)
        {
            sb.AppendLine("== failures");
            foreach (var o in Outcomes.Where(o => !o.Passed))
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"  {o.Folder}/{o.TestCase}: {o.Reason}");
            }
        }

        return sb.ToString();
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }
}
