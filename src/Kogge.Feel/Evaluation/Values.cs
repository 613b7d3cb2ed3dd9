using System.Globalization;

namespace Kogge.Feel.Evaluation;

/// <summary>A FEEL context: an ordered map from names to values.</summary>
public sealed class FeelContext
{
    private readonly List<string> _keys = [];
    private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);

    /// <summary>The entry names in the order they were added.</summary>
    public IReadOnlyList<string> Keys => _keys;

    /// <summary>The number of entries.</summary>
    public int Count => _keys.Count;

    /// <summary>The value of an entry, or null when the context has no such entry.</summary>
    public object? this[string key] => _values.GetValueOrDefault(key);

    /// <summary>Adds an entry or replaces the value of an existing one (keeping its position).</summary>
    public void Set(string key, object? value)
    {
        if (!_values.ContainsKey(key))
        {
            _keys.Add(key);
        }

        _values[key] = value;
    }

    /// <summary>Whether the context has an entry of that name.</summary>
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <summary>Gets an entry value when present.</summary>
    public bool TryGetValue(string key, out object? value) => _values.TryGetValue(key, out value);

    internal FeelContext Copy()
    {
        var copy = new FeelContext();
        foreach (var k in _keys)
        {
            copy.Set(k, _values[k]);
        }

        return copy;
    }

    /// <inheritdoc />
    public override string ToString() => Values.Format(this);
}

/// <summary>A FEEL range (interval) with optional open ends.</summary>
public sealed record FeelRange(object? Start, bool StartIncluded, object? End, bool EndIncluded)
{
    /// <summary>"=" or "!=" for the unary ranges <c>=x</c> and <c>!=x</c>; null for intervals.</summary>
    public string? Operator { get; init; }

    /// <inheritdoc />
    public override string ToString() => Values.Format(this);
}

internal static class Values
{
    public static string TypeName(object? v) => v switch
    {
        null => "Null",
        decimal => "number",
        string => "string",
        bool => "boolean",
        FeelDate => "date",
        FeelTime => "time",
        FeelDateTime => "date and time",
        DaysTimeDuration => "days and time duration",
        YearsMonthsDuration => "years and months duration",
        List<object?> => "list",
        FeelContext => "context",
        FeelRange => "range",
        FeelFunction => "function",
        _ => v.GetType().Name,
    };

    /// <summary>FEEL equality: null when the operands are not comparable.</summary>
    public static bool? Equal(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        switch (a)
        {
            case decimal x when b is decimal y: return x == y;
            case string x when b is string y: return string.Equals(x, y, StringComparison.Ordinal);
            case bool x when b is bool y: return x == y;
            case FeelDate x when b is FeelDate y: return x == y;
            case FeelDate x when b is FeelDateTime y: return Equal(new FeelDateTime(x, 0, y.Offset is null ? null : TimeSpan.Zero, null), y);
            case FeelDateTime x when b is FeelDate y: return Equal(y, x);
            case FeelTime x when b is FeelTime y:
                if (x.Offset.HasValue != y.Offset.HasValue)
                {
                    return false;
                }

                return Millis(x.Normalized) == Millis(y.Normalized);
            case FeelDateTime x when b is FeelDateTime y:
                if (x.Offset.HasValue != y.Offset.HasValue)
                {
                    return false;
                }

                return decimal.Truncate(x.Instant / 1_000_000m) == decimal.Truncate(y.Instant / 1_000_000m);
            case DaysTimeDuration x when b is DaysTimeDuration y: return x.Seconds == y.Seconds;
            case YearsMonthsDuration x when b is YearsMonthsDuration y: return x.Months == y.Months;
            case List<object?> x when b is List<object?> y:
                if (x.Count != y.Count)
                {
                    return false;
                }

                for (var i = 0; i < x.Count; i++)
                {
                    var e = Equal(x[i], y[i]);
                    if (e != true)
                    {
                        return e;
                    }
                }

                return true;
            case FeelContext x when b is FeelContext y:
                if (x.Count != y.Count)
                {
                    return false;
                }

                foreach (var k in x.Keys)
                {
                    if (!y.TryGetValue(k, out var yv))
                    {
                        return false;
                    }

                    var e = Equal(x[k], yv);
                    if (e != true)
                    {
                        return e;
                    }
                }

                return true;
            case FeelRange x when b is FeelRange y:
                return x.Operator == y.Operator && x.StartIncluded == y.StartIncluded && x.EndIncluded == y.EndIncluded
                    && Equal(x.Start, y.Start) == true && Equal(x.End, y.End) == true;
            case FeelFunction x when b is FeelFunction y: return ReferenceEquals(x, y);
            default: return null;
        }
    }

    // Equality of times looks at milliseconds, as the DMN TCK and the Java engines do.
    private static decimal Millis(decimal seconds) => decimal.Truncate(seconds * 1000m);


