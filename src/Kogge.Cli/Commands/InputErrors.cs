using System.ComponentModel.DataAnnotations;

namespace Kogge.Cli.Commands;

/// <summary>
/// Checks input with the same rules and German messages as the platform's pages, and reports each problem with
/// the option it belongs to.
/// </summary>
internal static class InputErrors
{
    public static List<(string Field, string Message)> Validate(object input)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(input, new ValidationContext(input), results, validateAllProperties: true);
        return [.. results.SelectMany(r => r.MemberNames.DefaultIfEmpty("").Select(m => (m, r.ErrorMessage ?? "")))];
    }

    /// <summary>Throws a usage error listing every problem; <paramref name="options"/> maps a field to its option.</summary>
    public static void ThrowIfAny(IReadOnlyList<(string Field, string Message)> errors, IReadOnlyDictionary<string, string> options, Func<string, string?> valueOf)
    {
        if (errors.Count == 0)
        {
            return;
        }

        var order = options.Keys.ToList();
        var lines = errors.Distinct().OrderBy(e => order.IndexOf(e.Field) is var i and >= 0 ? i : order.Count).Select(e =>
        {
            var option = options.GetValueOrDefault(e.Field, e.Field);
            var value = valueOf(e.Field);
            return value is null ? $"  {option}: {e.Message}" : $"  {option} \"{value}\": {e.Message}";
        });
        throw CliException.Usage("invalid input:" + Environment.NewLine + string.Join(Environment.NewLine, lines));
    }
}
