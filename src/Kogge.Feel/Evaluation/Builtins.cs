using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Kogge.Feel.Evaluation;

internal sealed record Overload(string[] Parameters, int Required, bool Variadic, Func<object?[], EvalContext, object?> Body);

/// <summary>A built-in function with one or more parameter lists (DMN 1.5, 10.3.4).</summary>
internal sealed class BuiltinFunction(string name, Overload[] overloads) : FeelFunction
{
    private readonly bool _scalar = Builtins.ScalarFunctionNames.Contains(name);

    public string Name => name;

    public override IReadOnlyList<string>? ParameterNames => overloads[0].Parameters;

    internal override object? Invoke(IReadOnlyList<object?> arguments, EvalContext run)
    {
        foreach (var o in overloads)
        {
            if (arguments.Count >= o.Required && (arguments.Count <= o.Parameters.Length || o.Variadic))
            {
                // A copy: Call may unwrap singleton lists in place.
                var args = new object?[arguments.Count];
                for (var i = 0; i < args.Length; i++)
                {
                    args[i] = arguments[i];
                }

                return Call(o, args, run);
            }
        }

        return run.Warn($"'{name}' does not take {arguments.Count} arguments");
    }

    internal override object? InvokeNamed(IReadOnlyList<KeyValuePair<string, object?>> arguments, EvalContext run)
    {
        foreach (var o in overloads)
        {
            var indexes = arguments.Select(a => Array.IndexOf(o.Parameters, a.Key)).ToArray();
            if (indexes.Any(i => i < 0) || indexes.Distinct().Count() != indexes.Length)
            {
                continue;
            }

            if (Enumerable.Range(0, o.Required).Any(r => !indexes.Contains(r)) && o != overloads.Last(x => x.Parameters.Length >= indexes.Length || x.Variadic))
            {
                continue;
            }

            var args = new object?[Math.Max(o.Required, indexes.Length == 0 ? 0 : indexes.Max() + 1)];
            for (var i = 0; i < indexes.Length; i++)
            {
                args[indexes[i]] = arguments[i].Value;
            }

            return Call(o, args, run);
        }

        return run.Warn($"'{name}' has no parameters named {string.Join(", ", arguments.Select(a => a.Key))}");
    }

    private object? Call(Overload o, object?[] args, EvalContext run)
    {
        if (_scalar)
        {
            for (var i = 0; i < args.Length; i++)
            {
                if (args[i] is List<object?> { Count: 1 } single)
                {
                    args[i] = single[0];
                }
            }
        }

        try
        {
            return o.Body(args, run);
        }
        catch (OverflowException)
        {
            return run.Warn($"'{name}': the result is too large");
        }
        catch (ArgumentException)
        {
            return run.Warn($"'{name}': invalid argument");
        }
        catch (RegexMatchTimeoutException)
        {
            return run.Warn($"'{name}': the pattern took too long");
        }
    }
}

internal static partial class Builtins
{
    /// <summary>Functions whose parameters are never lists: a singleton list argument stands for its element.</summary>
    internal static readonly HashSet<string> ScalarFunctionNames = new(StringComparer.Ordinal)
    {
        "substring", "string length", "upper case", "lower case", "substring before", "substring after", "replace", "contains", "starts with",
        "ends with", "matches", "split", "decimal", "floor", "ceiling", "round up", "round down", "round half up", "round half down", "abs",
        "modulo", "sqrt", "log", "exp", "odd", "even", "day of year", "day of week", "month of year", "week of year", "number", "duration",
    };

    private static readonly Dictionary<string, FeelFunction> Table = Build();

    public static IEnumerable<string> Names => Table.Keys;

    /// <summary>Names that the lexer must read as one name although they are not plain identifiers.</summary>
    public static IEnumerable<string> ReservedNames =>
        Table.Keys.Concat(["days and time duration", "years and months duration", "date and time", "time offset", "start included", "end included"]);

    public static bool TryGet(string name, out FeelFunction function) => Table.TryGetValue(name, out function!);

    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    public static object? ParseTemporal(string text)
    {
        if (text.StartsWith('P') || text.StartsWith("-P", StringComparison.Ordinal))
        {
            return Temporal.ParseDuration(text);
        }

        if (text.Contains('T', StringComparison.Ordinal))
        {
            return Temporal.ParseDateTime(text);
        }

        if (text.Length > 2 && text[2] == ':')
        {
            return Temporal.ParseTime(text);
        }

        return Temporal.ParseDate(text);
    }

    private static void Add(Dictionary<string, FeelFunction> t, string name, params Overload[] overloads) => t[name] = new BuiltinFunction(name, overloads);

    private static Overload O(string[] p, Func<object?[], EvalContext, object?> body) => new(p, p.Length, false, body);

    private static Overload O(string[] p, int required, Func<object?[], EvalContext, object?> body) => new(p, required, false, body);

    private static Overload V(string[] p, Func<object?[], EvalContext, object?> body) => new(p, 1, true, body);

    private static object? Arg(object?[] a, int i) => i < a.Length ? a[i] : null;

    private static Dictionary<string, FeelFunction> Build()
    {
        var t = new Dictionary<string, FeelFunction>(StringComparer.Ordinal);
        AddConversions(t);
        AddStrings(t);
        AddLists(t);
        AddNumbers(t);
        AddRanges(t);
        AddTemporal(t);
        AddContexts(t);
        return t;
    }

    // ------------------------------------------------------------------ conversion

