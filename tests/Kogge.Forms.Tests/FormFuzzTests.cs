using System.Text.Json.Nodes;
using CsCheck;
using Kogge.Forms.Rendering;
using Kogge.Forms.Schema;
using Kogge.Forms.Validation;
using Kogge.Testing;

namespace Kogge.Forms.Tests;

/// <summary>
/// Mutations of the form-js test forms: the reader may refuse them with <see cref="FormDefinitionException"/>; what
/// it reads is checked, filled with start data, rendered and validated against random posted data without an
/// exception of any other kind.
/// </summary>
public sealed class FormFuzzTests
{
    private static readonly Lazy<string[]> Forms = new(() =>
        Directory.GetFiles(SharedData.Path("form-js/forms"), "*.json").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToArray());

    private static readonly Gen<JsonNode?> PostedValue =
        Gen.Frequency(
            (4, Gen.OneOf("", "1", "1,5", "x", "2024-02-30", "on", "true", "a@b.de", "<script>", "{{a}}", "=1+1").Select(s => (JsonNode?)JsonValue.Create(s))),
            (1, Gen.Int.Select(i => (JsonNode?)JsonValue.Create(i))),
            (1, Gen.Const<JsonNode?>(() => new JsonArray("a", 1, null))),
            (1, Gen.Const<JsonNode?>(() => new JsonObject { ["name"] = "n" })),
            (1, Gen.Const<JsonNode?>(() => null)));

    private static string ReadRenderValidate(string json, (string Key, JsonNode? Value)[] posted)
    {
        FormDefinition form;
        try
        {
            form = FormDefinition.Parse(json);
        }
        catch (FormDefinitionException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
            return "refused";
        }

        FormChecker.Check(form);
        var validator = new FormValidator(form);
        var start = validator.InitialData(null);
        new FormRenderer(form).Render(start, null, null);

        // Post values under the keys the form itself uses, so the validator's paths are actually reached.
        var keys = Keys(form.Components).ToList();
        var data = new JsonObject();
        foreach (var (key, value) in posted)
        {
            data[keys.Count > 0 ? keys[Math.Abs(key.GetHashCode(StringComparison.Ordinal) % keys.Count)] : key] = value?.DeepClone();
        }

        var result = validator.Validate(data);
        new FormRenderer(form, "en").Render(data, result.Errors, null);
        return result.IsValid ? "read, rendered, valid" : "read, rendered, invalid";
    }

    private static IEnumerable<string> Keys(IReadOnlyList<FormComponent> components) =>
        components.SelectMany(c => (c.Key ?? c.Path) is { } k ? Keys(c.Components).Prepend(k) : Keys(c.Components));

    [Fact]
    public void FormReader_MutatedFormJsFiles_RefuseOrRenderAndValidateWithoutCrashing()
    {
        var forms = Forms.Value;
        Assert.NotEmpty(forms);
        var posted = Gen.Select(Gen.String[0, 8], PostedValue).Array[0, 6];
        var gen = Gen.Select(Gen.Int[0, forms.Length - 1].SelectMany(i => Fuzzing.Mutate(forms[i])), posted)
            .Select((json, values) => new FuzzCase(json, values));
        Fuzzing.Run("form-mutated-form-js-files", gen, c => ReadRenderValidate(c.Json, c.Posted));
    }

    [Fact]
    public void FormReader_UnmutatedFormJsFiles_WithRandomPostedData_NeverCrash()
    {
        var forms = Forms.Value;
        var posted = Gen.Select(Gen.String[0, 8], PostedValue).Array[0, 12];
        var gen = Gen.Select(Gen.Int[0, forms.Length - 1], posted).Select((i, values) => new FuzzCase(forms[i], values));
        Fuzzing.Run("form-random-posted-data", gen, c => ReadRenderValidate(c.Json, c.Posted), ci: 1000);
    }

    [Fact]
    public void FormReader_StructureMutatedFormJsFiles_RefuseOrRenderAndValidateWithoutCrashing()
    {
        var forms = Forms.Value;
        var posted = Gen.Select(Gen.String[0, 8], PostedValue).Array[0, 6];
        var gen = Gen.Select(Gen.Int[0, forms.Length - 1], Gen.Int[0, int.MaxValue].Array[9], posted)
            .Select((i, randoms, values) => new FuzzCase(MutateStructure(forms[i], randoms), values));
        Fuzzing.Run("form-structure-mutated-form-js-files", gen, c => ReadRenderValidate(c.Json, c.Posted));
    }

    /// <summary>
    /// Valid JSON, wrong form: a property's value replaced by another property's value of any type (a string where
    /// a list belongs, a component where a number belongs), a property removed, or a component copied elsewhere.
    /// </summary>
    private static string MutateStructure(string json, int[] randoms)
    {
        var root = JsonNode.Parse(json)!;
        for (var m = 0; m < 3; m++)
        {
            var properties = Properties(root).ToList();
            if (properties.Count < 2)
            {
                break;
            }

            var (owner, name) = properties[randoms[m * 3] % properties.Count];
            var (otherOwner, otherName) = properties[randoms[(m * 3) + 1] % properties.Count];
            var donor = otherOwner[otherName]?.DeepClone();
            switch (randoms[(m * 3) + 2] % 4)
            {
                case 0:
                    owner.Remove(name);
                    break;
                case 1 when owner[name] is JsonArray list && donor is not null:
                    list.Add(donor);
                    break;
                case 2:
                    owner[name] = JsonValue.Create(randoms[(m * 3) + 2] % 3 == 0 ? "=" + otherName : otherName);
                    break;
                default:
                    if (!ReferenceEquals(owner, otherOwner[otherName]) && !Contains(otherOwner[otherName], owner))
                    {
                        owner[name] = donor;
                    }

                    break;
            }
        }

        return root.ToJsonString();
    }

    private static IEnumerable<(JsonObject Owner, string Name)> Properties(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Properties(p.Value).Prepend((o, p.Key))).ToList(),
        JsonArray a => a.SelectMany(Properties).ToList(),
        _ => [],
    };

    private static bool Contains(JsonNode? container, JsonNode target) => container switch
    {
        null => false,
        _ when ReferenceEquals(container, target) => true,
        JsonObject o => o.Any(p => Contains(p.Value, target)),
        JsonArray a => a.Any(x => Contains(x, target)),
        _ => false,
    };

    private sealed record FuzzCase(string Json, (string Key, JsonNode? Value)[] Posted)
    {
        public override string ToString() => Json + " posted " + string.Join(", ", Posted.Select(p => $"{p.Key}={p.Value?.ToJsonString() ?? "null"}"));
    }
}
