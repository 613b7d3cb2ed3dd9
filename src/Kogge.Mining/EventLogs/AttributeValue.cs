using System.Globalization;

namespace Kogge.Mining.EventLogs;

/// <summary>The XES type of an attribute value.</summary>
public enum AttributeKind
{
    /// <summary>Free text.</summary>
    Text,
    /// <summary>A point in time, kept in its ISO 8601 text.</summary>
    Date,
    /// <summary>A 64-bit integer.</summary>
    WholeNumber,
    /// <summary>A floating-point number.</summary>
    Real,
    /// <summary>true or false.</summary>
    Boolean,
    /// <summary>An identifier (XES <c>id</c>).</summary>
    Id,
    /// <summary>A list or container whose children were not kept.</summary>
    List,
}

/// <summary>An attribute value as it appears in XES: a kind and its text.</summary>
/// <param name="Kind">The XES type.</param>
/// <param name="Text">The value in invariant, XES-conformant text.</param>
public readonly record struct AttributeValue(AttributeKind Kind, string Text)
{
    /// <summary>Creates a string value.</summary>
    public static AttributeValue FromString(string text) => new(AttributeKind.Text, text);

    /// <summary>The value as a number, when it is one.</summary>
    public double? AsNumber() =>
        (Kind is AttributeKind.WholeNumber or AttributeKind.Real)
        && double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    /// <summary>The value as a point in time, when it is a date.</summary>
    public DateTimeOffset? AsDate() =>
        Kind == AttributeKind.Date && Io.TimestampText.TryParseIso(Text, TimeSpan.Zero, out var t) ? t : null;

    /// <inheritdoc />
    public override string ToString() => Text;
}
