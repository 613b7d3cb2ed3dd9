using System.Globalization;
using System.Text;

namespace Kogge.Web.Modules.Catalog;

/// <summary>
/// Search and addresses without the database's help: SQLite and PostgreSQL compare case and umlauts differently, so
/// each service stores its searchable text folded once (lower case, ß → ss, umlauts both as "ae" and as "a", other
/// accents dropped), and a query is folded the same way and matched with a plain substring search.
/// </summary>
public static class CatalogSearch
{
    /// <summary>The text stored with a service: both umlaut spellings, so "Strasse", "Straße" and "Strase" all match.</summary>
    public static string SearchText(PublicService service)
    {
        var text = string.Join(' ', service.Name, service.ShortText, service.LeikaKey);
        var expanded = Fold(text, expandUmlauts: true);
        var plain = Fold(text, expandUmlauts: false);
        return expanded == plain ? expanded : expanded + " | " + plain;
    }

    /// <summary>The query as it is matched against <see cref="SearchText"/>; spaces inside a LeiKa key are dropped.</summary>
    public static string FoldQuery(string query)
    {
        var folded = Fold(query.Trim(), expandUmlauts: true);
        return LeikaKey.Normalize(folded) ?? folded;
    }

    /// <summary>A readable address part: "Gewerbe anmelden" → "gewerbe-anmelden".</summary>
    public static string Slug(string name)
    {
        var folded = Fold(name, expandUmlauts: true);
        var slug = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var result = slug.ToString().Trim('-');
        return result.Length > 80 ? result[..80].TrimEnd('-') : result.Length == 0 ? "leistung" : result;
    }

    private static string Fold(string text, bool expandUmlauts)
    {
        var lower = text.ToLowerInvariant();
        var builder = new StringBuilder(lower.Length + 8);
        foreach (var c in lower)
        {
            switch (c)
            {
                case 'ß':
                    builder.Append("ss");
                    break;
                case 'ä' when expandUmlauts:
                    builder.Append("ae");
                    break;
                case 'ö' when expandUmlauts:
                    builder.Append("oe");
                    break;
                case 'ü' when expandUmlauts:
                    builder.Append("ue");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        // Remaining accents (é, å, and ä/ö/ü in the plain spelling) lose their marks.
        var decomposed = builder.ToString().Normalize(NormalizationForm.FormD);
        var result = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                result.Append(c);
            }
        }

        return string.Join(' ', result.ToString().Normalize(NormalizationForm.FormC).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
