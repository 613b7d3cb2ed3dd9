namespace Kogge.Feel.Evaluation;

/// <summary>A FEEL type: a built-in type, a list, context, range or function type, or a DMN item definition.</summary>
public sealed class FeelType
{
    private FeelType(string name)
    {
        Name = name;
    }

    /// <summary>The type name as written, such as <c>number</c> or <c>list&lt;string&gt;</c>.</summary>
    public string Name { get; }

    internal FeelType? Element { get; private init; }

    internal IReadOnlyList<KeyValuePair<string, FeelType>>? Fields { get; private init; }

    /// <summary>Allowed values of an item definition, checked after the base type.</summary>
    internal Func<object?, EvalContext, bool>? Constraint { get; init; }

    internal FeelType? Base { get; private init; }

    internal bool IsCollection { get; private init; }

    internal static readonly FeelType Any = new("Any");
    internal static readonly FeelType Null = new("Null");
    internal static readonly FeelType Number = new("number");
    internal static readonly FeelType String = new("string");
    internal static readonly FeelType Boolean = new("boolean");
    internal static readonly FeelType Date = new("date");
    internal static readonly FeelType Time = new("time");
    internal static readonly FeelType DateTime = new("date and time");
    internal static readonly FeelType DaysTime = new("days and time duration");
    internal static readonly FeelType YearsMonths = new("years and months duration");
    internal static readonly FeelType Function = new("function");
    internal static readonly FeelType AnyContext = new("context");
    internal static readonly FeelType AnyList = new("list") { Element = Any, IsCollection = true };
    internal static readonly FeelType AnyRange = new("range") { Element = Any };

    internal static FeelType ListOf(FeelType element) => new($"list<{element.Name}>") { Element = element, IsCollection = true };

    internal static FeelType RangeOf(FeelType element) => new($"range<{element.Name}>") { Element = element };

    internal static FeelType ContextOf(IReadOnlyList<KeyValuePair<string, FeelType>> fields, string? name = null) =>
        new(name ?? $"context<{string.Join(", ", fields.Select(f => f.Key + ": " + f.Value.Name))}>") { Fields = fields };

    internal static FeelType Alias(string name, FeelType baseType, Func<object?, EvalContext, bool>? constraint) =>
        new(name) { Base = baseType, Constraint = constraint, Element = baseType.Element, Fields = baseType.Fields, IsCollection = baseType.IsCollection };

    internal static FeelType Collection(string name, FeelType element, Func<object?, EvalContext, bool>? constraint) =>
        new(name) { Element = element, IsCollection = true, Constraint = constraint };

    internal static FeelType? BuiltIn(string name) => name switch
    {
        "Any" or "any" => Any,
        "Null" => Null,
        "number" or "integer" or "decimal" or "double" => Number,
        "string" => String,
        "boolean" => Boolean,
        "date" => Date,
        "time" => Time,
        "date and time" or "dateTime" => DateTime,
        "days and time duration" or "dayTimeDuration" => DaysTime,
        "years and months duration" or "yearMonthDuration" => YearsMonths,
        "function" => Function,
        "context" => AnyContext,
        "list" => AnyList,
        "range" => AnyRange,
        _ => null,
    };

    /// <summary>Whether the value is an instance of this type (FEEL <c>instance of</c>).</summary>
    public bool IsInstance(object? value) => IsInstance(value, null);

    internal bool IsInstanceIgnoringConstraints(object? value) => IsInstanceCore(value);

    internal bool IsInstance(object? value, EvalContext? run)
    {
        if (!IsInstanceCore(value))
        {
            return false;
        }

        return Constraint is null || value is null || Constraint(value, run ?? new EvalContext(DateTimeOffset.UnixEpoch));
    }

    private bool IsInstanceCore(object? value)
    {
        if (ReferenceEquals(this, Any))
        {
            return value is not null;
        }

        if (ReferenceEquals(this, Null))
        {
            return value is null;
        }

        if (value is null)
        {
            return false;
        }

        if (Base is not null)
        {
            return Base.IsInstance(value);
        }

        if (IsCollection)
        {
            return value is List<object?> list && list.TrueForAll(x => x is null || Element!.IsInstance(x));
        }

        if (Fields is not null)
        {
            if (value is not FeelContext ctx)
            {
                return false;
            }

            foreach (var (key, type) in Fields)
            {
                if (!ctx.TryGetValue(key, out var v) || (v is not null && !type.IsInstance(v)))
                {
                    return false;
                }
            }

            return true;
        }

        if (Element is not null)
        {
            return value is FeelRange r && (r.Start is null || Element.IsInstance(r.Start)) && (r.End is null || Element.IsInstance(r.End));
        }

        return Name switch
        {
            "number" => value is decimal,
            "string" => value is string,
            "boolean" => value is bool,
            "date" => value is FeelDate,
            "time" => value is FeelTime,
            "date and time" => value is FeelDateTime,
            "days and time duration" => value is DaysTimeDuration,
            "years and months duration" => value is YearsMonthsDuration,
            "function" => value is FeelFunction,
            "context" => value is FeelContext,
            _ => false,
        };
    }

    /// <summary>
    /// Converts a value to this type the way DMN does for decision results and parameters: a singleton list
    /// becomes its element, an element becomes a singleton list; anything else that does not conform fails.
    /// </summary>
    internal object? Coerce(object? value, out bool ok)
    {
        ok = true;
        if (value is null || ReferenceEquals(this, Any))
        {
            return value;
        }

        if (IsInstance(value))
        {
            return value;
        }

        if (!IsCollection && value is List<object?> { Count: 1 } single && IsInstance(single[0]))
        {
            return single[0];
        }

        if (IsCollection && value is not List<object?> && Element!.IsInstance(value))
        {
            var wrapped = new List<object?> { value };
            if (IsInstance(wrapped))
            {
                return wrapped;
            }
        }

        ok = false;
        return null;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
