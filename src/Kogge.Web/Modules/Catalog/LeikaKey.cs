namespace Kogge.Web.Modules.Catalog;

/// <summary>
/// The key of the federal service catalogue (Leistungskatalog, LeiKa): exactly 14 digits, often written in groups
/// ("99 050 012 104 000"). Spaces are accepted on input and dropped.
/// </summary>
public static class LeikaKey
{
    public const int Length = 14;

    /// <summary>The key without spaces when it is valid; otherwise null.</summary>
    public static string? Normalize(string? input)
    {
        if (input is null)
        {
            return null;
        }

        var compact = string.Concat(input.Where(c => !char.IsWhiteSpace(c)));
        return compact.Length == Length && compact.All(char.IsAsciiDigit) ? compact : null;
    }

    public static bool IsValid(string? input) => Normalize(input) is not null;

    /// <summary>"99050012104000" → "99 050 012 104 000", for reading.</summary>
    public static string Display(string key) => key.Length == Length
        ? $"{key[..2]} {key[2..5]} {key[5..8]} {key[8..11]} {key[11..]}"
        : key;
}