    private static void AddConversions(Dictionary<string, FeelFunction> t)
    {
        Add(t, "date",
            O(["from"], (a, r) => a[0] switch
            {
                string s => (object?)Temporal.ParseDate(s) ?? r.Warn($"'{s}' is not a date (yyyy-mm-dd)"),
                FeelDate d => d,
                FeelDateTime dt => dt.Date,
                _ => r.Warn("date() needs a string or a date and time"),
            }),
            O(["year", "month", "day"], (a, r) =>
                a[0] is decimal y && a[1] is decimal m && a[2] is decimal d && Numbers.IsInteger(y) && Numbers.IsInteger(m) && Numbers.IsInteger(d)
                    && Math.Abs(y) <= Temporal.MaxYear && Math.Abs(m) < 100 && Math.Abs(d) < 100
                    ? (object?)Temporal.MakeDate((long)y, (long)m, (long)d) ?? r.Warn("Not a valid date")
                    : r.Warn("date() needs whole numbers for year, month and day")));
        Add(t, "date and time",
            O(["from"], (a, r) => a[0] switch
            {
                string s => (object?)Temporal.ParseDateTime(s) ?? r.Warn($"'{s}' is not a date and time"),
                FeelDateTime dt => dt,
                FeelDate d => new FeelDateTime(d, 0, null, null),
                _ => r.Warn("date and time() needs a string"),
            }),
            O(["date", "time"], (a, r) =>
            {
                var date = a[0] switch
                {
                    FeelDate d => d,
                    FeelDateTime dt => dt.Date,
                    _ => null,
                };
                if (date is null || a[1] is not FeelTime time)
                {
                    return r.Warn("date and time(date, time) needs a date and a time");
                }

                return Temporal.WithZone(date, time.NanosOfDay, time.Offset, time.Zone);
            }));
        Add(t, "time",
            O(["from"], (a, r) => a[0] switch
            {
                string s => (object?)Temporal.ParseTime(s) ?? r.Warn($"'{s}' is not a time (hh:mm:ss)"),
                FeelTime tm => tm,
                FeelDateTime dt => new FeelTime(dt.NanosOfDay, dt.Offset, dt.Zone),
                FeelDate => new FeelTime(0, TimeSpan.Zero, null),
                _ => r.Warn("time() needs a string"),
            }),
            O(["hour", "minute", "second", "offset"], 3, (a, r) =>
            {
                if (a[0] is not decimal h || a[1] is not decimal m || a[2] is not decimal s || h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s >= 60
                    || !Numbers.IsInteger(h) || !Numbers.IsInteger(m))
                {
                    return r.Warn("time() needs hour 0-23, minute 0-59 and second 0-59");
                }

                TimeSpan? offset = null;
                if (Arg(a, 3) is DaysTimeDuration o)
                {
                    offset = o.ToTimeSpan();
                    if (offset.Value.Duration() > TimeSpan.FromHours(14))
                    {
                        return r.Warn("The offset must be between -14 and +14 hours");
                    }
                }
                else if (Arg(a, 3) is not null)
                {
                    return r.Warn("The offset of time() must be a days and time duration");
                }

                return new FeelTime((long)((((h * 3600m) + (m * 60m)) + s) * 1_000_000_000m), offset, null);
            }));
        Add(t, "number", O(["from", "grouping separator", "decimal separator"], 1, (a, r) =>
        {
            if (a[0] is not string s)
            {
                return r.Warn("number() needs a string");
            }

            var g = Arg(a, 1);
            var d = Arg(a, 2);
            if ((g is not null && g is not (" " or "," or ".")) || (d is not null && d is not ("," or ".")) || (g is not null && Equals(g, d)))
            {
                return r.Warn("number(): grouping separator must be ' ', ',' or '.', decimal separator ',' or '.', and they must differ");
            }

            if (g is string gs)
            {
                s = s.Replace(gs, string.Empty, StringComparison.Ordinal);
            }

            if (d is string ds)
            {
                s = s.Replace(ds, ".", StringComparison.Ordinal);
            }

            return IsFeelNumber(s) ? Numbers.Parse(s) : r.Warn($"'{s}' is not a number");
        }));
        Add(t, "string", O(["from"], (a, _) => a[0] is null ? null : Values.Format(a[0])));
        Add(t, "duration", O(["from"], (a, r) => a[0] is string s ? Temporal.ParseDuration(s) ?? r.Warn($"'{s}' is not a duration") : r.Warn("duration() needs a string")));
        Add(t, "years and months duration", O(["from", "to"], (a, r) =>
        {
            FeelDate? ToDate(object? v) => v switch
            {
                FeelDate d => d,
                FeelDateTime dt => dt.Date,
                _ => null,
            };
            var from = ToDate(a[0]);
            var to = ToDate(a[1]);
            if (from is null || to is null)
            {
                return r.Warn("years and months duration() needs two dates");
            }

            var months = ((to.Year - from.Year) * 12) + to.Month - from.Month;
            if (months > 0 && to.Day < from.Day)
            {
                months--;
            }
            else if (months < 0 && to.Day > from.Day)
            {
                months++;
            }

            return new YearsMonthsDuration(months);
        }));
        Add(t, "not", O(["negand"], (a, _) => a[0] is bool b ? Compiler.Box(!b) : null));
        Add(t, "is", O(["value1", "value2"], (a, _) =>
        {
            if (a[0] is FeelTime x && a[1] is FeelTime y)
            {
                return x == y;
            }

            if (a[0] is FeelDateTime dx && a[1] is FeelDateTime dy)
            {
                return dx == dy;
            }

            return a[0]?.GetType() == a[1]?.GetType() && Values.Equal(a[0], a[1]) == true;
        }));
    }

    private static bool IsFeelNumber(string s) => NumberPattern().IsMatch(s);

    [GeneratedRegex(@"^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")]
    private static partial Regex NumberPattern();

    // ------------------------------------------------------------------ strings