    /// <summary>FEEL ordering; null when the operands have no common order.</summary>
    public static int? Compare(object? a, object? b)
    {
        switch (a)
        {
            case decimal x when b is decimal y: return x.CompareTo(y);
            case string x when b is string y: return Math.Sign(string.CompareOrdinal(x, y));
            case FeelDate x when b is FeelDate y: return x.DayNumber.CompareTo(y.DayNumber);
            case FeelDate x when b is FeelDateTime y: return Compare(new FeelDateTime(x, 0, y.Offset is null ? null : TimeSpan.Zero, null), y);
            case FeelDateTime x when b is FeelDate y: return Compare(x, new FeelDateTime(y, 0, x.Offset is null ? null : TimeSpan.Zero, null));
            case FeelTime x when b is FeelTime y:
                if (x.Offset.HasValue != y.Offset.HasValue)
                {
                    return null;
                }

                return x.Normalized.CompareTo(y.Normalized);
            case FeelDateTime x when b is FeelDateTime y:
                if (x.Offset.HasValue != y.Offset.HasValue)
                {
                    return null;
                }

                return x.Instant.CompareTo(y.Instant);
            case DaysTimeDuration x when b is DaysTimeDuration y: return x.Seconds.CompareTo(y.Seconds);
            case YearsMonthsDuration x when b is YearsMonthsDuration y: return x.Months.CompareTo(y.Months);
            default: return null;
        }
    }

    public static string Format(object? v) => v switch
    {
        null => "null",
        decimal d => Numbers.Format(d),
        string s => s,
        bool b => b ? "true" : "false",
        List<object?> l => "[" + string.Join(", ", l.Select(FormatNested)) + "]",
        FeelContext c => "{" + string.Join(", ", c.Keys.Select(k => k + ": " + FormatNested(c[k]))) + "}",
        FeelRange { Operator: { } op } r => op + FormatNested(r.Start),
        FeelRange r => (r.StartIncluded ? "[" : "(") + FormatNested(r.Start) + ".." + FormatNested(r.End) + (r.EndIncluded ? "]" : ")"),
        _ => v.ToString() ?? string.Empty,
    };

    private static string FormatNested(object? v) => v is string s ? "\"" + s.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"" : Format(v);
}

internal static class Numbers
{
    public static string Format(decimal d)
    {
        var text = d.ToString(CultureInfo.InvariantCulture);
        if (text.Contains('.', StringComparison.Ordinal))
        {
            text = text.TrimEnd('0').TrimEnd('.');
        }

        return text == "-0" ? "0" : text;
    }

    public static bool IsInteger(decimal d) => d == decimal.Truncate(d);

    public static decimal? FromDouble(double d)
    {
        if (double.IsNaN(d) || double.IsInfinity(d) || Math.Abs(d) > 7.9e28)
        {
            return null;
        }

        return decimal.Parse(d.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    public static decimal? Parse(string text)
    {
        return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    public static decimal? Sqrt(decimal x)
    {
        if (x < 0)
        {
            return null;
        }

        if (x == 0)
        {
            return 0m;
        }

        var guess = (decimal)Math.Sqrt((double)x);
        for (var i = 0; i < 6; i++)
        {
            if (guess == 0)
            {
                break;
            }

            guess = (guess + (x / guess)) / 2m;
        }

        return guess;
    }

    public static decimal? Exp(decimal x)
    {
        if (x > 66m)
        {
            return null;
        }

        if (x < -66m)
        {
            return 0m;
        }

        // e^x = (e^(x/2^k))^(2^k) keeps the series short and exact to the last digits of decimal.
        var k = 0;
        var r = x;
        while (Math.Abs(r) > 0.5m)
        {
            r /= 2m;
            k++;
        }

        decimal sum = 1m, term = 1m;
        for (var n = 1; n < 60; n++)
        {
            term = term * r / n;
            if (term == 0)
            {
                break;
            }

            sum += term;
        }

        for (var i = 0; i < k; i++)
        {
            sum *= sum;
        }

        return sum;
    }

    public static decimal? Ln(decimal x)
    {
        if (x <= 0)
        {
            return null;
        }

        // ln(x) = ln(m) + e*ln(2) with m in [0.5, 1.5]; ln(m) by the atanh series.
        var e = 0;
        while (x > 1.5m)
        {
            x /= 2m;
            e++;
        }

        while (x < 0.5m)
        {
            x *= 2m;
            e--;
        }

        var y = (x - 1m) / (x + 1m);
        var y2 = y * y;
        decimal sum = 0m, term = y;
        for (var n = 1; n < 200; n += 2)
        {
            var add = term / n;
            if (add == 0)
            {
                break;
            }

            sum += add;
            term *= y2;
        }

        return (2m * sum) + (e * Ln2);
    }

    private const decimal Ln2 = 0.6931471805599453094172321215m;

    public static decimal? Pow(decimal b, decimal e)
    {
        if (IsInteger(e) && Math.Abs(e) <= 100000)
        {
            var n = (long)e;
            var neg = n < 0;
            n = Math.Abs(n);
            decimal result = 1m, x = b;
            while (n > 0)
            {
                if ((n & 1) == 1)
                {
                    result *= x;
                }

                n >>= 1;
                if (n > 0)
                {
                    x *= x;
                }
            }

            if (neg)
            {
                if (result == 0)
                {
                    return null;
                }

                return 1m / result;
            }

            return result;
        }

        if (b <= 0)
        {
            return null;
        }

        var ln = Ln(b);
        return ln is null ? null : Exp(ln.Value * e);
    }

    public static decimal Scale(decimal d, int scale, MidpointRounding mode)
    {
        if (scale >= 0)
        {
            return Math.Round(d, Math.Min(scale, 28), mode);
        }

        var factor = Pow(10m, -scale) ?? 1m;
        return Math.Round(d / factor, 0, mode) * factor;
    }
}
