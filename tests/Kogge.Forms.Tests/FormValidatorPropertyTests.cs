using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsCheck;
using Kogge.Forms.Schema;
using Kogge.Forms.Validation;

namespace Kogge.Forms.Tests;

/// <summary>
/// Random constraint sets on one field and random posted values: the validator never throws, and a value it keeps
/// without an error for its field satisfies every constraint, checked here independently of the validator's code.
/// </summary>
public sealed class FormValidatorPropertyTests
{
    private static readonly string[] Patterns = ["^[0-9]+$", "^[A-Z]", "a|b", "^.{3}$", "[", "(a+)+$"];

    private sealed record Constraints(
        string Type, bool Required, int? MinLength, int? MaxLength, string? Pattern, string? ValidationType,
        decimal? Min, decimal? Max, int? DecimalDigits, string? Increment)
    {
        public string ToJson()
        {
            var validate = new JsonObject { ["required"] = Required };
            AddIf(validate, "minLength", MinLength);
            AddIf(validate, "maxLength", MaxLength);
            AddIf(validate, "pattern", Pattern);
            AddIf(validate, "validationType", ValidationType);
            AddIf(validate, "min", Min);
            AddIf(validate, "max", Max);
            var component = new JsonObject { ["type"] = Type, ["key"] = "f", ["label"] = "F", ["validate"] = validate };
            AddIf(component, "decimalDigits", DecimalDigits);
            AddIf(component, "increment", Increment);
            if (Type == "datetime")
            {
                component["subtype"] = "date";
            }

            if (Type is "select" or "radio" or "checklist" or "taglist")
            {
                component["values"] = new JsonArray(Options.Select(o => (JsonNode)new JsonObject { ["label"] = o, ["value"] = o }).ToArray());
            }

            return new JsonObject { ["components"] = new JsonArray(component) }.ToJsonString();
        }

        private static void AddIf<T>(JsonObject o, string name, T? value)
        {
            if (value is not null)
            {
                o[name] = JsonValue.Create(value);
            }
        }
    }

    private static readonly string[] Options = ["a", "b", "12"];

    private static readonly Gen<int?> SmallInt = Gen.Int[0, 8].Nullable(0.5);

    private static readonly Gen<decimal?> Bound = Gen.Int[-200, 200].Select(i => i / 4m).Nullable(0.5);

    private static readonly Gen<Constraints> ConstraintSets =
        Gen.Select(
            Gen.OneOf("textfield", "textarea", "number", "number", "number", "select", "radio", "checklist", "taglist", "datetime", "checkbox"),
            Gen.Bool, SmallInt, SmallInt,
            Gen.OneOf(Patterns).Null(0.6), Gen.OneOf("email", "phone").Null(0.7),
            Gen.Select(Bound, Bound, Gen.Int[0, 3].Nullable(0.5), Gen.OneOf("0.5", "0.25", "3", "=step", "0", "-1", "x").Null(0.5)))
        .Select((type, required, minLength, maxLength, pattern, validationType, numbers) =>
            new Constraints(type, required, minLength, maxLength, pattern, validationType, numbers.Item1, numbers.Item2, numbers.Item3, numbers.Item4));

    private static readonly Gen<string> PostedText =
        Gen.OneOf(
            Gen.Char["0123456789,.-+ aAbZ@x:T"].Array[0, 12].Select(c => new string(c)),
            Gen.OneOf("", " ", "12", "1,5", "-3.25", "2024-02-29", "2024-02-30", "ada@example.org", "+49 381 123456", "a", "b", "1e5", "NaN", "on", "true"));

    private static readonly Gen<JsonNode?> Posted =
        Gen.Frequency(
            (6, PostedText.Select(s => (JsonNode?)JsonValue.Create(s))),
            (3, Gen.Int[-1600, 1600].Select(i => (JsonNode?)JsonValue.Create(i / 32m))),
            (3, Gen.Int[-1600, 1600].Select(i => (JsonNode?)JsonValue.Create((i / 32m).ToString(CultureInfo.GetCultureInfo("de-DE"))))),
            (1, Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b))),
            (2, PostedText.Array[0, 3].Select(a => (JsonNode?)new JsonArray(a.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()))),
            (1, Gen.Const<JsonNode?>(() => null)),
            (1, Gen.Const<JsonNode?>(() => new JsonObject { ["x"] = 1 })));

    [Fact]
    public void Validate_RandomConstraintsAndValues_NeverThrowsNeverKeepsAValueOutside()
    {
        var variables = new Dictionary<string, object?> { ["step"] = 0.5m };
        Gen.Select(ConstraintSets, Posted).Sample((constraints, posted) =>
        {
            var form = FormDefinition.Parse(constraints.ToJson());
            var result = new FormValidator(form).Validate(new JsonObject { ["f"] = posted?.DeepClone() }, variables);

            if (result.Errors.Any(e => e.Path == "f"))
            {
                Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
                return;
            }

            Assert.Empty(result.Errors);
            var kept = result.Data["f"];
            if (constraints.Required)
            {
                Assert.True(kept is not null && kept is not JsonArray { Count: 0 }, $"required field accepted empty: {constraints}");
                if (constraints.Type == "checkbox")
                {
                    Assert.True(kept!.GetValue<bool>());
                }
            }

            if (kept is not null)
            {
                Conforms(constraints, kept);
            }
        }, iter: 5000, threads: 1, print: c => $"{c.Item1.ToJson()} posted {c.Item2?.ToJsonString() ?? "null"}");
    }

    private static void Conforms(Constraints c, JsonNode kept)
    {
        if (c.Type is "select" or "radio" or "checklist" or "taglist")
        {
            var values = kept is JsonArray array ? array.Select(x => x?.ToJsonString()).ToList() : [kept.ToJsonString()];
            Assert.All(values, v => Assert.Contains(v, Options.Select(o => JsonValue.Create(o).ToJsonString())));
        }

        if (c.Type == "number")
        {
            var n = kept.GetValue<decimal>();
            Assert.True(c.Min is null || n >= c.Min, $"{n} below {c.Min}");
            Assert.True(c.Max is null || n <= c.Max, $"{n} above {c.Max}");
            Assert.True(c.DecimalDigits is null || decimal.Round(n, c.DecimalDigits.Value) == n, $"{n} has more than {c.DecimalDigits} decimals");
            var step = c.Increment switch
            {
                "=step" => 0.5m,
                { } s when decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) && d > 0 => d,
                _ => 0m,
            };
            Assert.True(step == 0 || n % step == 0, $"{n} not a multiple of {step}");
        }

        if (kept is JsonValue v && v.TryGetValue<string>(out var text) && c.Type is "textfield" or "textarea" or "datetime")
        {
            var length = text.Trim().Length;
            Assert.True(c.MinLength is null || length >= c.MinLength, $"'{text}' shorter than {c.MinLength}");
            Assert.True(c.MaxLength is null || length <= c.MaxLength, $"'{text}' longer than {c.MaxLength}");
            if (c.Pattern is { } pattern && IsRegex(pattern))
            {
                Assert.Matches(new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1)), text);
            }

            Assert.True(c.ValidationType != "email" || Regex.IsMatch(text, @"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.None, TimeSpan.FromSeconds(1)), $"'{text}' is no e-mail address");
            Assert.True(c.ValidationType != "phone" || Regex.IsMatch(text, @"^(\+|00)[1-9]", RegexOptions.None, TimeSpan.FromSeconds(1)), $"'{text}' is no international phone number");
            if (c.Type == "datetime")
            {
                Assert.True(DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _), $"'{text}' is no date");
            }
        }
    }

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
