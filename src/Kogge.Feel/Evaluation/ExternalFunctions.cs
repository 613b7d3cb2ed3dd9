namespace Kogge.Feel.Evaluation;

/// <summary>
/// Functions declared with <c>external { java: ... }</c>. Kogge does not run Java; it maps the few
/// static methods of the Java standard library that DMN models commonly name onto .NET equivalents.
/// </summary>
internal static class ExternalFunctions
{
    public static object? Create(object? mapping, IReadOnlyList<string> parameters, EvalContext run)
    {
        var java = mapping is FeelContext { } outer && outer["java"] is FeelContext inner ? inner : mapping as FeelContext;
        if (java is null || java["class"] is not string cls || java["method signature"] is not string signature)
        {
            return run.Warn("Only external functions with a 'java' class and method signature are supported");
        }

        var open = signature.IndexOf('(', StringComparison.Ordinal);
        if (open <= 0 || !signature.EndsWith(')'))
        {
            return run.Warn($"Invalid method signature '{signature}'");
        }

        var method = signature[..open].Trim();
        var types = signature[(open + 1)..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Func<IReadOnlyList<object?>, object?>? body = (cls, method, types.Length) switch
        {
            ("java.lang.Math", "cos", 1) => a => Unary(a, Math.Cos),
            ("java.lang.Math", "sin", 1) => a => Unary(a, Math.Sin),
            ("java.lang.Math", "tan", 1) => a => Unary(a, Math.Tan),
            ("java.lang.Math", "sqrt", 1) => a => Unary(a, Math.Sqrt),
            ("java.lang.Math", "abs", 1) => a => a[0] is decimal d ? Math.Abs(d) : null,
            ("java.lang.Math", "max", 2) => a => Pair(a, types[0], Math.Max),
            ("java.lang.Math", "min", 2) => a => Pair(a, types[0], Math.Min),
            ("java.lang.String", "valueOf", 1) when types[0] == "char" => a => a[0] is string { Length: 1 } c ? c : null,
            ("java.lang.String", "valueOf", 1) => a => a[0] is null ? null : Values.Format(a[0]),
            ("java.lang.String", "format", 2) => Format,
            ("java.lang.Integer" or "java.lang.Long" or "java.lang.Short" or "java.lang.Byte", "valueOf", 1) =>
                a => a[0] is string s && long.TryParse(s, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var l) ? (decimal)l : a[0] is decimal d ? decimal.Truncate(d) : null,
            ("java.lang.Double" or "java.lang.Float", "valueOf", 1) =>
                a => a[0] is string s ? Numbers.Parse(s) : a[0] as decimal?,
            _ => null,
        };
        if (body is null)
        {
            return run.Warn($"The Java method {cls}.{signature} is not available");
        }

        return new NativeFunction(parameters, (args, r) => args.Count == types.Length ? body(args) : r.Warn("Wrong number of arguments"), method);
    }

    // String.format with %s placeholders, the form DMN models use; other conversions are refused.
    private static string? Format(IReadOnlyList<object?> a)
    {
        if (a[0] is not string format)
        {
            return null;
        }

        var args = a.Skip(1).SelectMany(x => x as List<object?> ?? [x]).ToList();
        var sb = new System.Text.StringBuilder();
        var next = 0;
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] == '%' && i + 1 < format.Length)
            {
                var c = format[++i];
                if (c == '%')
                {
                    sb.Append('%');
                }
                else if (c == 's' && next < args.Count)
                {
                    sb.Append(Values.Format(args[next++]));
                }
                else
                {
                    return null;
                }
            }
            else
            {
                sb.Append(format[i]);
            }
        }

        return sb.ToString();
    }

    private static decimal? Unary(IReadOnlyList<object?> a, Func<double, double> f) =>
        a[0] is decimal d ? Numbers.FromDouble(f((double)d)) : null;

    private static decimal? Pair(IReadOnlyList<object?> a, string type, Func<decimal, decimal, decimal> f)
    {
        if (a[0] is not decimal x || a[1] is not decimal y)
        {
            return null;
        }

        if (type is "int" or "long" or "short" or "byte")
        {
            x = decimal.Truncate(x);
            y = decimal.Truncate(y);
        }

        return f(x, y);
    }
}