    private static int[] CodePoints(string s)
    {
        var list = new List<int>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                list.Add(char.ConvertToUtf32(s[i], s[i + 1]));
                i++;
            }
            else
            {
                list.Add(s[i]);
            }
        }

        return [.. list];
    }

    private static string FromCodePoints(IEnumerable<int> cps)
    {
        var sb = new StringBuilder();
        foreach (var cp in cps)
        {
            sb.Append(cp > 0xFFFF ? char.ConvertFromUtf32(cp) : ((char)cp).ToString());
        }

        return sb.ToString();
    }

    private static void AddStrings(Dictionary<string, FeelFunction> t)
    {
        Add(t, "substring", O(["string", "start position", "length"], 2, (a, r) =>
        {
            if (a[0] is not string s || a[1] is not decimal start || (Arg(a, 2) is not null and not decimal))
            {
                return r.Warn("substring() needs a string and a start position");
            }

            var cps = CodePoints(s);
            start = decimal.Truncate(start);
            if (start == 0 || Math.Abs(start) > cps.Length + (start > 0 ? 1 : 0))
            {
                return start > 0 && start == cps.Length + 1 ? string.Empty : r.Warn("substring(): start position outside the string");
            }

            var from = start > 0 ? (int)start - 1 : cps.Length + (int)start;
            var count = cps.Length - from;
            if (Arg(a, 2) is decimal len)
            {
                if (len < 0)
                {
                    return r.Warn("substring(): negative length");
                }

                count = (int)Math.Min(count, decimal.Truncate(len));
            }

            return FromCodePoints(cps.Skip(from).Take(count));
        }));
        Add(t, "string length", O(["string"], (a, r) => a[0] is string s ? (decimal)CodePoints(s).Length : r.Warn("string length() needs a string")));
        Add(t, "upper case", O(["string"], (a, r) => a[0] is string s ? s.ToUpperInvariant() : r.Warn("upper case() needs a string")));
        Add(t, "lower case", O(["string"], (a, r) => a[0] is string s ? s.ToLowerInvariant() : r.Warn("lower case() needs a string")));
        Add(t, "substring before", O(["string", "match"], (a, r) =>
        {
            if (a[0] is not string s || a[1] is not string m)
            {
                return r.Warn("substring before() needs two strings");
            }

            var i = s.IndexOf(m, StringComparison.Ordinal);
            return i < 0 ? string.Empty : s[..i];
        }));
        Add(t, "substring after", O(["string", "match"], (a, r) =>
        {
            if (a[0] is not string s || a[1] is not string m)
            {
                return r.Warn("substring after() needs two strings");
            }

            var i = s.IndexOf(m, StringComparison.Ordinal);
            return i < 0 ? string.Empty : s[(i + m.Length)..];
        }));
        Add(t, "contains", O(["string", "match"], (a, r) => a[0] is string s && a[1] is string m ? s.Contains(m, StringComparison.Ordinal) : r.Warn("contains() needs two strings")));
        Add(t, "starts with", O(["string", "match"], (a, r) => a[0] is string s && a[1] is string m ? s.StartsWith(m, StringComparison.Ordinal) : r.Warn("starts with() needs two strings")));
        Add(t, "ends with", O(["string", "match"], (a, r) => a[0] is string s && a[1] is string m ? s.EndsWith(m, StringComparison.Ordinal) : r.Warn("ends with() needs two strings")));
        Add(t, "matches", O(["input", "pattern", "flags"], 2, (a, r) =>
        {
            if (a[0] is not string s || a[1] is not string p || (Arg(a, 2) is not null and not string))
            {
                return r.Warn("matches() needs an input and a pattern");
            }

            var regex = MakeRegex(p, Arg(a, 2) as string, r);
            return regex?.IsMatch(s);
        }));
        Add(t, "replace", O(["input", "pattern", "replacement", "flags"], 3, (a, r) =>
        {
            if (a[0] is not string s || a[1] is not string p || a[2] is not string rep || (Arg(a, 3) is not null and not string))
            {
                return r.Warn("replace() needs input, pattern and replacement strings");
            }

            var flags = Arg(a, 3) as string;
            var regex = MakeRegex(p, flags, r);
            if (regex is null)
            {
                return null;
            }

            if (flags?.Contains('q', StringComparison.Ordinal) == true)
            {
                return regex.Replace(s, rep.Replace("$", "$$", StringComparison.Ordinal));
            }

            return regex.Replace(s, ConvertReplacement(rep));
        }));
        Add(t, "split", O(["string", "delimiter"], (a, r) =>
        {
            if (a[0] is not string s || a[1] is not string d)
            {
                return r.Warn("split() needs a string and a delimiter pattern");
            }

            var regex = MakeRegex(d, null, r);
            return regex?.Split(s).Cast<object?>().ToList();
        }));
        Add(t, "string join", O(["list", "delimiter"], 1, (a, r) =>
        {
            var list = AsList(a[0]);
            if (list is null || list.Exists(x => x is not null and not string) || (Arg(a, 1) is not null and not string))
            {
                return r.Warn("string join() needs a list of strings");
            }

            return string.Join(Arg(a, 1) as string ?? string.Empty, list.OfType<string>());
        }));
    }

    private static string ConvertReplacement(string rep)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < rep.Length; i++)
        {
            var c = rep[i];
            if (c == '\\' && i + 1 < rep.Length)
            {
                var n = rep[++i];
                sb.Append(n == '$' ? "$$" : n.ToString());
            }
            else if (c == '$' && i + 1 < rep.Length && char.IsAsciiDigit(rep[i + 1]))
            {
                var j = i + 1;
                while (j < rep.Length && char.IsAsciiDigit(rep[j]))
                {
                    j++;
                }

                sb.Append("${").Append(rep, i + 1, j - i - 1).Append('}');
                i = j - 1;
            }
            else if (c == '$')
            {
                sb.Append("$$");
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static Regex? MakeRegex(string pattern, string? flags, EvalContext run)
    {
        var options = RegexOptions.CultureInvariant;
        var quote = false;
        foreach (var f in flags ?? string.Empty)
        {
            switch (f)
            {
                case 'i': options |= RegexOptions.IgnoreCase; break;
                case 'm': options |= RegexOptions.Multiline; break;
                case 's': options |= RegexOptions.Singleline; break;
                case 'x': break;
                case 'q': quote = true; break;
                default:
                    run.Warn($"Unknown regular expression flag '{f}'");
                    return null;
            }
        }

        if (quote)
        {
            pattern = Regex.Escape(pattern);
        }
        else
        {
            var translated = TranslateXPathRegex(pattern, flags?.Contains('x', StringComparison.Ordinal) == true, (options & RegexOptions.Singleline) != 0);
            if (translated is null)
            {
                run.Warn($"'{pattern}' is not a valid pattern");
                return null;
            }

            pattern = translated;
        }

        try
        {
            return new Regex(pattern, options, RegexTimeout);
        }
        catch (ArgumentException)
        {
            run.Warn($"'{pattern}' is not a valid pattern");
            return null;
        }
    }

    /// <summary>
    /// Turns an XPath regular expression (what FEEL uses) into a .NET one: '.' does not match line ends,
    /// the 'x' flag drops whitespace outside character classes, and constructs XPath lacks (lookaround,
    /// inline options, back-references inside classes or to groups not yet opened) are refused.
    /// </summary>
    private static string? TranslateXPathRegex(string pattern, bool dropWhitespace, bool dotAll)
    {
        var sb = new StringBuilder(pattern.Length);
        var inClass = false;
        var groups = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (i + 1 >= pattern.Length)
                {
                    return null;
                }

                var n = pattern[++i];
                while (dropWhitespace && n is ' ' or '\t' or '\n' or '\r' && i + 1 < pattern.Length)
                {
                    n = pattern[++i];
                }

                if (char.IsAsciiDigit(n))
                {
                    if (inClass || n == '0' || n - '0' > groups)
                    {
                        return null;
                    }
                }

                sb.Append('\\').Append(n);
                continue;
            }

            if (inClass)
            {
                if (c == ']')
                {
                    inClass = false;
                }

                sb.Append(c);
                continue;
            }

            if (dropWhitespace && c is ' ' or '\t' or '\n' or '\r')
            {
                continue;
            }

            switch (c)
            {
                case '[':
                    inClass = true;
                    sb.Append(c);
                    if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                    {
                        sb.Append('^');
                        i++;
                    }

                    if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                    {
                        sb.Append("\\]");
                        i++;
                    }

                    break;
                case '(':
                    if (i + 1 < pattern.Length && pattern[i + 1] == '?')
                    {
                        return null;
                    }

                    groups++;
                    sb.Append(c);
                    break;
                case '.':
                    sb.Append(dotAll ? "." : "[^\\n\\r]");
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return inClass ? null : sb.ToString();
    }

    // ------------------------------------------------------------------ lists

    private static List<object?>? AsList(object? v) => v as List<object?> ?? (v is null ? null : [v]);

    private static List<object?>? ListArg(object?[] a) =>
        a.Length == 1 ? a[0] as List<object?> ?? (a[0] is null ? null : [a[0]]) : [.. a];

    private static void AddLists(Dictionary<string, FeelFunction> t)
    {
        Add(t, "list contains", O(["list", "element"], (a, r) =>
            a[0] is List<object?> l ? l.Exists(x => Values.Equal(x, a[1]) == true) : r.Warn("list contains() needs a list")));
        Add(t, "count", O(["list"], (a, r) => a[0] is List<object?> l ? (decimal)l.Count : r.Warn("count() needs a list")));
        Add(t, "min", V(["list"], (a, r) => Extreme(ListArg(a), -1, r)));
        Add(t, "max", V(["list"], (a, r) => Extreme(ListArg(a), 1, r)));
        Add(t, "sum", V(["list"], (a, r) =>
        {
            var l = ListArg(a);
            if (l is null || l.Exists(x => x is not decimal))
            {
                return r.Warn("sum() needs numbers");
            }

            return l.Count == 0 ? null : l.Sum(x => (decimal)x!);
        }));
        Add(t, "product", V(["list"], (a, r) =>
        {
            var l = ListArg(a);
            if (l is null || l.Count == 0 || l.Exists(x => x is not decimal))
            {
                return r.Warn("product() needs numbers");
            }

            return l.Aggregate(1m, (acc, x) => acc * (decimal)x!);
        }));
        Add(t, "mean", V(["list"], (a, r) =>
        {
            var l = ListArg(a);
            if (l is null || l.Count == 0 || l.Exists(x => x is not decimal))
            {
                return r.Warn("mean() needs numbers");
            }

            return l.Sum(x => (decimal)x!) / l.Count;
        }));
        Add(t, "median", V(["list"], (a, r) =>
        {
            var l = ListArg(a);
            if (l is null || l.Count == 0 || l.Exists(x => x is not decimal))
            {
                return r.Warn("median() needs numbers");
            }

            var sorted = l.Select(x => (decimal)x!).Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2m;
        }));
        Add(t, "stddev", V(["list"], (a, r) =>
        {
            var l = ListArg(a);
            if (l is null || l.Count < 2 || l.Exists(x => x is not decimal))
            {
                return r.Warn("stddev() needs at least two numbers");
            }

            var nums = l.Select(x => (decimal)x!).ToArray();
            var mean = nums.Sum() / nums.Length;
            var variance = nums.Sum(x => (x - mean) * (x - mean)) / (nums.Length - 1);
            return Numbers.Sqrt(variance);
        }));
        Add(t, "mode", V(["list"], (a, r) =>
        {
            var l = ListArg(a);
            if (l is null || l.Exists(x => x is not decimal))
            {
                return r.Warn("mode() needs numbers");
            }

            if (l.Count == 0)
            {
                return new List<object?>();
            }

            var groups = l.Select(x => (decimal)x!).GroupBy(x => x).ToArray();
            var max = groups.Max(g => g.Count());
            return groups.Where(g => g.Count() == max).Select(g => g.Key).Order().Select(x => (object?)x).ToList();
        }));
        Add(t, "all", V(["list"], (a, r) =>
        {
            var l = ListArg(a);
            if (l is null || l.Exists(x => x is not null and not bool))
            {
                return r.Warn("all() needs booleans");
            }

            if (l.Exists(x => x is false))
            {
                return false;
            }

            return l.Exists(x => x is null) ? null : true;
        }));
        Add(t, "any", V(["list"], (a, r) =>
        {
            var l = ListArg(a);
            if (l is null || l.Exists(x => x is not null and not bool))
            {
                return r.Warn("any() needs booleans");
            }

            if (l.Exists(x => x is true))
            {
                return true;
            }

            return l.Exists(x => x is null) ? null : false;
        }));
        Add(t, "sublist", O(["list", "start position", "length"], 2, (a, r) =>
        {
            if (a[0] is not List<object?> l || a[1] is not decimal start || (Arg(a, 2) is not null and not decimal))
            {
                return r.Warn("sublist() needs a list and a start position");
            }

            if (start == 0 || Math.Abs(start) > l.Count)
            {
                return r.Warn("sublist(): start position outside the list");
            }

            var from = start > 0 ? (int)start - 1 : l.Count + (int)start;
            var count = l.Count - from;
            if (Arg(a, 2) is decimal len)
            {
                if (len < 0 || from + len > l.Count)
                {
                    return r.Warn("sublist(): length outside the list");
                }

                count = (int)len;
            }

            return l.GetRange(from, count);
        }));
        Add(t, "append", new Overload(["list", "item"], 1, true, (a, r) =>
        {
            if (a[0] is not List<object?> l)
            {
                return r.Warn("append() needs a list");
            }

            var result = new List<object?>(l);
            result.AddRange(a.Skip(1));
            return result;
        }));
        Add(t, "concatenate", V(["list"], (a, r) =>
        {
            var result = new List<object?>();
            foreach (var x in a)
            {
                if (x is not List<object?> l)
                {
                    return r.Warn("concatenate() needs lists");
                }

                result.AddRange(l);
            }

            return result;
        }));
        Add(t, "insert before", O(["list", "position", "newItem"], (a, r) =>
        {
            if (a[0] is not List<object?> l || a[1] is not decimal p || p == 0 || Math.Abs(p) > l.Count)
            {
                return r.Warn("insert before() needs a list and a position inside it");
            }

            var result = new List<object?>(l);
            result.Insert(p > 0 ? (int)p - 1 : l.Count + (int)p, a[2]);
            return result;
        }));
        Add(t, "remove", O(["list", "position"], (a, r) =>
        {
            if (a[0] is not List<object?> l || a[1] is not decimal p || p == 0 || Math.Abs(p) > l.Count)
            {
                return r.Warn("remove() needs a list and a position inside it");
            }

            var result = new List<object?>(l);
            result.RemoveAt(p > 0 ? (int)p - 1 : l.Count + (int)p);
            return result;
        }));
        Add(t, "reverse", O(["list"], (a, r) =>
        {
            if (a[0] is not List<object?> l)
            {
                return r.Warn("reverse() needs a list");
            }

            var result = new List<object?>(l);
            result.Reverse();
            return result;
        }));
        Add(t, "index of", O(["list", "match"], (a, r) =>
        {
            if (a[0] is not List<object?> l)
            {
                return r.Warn("index of() needs a list");
            }

            var result = new List<object?>();
            for (var i = 0; i < l.Count; i++)
            {
                if (Values.Equal(l[i], a[1]) == true)
                {
                    result.Add((decimal)(i + 1));
                }
            }

            return result;
        }));
        Add(t, "union", V(["list"], (a, r) =>
        {
            var result = new List<object?>();
            foreach (var x in a)
            {
                if (x is not List<object?> l)
                {
                    return r.Warn("union() needs lists");
                }

                foreach (var item in l)
                {
                    if (!result.Exists(y => Values.Equal(y, item) == true))
                    {
                        result.Add(item);
                    }
                }
            }

            return result;
        }));
        Add(t, "distinct values", O(["list"], (a, r) =>
        {
            if (a[0] is not List<object?> l)
            {
                return r.Warn("distinct values() needs a list");
            }

            var result = new List<object?>();
            foreach (var item in l)
            {
                if (!result.Exists(y => Values.Equal(y, item) == true))
                {
                    result.Add(item);
                }
            }

            return result;
        }));
        Add(t, "flatten", O(["list"], (a, r) =>
        {
            if (a[0] is not List<object?> l)
            {
                return r.Warn("flatten() needs a list");
            }

            var result = new List<object?>();
            Flatten(l, result, 0);
            return result;
        }));
        Add(t, "sort", O(["list", "precedes"], 1, (a, r) =>
        {
            if (a[0] is not List<object?> l)
            {
                return r.Warn("sort() needs a list");
            }

            var precedes = Arg(a, 1) as FeelFunction;
            if (Arg(a, 1) is not null && precedes is null)
            {
                return r.Warn("sort(): precedes must be a function");
            }

            var failed = false;
            var items = l.ToArray();
            var comparison = new Comparison<object?>((x, y) =>
            {
                if (failed)
                {
                    return 0;
                }

                if (precedes is null)
                {
                    var c = Values.Compare(x, y);
                    if (c is null)
                    {
                        failed = true;
                        return 0;
                    }

                    return c.Value;
                }

                if (precedes.Invoke([x, y], r) is true)
                {
                    return -1;
                }

                return precedes.Invoke([y, x], r) is true ? 1 : 0;
            });
            var sorted = MergeSort(items, comparison);
            return failed ? r.Warn("sort(): the items cannot be compared") : sorted;
        }));
        Add(t, "list replace", O(["list", "position", "newItem"], (a, r) =>
        {
            var l = AsList(a[0]);
            if (l is null)
            {
                return r.Warn("list replace() needs a list");
            }

            var result = new List<object?>(l);
            if (a[1] is decimal p)
            {
                p = decimal.Truncate(p);
                if (p == 0 || Math.Abs(p) > l.Count)
                {
                    return r.Warn("list replace(): position outside the list");
                }

                result[p > 0 ? (int)p - 1 : l.Count + (int)p] = a[2];
                return result;
            }

            if (a[1] is FeelFunction match)
            {
                if (match.ParameterNames is { Count: not 2 })
                {
                    return r.Warn("list replace(): the match function must take two parameters");
                }

                for (var i = 0; i < result.Count; i++)
                {
                    var m = match.Invoke([result[i], a[2]], r);
                    if (m is not bool)
                    {
                        return r.Warn("list replace(): the match function must return true or false");
                    }

                    if (m is true)
                    {
                        result[i] = a[2];
                    }
                }

                return result;
            }

            return r.Warn("list replace() needs a position or a match function");
        }), O(["list", "match", "newItem"], (a, r) => a[1] is FeelFunction ? ((BuiltinFunction)t["list replace"]).Invoke(a, r) : r.Warn("list replace(): match must be a function")));
    }

    private static List<object?> MergeSort(object?[] items, Comparison<object?> comparison)
    {
        // A stable sort: the order of equal items must not change.
        var indexed = items.Select((x, i) => (x, i)).ToList();
        indexed.Sort((p, q) =>
        {
            var c = comparison(p.x, q.x);
            return c != 0 ? c : p.i.CompareTo(q.i);
        });
        return indexed.Select(p => p.x).ToList();
    }

    private static void Flatten(List<object?> l, List<object?> result, int depth)
    {
        if (depth > 100)
        {
            return;
        }

        foreach (var item in l)
        {
            if (item is List<object?> inner)
            {
                Flatten(inner, result, depth + 1);
            }
            else
            {
                result.Add(item);
            }
        }
    }

    private static object? Extreme(List<object?>? l, int sign, EvalContext r)
    {
        if (l is null || l.Count == 0)
        {
            return null;
        }

        var best = l[0];
        foreach (var x in l.Skip(1))
        {
            var c = Values.Compare(x, best);
            if (c is null)
            {
                return r.Warn("min()/max(): the items cannot be compared");
            }

            if (c * sign > 0)
            {
                best = x;
            }
        }

        if (l.Count == 1 && Values.Compare(best, best) is null)
        {
            return r.Warn("min()/max(): the item cannot be compared");
        }

        return best;
    }

    // ------------------------------------------------------------------ numbers

    private static void AddNumbers(Dictionary<string, FeelFunction> t)
    {
        Add(t, "decimal", O(["n", "scale"], (a, r) => Round(a, MidpointRounding.ToEven, r)));
        Add(t, "floor", O(["n", "scale"], 1, (a, r) => Round(a, MidpointRounding.ToNegativeInfinity, r, true)));
        Add(t, "ceiling", O(["n", "scale"], 1, (a, r) => Round(a, MidpointRounding.ToPositiveInfinity, r, true)));
        Add(t, "round up", O(["n", "scale"], 1, (a, r) => RoundAway(a, r)));
        Add(t, "round down", O(["n", "scale"], 1, (a, r) => Round(a, MidpointRounding.ToZero, r)));
        Add(t, "round half up", O(["n", "scale"], 1, (a, r) => Round(a, MidpointRounding.AwayFromZero, r)));
        Add(t, "round half down", O(["n", "scale"], 1, (a, r) => RoundHalfDown(a, r)));
        Add(t, "abs", O(["n"], (a, r) => a[0] switch
        {
            decimal d => Math.Abs(d),
            DaysTimeDuration d => new DaysTimeDuration(Math.Abs(d.Seconds)),
            YearsMonthsDuration d => new YearsMonthsDuration(Math.Abs(d.Months)),
            _ => r.Warn("abs() needs a number"),
        }));
        Add(t, "modulo", O(["dividend", "divisor"], (a, r) =>
        {
            if (a[0] is not decimal x || a[1] is not decimal y || y == 0)
            {
                return r.Warn("modulo() needs two numbers and a divisor other than 0");
            }

            return x - (y * Math.Floor(x / y));
        }));
        Add(t, "sqrt", O(["number"], (a, r) => a[0] is decimal d ? Numbers.Sqrt(d) ?? r.Warn("sqrt() of a negative number") : r.Warn("sqrt() needs a number")));
        Add(t, "log", O(["number"], (a, r) => a[0] is decimal d ? Numbers.Ln(d) ?? r.Warn("log() needs a positive number") : r.Warn("log() needs a number")));
        Add(t, "exp", O(["number"], (a, r) => a[0] is decimal d ? Numbers.Exp(d) ?? r.Warn("exp(): the result is too large") : r.Warn("exp() needs a number")));
        Add(t, "odd", O(["number"], (a, r) => a[0] is decimal d && Numbers.IsInteger(d) ? Math.Abs(d % 2) == 1 : r.Warn("odd() needs a whole number")));
        Add(t, "even", O(["number"], (a, r) => a[0] is decimal d && Numbers.IsInteger(d) ? d % 2 == 0 : r.Warn("even() needs a whole number")));
    }

    private static object? Round(object?[] a, MidpointRounding mode, EvalContext r, bool scaleOptional = false)
    {
        if (a[0] is not decimal n)
        {
            return r.Warn("Rounding needs a number");
        }

        var scale = 0m;
        if (a.Length > 1)
        {
            if (a[1] is not decimal s || s < -6111 || s > 6176)
            {
                return r.Warn("The scale must be a number between -6111 and 6176");
            }

            scale = decimal.Truncate(s);
        }
        else if (!scaleOptional)
        {
            return r.Warn("The scale is missing");
        }

        if (scale > 28)
        {
            return n;
        }

        if (scale < -28)
        {
            return 0m;
        }

        return Numbers.Scale(n, (int)scale, mode);
    }

    private static object? RoundAway(object?[] a, EvalContext r)
    {
        var down = Round(a, MidpointRounding.ToZero, r);
        if (down is not decimal d || a[0] is not decimal n || d == n)
        {
            return down;
        }

        var scale = a.Length > 1 && a[1] is decimal s ? (int)decimal.Truncate(Math.Clamp(s, -28, 28)) : 0;
        var step = Numbers.Pow(10m, -scale) ?? 1m;
        return n > 0 ? d + step : d - step;
    }

    private static object? RoundHalfDown(object?[] a, EvalContext r)
    {
        if (a[0] is not decimal n || a.Length < 2 || a[1] is not decimal s || s < -6111 || s > 6176)
        {
            return r.Warn("round half down() needs a number and a scale between -6111 and 6176");
        }

        if (s > 28)
        {
            return n;
        }

        var scale = (int)decimal.Truncate(s);
        var factor = Numbers.Pow(10m, scale) ?? 1m;
        var scaled = n * factor;
        var floor = decimal.Truncate(scaled);
        var fraction = Math.Abs(scaled - floor);
        var rounded = fraction > 0.5m ? floor + Math.Sign(scaled) : floor;
        return rounded / factor;
    }

    // ------------------------------------------------------------------ ranges

    private static void AddRanges(Dictionary<string, FeelFunction> t)
    {
        string[] pp = ["point1", "point2"], pr = ["point", "range"], rp = ["range", "point"], rr = ["range1", "range2"];
        void Range(string name, Func<object?, object?, EvalContext, object?> body, params string[][] sigs) =>
            Add(t, name, sigs.Select(sig => O(sig, (a, r) => a[0] is null || a[1] is null ? null : body(a[0], a[1], r))).ToArray());

        Range("before", (x, y, r) => (x, y) switch
        {
            (FeelRange a, FeelRange b) => Cmp(a.End, b.Start, r) is { } c ? c < 0 || (c == 0 && (!a.EndIncluded || !b.StartIncluded)) : null,
            (FeelRange a, _) => Cmp(a.End, y, r) is { } c ? c < 0 || (c == 0 && !a.EndIncluded) : null,
            (_, FeelRange b) => Cmp(x, b.Start, r) is { } c ? c < 0 || (c == 0 && !b.StartIncluded) : null,
            _ => Cmp(x, y, r) is { } c ? c < 0 : null,
        }, pp, pr, rp, rr);
        Range("after", (x, y, r) => (x, y) switch
        {
            (FeelRange a, FeelRange b) => Cmp(a.Start, b.End, r) is { } c ? c > 0 || (c == 0 && (!a.StartIncluded || !b.EndIncluded)) : null,
            (FeelRange a, _) => Cmp(a.Start, y, r) is { } c ? c > 0 || (c == 0 && !a.StartIncluded) : null,
            (_, FeelRange b) => Cmp(x, b.End, r) is { } c ? c > 0 || (c == 0 && !b.EndIncluded) : null,
            _ => Cmp(x, y, r) is { } c ? c > 0 : null,
        }, pp, pr, rp, rr);
        Range("meets", (x, y, r) => x is FeelRange a && y is FeelRange b
            ? a.EndIncluded && b.StartIncluded && Values.Equal(a.End, b.Start) == true : r.Warn("meets() needs two ranges"), rr);
        Range("met by", (x, y, r) => x is FeelRange a && y is FeelRange b
            ? a.StartIncluded && b.EndIncluded && Values.Equal(a.Start, b.End) == true : r.Warn("met by() needs two ranges"), rr);
        Range("overlaps", (x, y, r) =>
        {
            if (x is not FeelRange a || y is not FeelRange b)
            {
                return r.Warn("overlaps() needs two ranges");
            }

            var c1 = Cmp(a.End, b.Start, r);
            var c2 = Cmp(b.End, a.Start, r);
            if (c1 is null || c2 is null)
            {
                return null;
            }

            return (c1 > 0 || (c1 == 0 && a.EndIncluded && b.StartIncluded)) && (c2 > 0 || (c2 == 0 && b.EndIncluded && a.StartIncluded));
        }, rr);
        Range("overlaps before", (x, y, r) =>
        {
            if (x is not FeelRange a || y is not FeelRange b)
            {
                return r.Warn("overlaps before() needs two ranges");
            }

            var s = Cmp(a.Start, b.Start, r);
            var e1 = Cmp(a.End, b.Start, r);
            var e2 = Cmp(a.End, b.End, r);
            if (s is null || e1 is null || e2 is null)
            {
                return null;
            }

            return (s < 0 || (s == 0 && a.StartIncluded && !b.StartIncluded))
                && (e1 > 0 || (e1 == 0 && a.EndIncluded && b.StartIncluded))
                && (e2 < 0 || (e2 == 0 && (!a.EndIncluded || b.EndIncluded)));
        }, rr);
        Range("overlaps after", (x, y, r) =>
        {
            if (x is not FeelRange a || y is not FeelRange b)
            {
                return r.Warn("overlaps after() needs two ranges");
            }

            var s1 = Cmp(b.Start, a.Start, r);
            var s2 = Cmp(b.End, a.Start, r);
            var e = Cmp(b.End, a.End, r);
            if (s1 is null || s2 is null || e is null)
            {
                return null;
            }

            return (s1 < 0 || (s1 == 0 && b.StartIncluded && !a.StartIncluded))
                && (s2 > 0 || (s2 == 0 && b.EndIncluded && a.StartIncluded))
                && (e < 0 || (e == 0 && (!b.EndIncluded || a.EndIncluded)));
        }, rr);
        Range("finishes", (x, y, r) => (x, y) switch
        {
            (FeelRange a, FeelRange b) => a.EndIncluded == b.EndIncluded && Values.Equal(a.End, b.End) == true
                && Cmp(a.Start, b.Start, r) is { } c && (c > 0 || (c == 0 && (!a.StartIncluded || b.StartIncluded))),
            (_, FeelRange b) => b.EndIncluded && Values.Equal(x, b.End) == true,
            _ => r.Warn("finishes() needs a range"),
        }, pr, rr);
        Range("finished by", (x, y, r) => (x, y) switch
        {
            (FeelRange a, FeelRange b) => a.EndIncluded == b.EndIncluded && Values.Equal(a.End, b.End) == true
                && Cmp(a.Start, b.Start, r) is { } c && (c < 0 || (c == 0 && (a.StartIncluded || !b.StartIncluded))),
            (FeelRange a, _) => a.EndIncluded && Values.Equal(a.End, y) == true,
            _ => r.Warn("finished by() needs a range"),
        }, rp, rr);
        Range("includes", (x, y, r) => (x, y) switch
        {
            (FeelRange a, FeelRange b) => Includes(a, b, r),
            (FeelRange a, _) => Compiler.RangeIncludes(a, y),
            _ => r.Warn("includes() needs a range"),
        }, rp, rr);
        Range("during", (x, y, r) => (x, y) switch
        {
            (FeelRange a, FeelRange b) => Includes(b, a, r),
            (_, FeelRange b) => Compiler.RangeIncludes(b, x),
            _ => r.Warn("during() needs a range"),
        }, pr, rr);
        Range("starts", (x, y, r) => (x, y) switch
        {
            (FeelRange a, FeelRange b) => a.StartIncluded == b.StartIncluded && Values.Equal(a.Start, b.Start) == true
                && Cmp(a.End, b.End, r) is { } c && (c < 0 || (c == 0 && (!a.EndIncluded || b.EndIncluded))),
            (_, FeelRange b) => b.StartIncluded && Values.Equal(x, b.Start) == true,
            _ => r.Warn("starts() needs a range"),
        }, pr, rr);
        Range("started by", (x, y, r) => (x, y) switch
        {
            (FeelRange a, FeelRange b) => a.StartIncluded == b.StartIncluded && Values.Equal(a.Start, b.Start) == true
                && Cmp(a.End, b.End, r) is { } c && (c > 0 || (c == 0 && (a.EndIncluded || !b.EndIncluded))),
            (FeelRange a, _) => a.StartIncluded && Values.Equal(a.Start, y) == true,
            _ => r.Warn("started by() needs a range"),
        }, rp, rr);
        Range("coincides", (x, y, r) => (x, y) switch
        {
            (FeelRange a, FeelRange b) => a.StartIncluded == b.StartIncluded && a.EndIncluded == b.EndIncluded
                && Values.Equal(a.Start, b.Start) == true && Values.Equal(a.End, b.End) == true,
            (FeelRange, _) or (_, FeelRange) => r.Warn("coincides() needs two points or two ranges"),
            _ => Cmp(x, y, r) is { } c ? c == 0 : null,
        }, pp, rr);
        Add(t, "range", O(["from"], (a, r) => a[0] is string s ? RangeParser.Parse(s, r) : r.Warn("range() needs a string")));
    }

    private static int? Cmp(object? a, object? b, EvalContext r)
    {
        // An open range end (null) compares beyond every value on its side.
        if (a is null || b is null)
        {
            return null;
        }

        var c = Values.Compare(a, b);
        if (c is null)
        {
            r.Warn($"Cannot compare {Values.TypeName(a)} with {Values.TypeName(b)}");
        }

        return c;
    }

    private static object? Includes(FeelRange a, FeelRange b, EvalContext r)
    {
        var s = a.Start is null ? -1 : b.Start is null ? 1 : Cmp(a.Start, b.Start, r);
        var e = a.End is null ? 1 : b.End is null ? -1 : Cmp(a.End, b.End, r);
        if (s is null || e is null)
        {
            return null;
        }

        return (s < 0 || (s == 0 && (a.StartIncluded || !b.StartIncluded))) && (e > 0 || (e == 0 && (a.EndIncluded || !b.EndIncluded)));
    }

    // ------------------------------------------------------------------ temporal

    private static DateOnly? DateOf(object? v) => v switch
    {
        FeelDate d => d.ToDateOnly(),
        FeelDateTime dt => dt.Date.ToDateOnly(),
        _ => null,
    };

    private static void AddTemporal(Dictionary<string, FeelFunction> t)
    {
        Add(t, "day of year", O(["date"], (a, r) => DateOf(a[0]) is { } d ? (decimal)d.DayOfYear : r.Warn("day of year() needs a date")));
        Add(t, "day of week", O(["date"], (a, r) => DateOf(a[0]) is { } d ? d.DayOfWeek.ToString() : r.Warn("day of week() needs a date")));
        Add(t, "month of year", O(["date"], (a, r) => DateOf(a[0]) is { } d ? CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(d.Month) : r.Warn("month of year() needs a date")));
        Add(t, "week of year", O(["date"], (a, r) => DateOf(a[0]) is { } d ? (decimal)ISOWeek.GetWeekOfYear(d.ToDateTime(TimeOnly.MinValue)) : r.Warn("week of year() needs a date")));
        Add(t, "now", O([], (_, r) => new FeelDateTime(new FeelDate(DateOnly.FromDateTime(r.Now.DateTime)), r.Now.TimeOfDay.Ticks * 100, r.Now.Offset, null)));
        Add(t, "today", O([], (_, r) => new FeelDate(DateOnly.FromDateTime(r.Now.DateTime))));
    }

    // ------------------------------------------------------------------ contexts

    private static void AddContexts(Dictionary<string, FeelFunction> t)
    {
        Add(t, "get value", O(["m", "key"], (a, r) =>
        {
            if (a[0] is not FeelContext c || a[1] is not string k)
            {
                return r.Warn("get value() needs a context and a key");
            }

            return c[k];
        }));
        Add(t, "get entries", O(["m"], (a, r) =>
        {
            if (a[0] is not FeelContext c)
            {
                return r.Warn("get entries() needs a context");
            }

            return c.Keys.Select(k =>
            {
                var e = new FeelContext();
                e.Set("key", k);
                e.Set("value", c[k]);
                return (object?)e;
            }).ToList();
        }));
        Add(t, "context", O(["entries"], (a, r) =>
        {
            var entries = a[0] as List<object?> ?? (a[0] is FeelContext single ? [single] : null);
            if (entries is null)
            {
                return r.Warn("context() needs a list of entries with key and value");
            }

            var result = new FeelContext();
            foreach (var e in entries)
            {
                if (e is not FeelContext ec || ec["key"] is not string key || !ec.ContainsKey("value") || result.ContainsKey(key))
                {
                    return r.Warn("context(): every entry needs a unique string key and a value");
                }

                result.Set(key, ec["value"]);
            }

            return result;
        }));
        Add(t, "context put",
            O(["context", "keys", "value"], (a, r) => a[0] is FeelContext c && a[1] is string k ? PutOne(c, k, a[2]) : Put(a[0], a[1], a[2], r)),
            O(["context", "key", "value"], (a, r) => a[0] is FeelContext c && a[1] is string k ? PutOne(c, k, a[2]) : r.Warn("context put(): 'key' must be a string")));
        Add(t, "context merge", O(["contexts"], (a, r) =>
        {
            var l = AsList(a[0]);
            if (l is null || l.Exists(x => x is not FeelContext))
            {
                return r.Warn("context merge() needs a list of contexts");
            }

            var result = new FeelContext();
            foreach (FeelContext c in l.Cast<FeelContext>())
            {
                foreach (var k in c.Keys)
                {
                    result.Set(k, c[k]);
                }
            }

            return result;
        }));
    }

    private static FeelContext PutOne(FeelContext c, string key, object? value)
    {
        var copy = c.Copy();
        copy.Set(key, value);
        return copy;
    }

    private static object? Put(object? context, object? keys, object? value, EvalContext r)
    {
        if (context is not FeelContext c || keys is not List<object?> { Count: > 0 } path || path.Exists(k => k is not string))
        {
            return r.Warn("context put() needs a context and a non-empty list of keys");
        }

        var key = (string)path[0]!;
        if (path.Count == 1)
        {
            return PutOne(c, key, value);
        }

        var inner = c[key];
        if (inner is not FeelContext)
        {
            return r.Warn($"context put(): '{key}' is not a context");
        }

        var nested = Put(inner, path.GetRange(1, path.Count - 1), value, r);
        return nested is null ? null : PutOne(c, key, nested);
    }
}
