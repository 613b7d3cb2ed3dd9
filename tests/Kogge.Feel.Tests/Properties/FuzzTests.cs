using System.Xml.Linq;
using CsCheck;
using Kogge.Feel.Dmn;
using Kogge.Feel.Parsing;
using Kogge.Testing;

namespace Kogge.Feel.Tests.Properties;

/// <summary>
/// Generated and mutated input for the FEEL parser and the DMN reader: they may refuse the input with their own
/// exception, but never crash, hang or leak another exception; evaluation of whatever parses never throws.
/// </summary>
public sealed class FuzzTests
{
    private static readonly string[] Seeds =
    [
        "if a > 10 then \"big\" else \"small\"",
        "for x in [1, 2, 3] return x * 2",
        "some p in people satisfies p.age >= 18",
        "{a: 1, b: a + 1, c: [a, b][2]}",
        "date(\"2024-01-31\") + duration(\"P1M\")",
        "list[item > 2 and item < 10].name",
        "substring(string: \"foobar\", start position: 3)",
        "function(x, y) x ** y",
        "[1..10) = ]0..9]",
        "x in (< 5, [10..20], \"a\")",
        "@\"2024-05-17T10:00:00@Europe/Berlin\" - @\"P1DT2H\"",
        "not(true) or null and false",
        "sort([3, 1, 2], function(a, b) a > b)",
    ];

    private static readonly Gen<string> Mutated =
        Gen.Select(Gen.Int[0, Seeds.Length - 1], Gen.Int[0, 3], Gen.Int[0, 1000], Gen.Char["()[]{}\".,:<>=!+-*/@?\\ aZ0\n"], (seed, kind, pos, c) =>
        {
            var s = Seeds[seed];
            var p = pos % (s.Length + 1);
            return kind switch
            {
                0 => s.Remove(Math.Min(p, s.Length - 1), 1),
                1 => s.Insert(p, c.ToString()),
                2 => s[..p] + s,
                _ => s[p..] + s[..p],
            };
        });

    private static readonly Gen<string> Random =
        Gen.Char["()[]{}\".,:<>=!+-*/@?\\ abcxyz019ifthenelsforinreturn\n"].Array[0, 60].Select(a => new string(a));

    private static string ParseAndEvaluate(string text)
    {
        FeelExpression expression;
        try
        {
            expression = FeelExpression.Parse(text, ["a", "x", "people", "list"]);
        }
        catch (FeelSyntaxException e)
        {
            Assert.True(e.Line >= 1 && e.Column >= 1);
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
            return "refused";
        }

        var vars = new Dictionary<string, object?> { ["a"] = 5, ["x"] = 3, ["people"] = new List<object?>(), ["list"] = new List<object?> { 1, 2, 3 } };
        return expression.Evaluate(vars).Value is null ? "evaluated to null" : "evaluated";
    }

    [Fact]
    public void FeelParser_MutatedExpressions_NeverCrash()
    {
        Fuzzing.Run("feel-mutated-seeds", Mutated, ParseAndEvaluate);
    }

    [Fact]
    public void FeelParser_RandomText_NeverCrashes()
    {
        Fuzzing.Run("feel-random-characters", Random, ParseAndEvaluate);
    }

    [Fact]
    public void UnaryTests_RandomText_NeverCrash()
    {
        Fuzzing.Run("feel-unary-tests", Random, text =>
        {
            try
            {
                FeelUnaryTests.Parse(text).Matches(5);
                return "matched";
            }
            catch (FeelSyntaxException)
            {
                return "refused";
            }
        });
    }

    private const string Model = """
        <definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" name="m" namespace="m">
          <itemDefinition name="tAge"><typeRef>number</typeRef><allowedValues><text>[0..150]</text></allowedValues></itemDefinition>
          <inputData id="in" name="age"><variable name="age" typeRef="tAge" /></inputData>
          <decision id="d" name="group"><informationRequirement><requiredInput href="#in" /></informationRequirement>
            <decisionTable hitPolicy="FIRST"><input><inputExpression typeRef="number"><text>age</text></inputExpression></input>
              <output name="g" typeRef="string" />
              <rule><inputEntry><text>&lt; 18</text></inputEntry><outputEntry><text>"minor"</text></outputEntry></rule>
              <rule><inputEntry><text>-</text></inputEntry><outputEntry><text>"adult"</text></outputEntry></rule>
            </decisionTable></decision>
        </definitions>
        """;

    [Fact]
    public void DmnReader_MutatedModels_RefuseOrEvaluateWithoutCrashing()
    {
        Fuzzing.Run("dmn-mutated-small-model", Fuzzing.Mutate(Model), ReadAndEvaluate);
    }

    // Tokens of the FEEL grammar, so that random sequences get past the lexer and exercise the parser.
    private static readonly string[] Tokens =
    [
        "a", "x", "list", "people", "1", "0.5", "-", "+", "*", "/", "**", "=", "!=", "<", "<=", ">", ">=", "(", ")", "[", "]", "{", "}",
        ",", ":", ".", "..", "\"s\"", "@\"2024-01-01\"", "if", "then", "else", "for", "in", "return", "some", "every", "satisfies",
        "and", "or", "not", "between", "instance", "of", "function", "null", "true", "false", "?", "item", "date", "count", "sum",
        "string length", "date and time", "context", "list<number>", "external",
    ];

    private static readonly Gen<string> TokenSequences =
        Gen.OneOf(Tokens).Array[0, 40].Select(t => string.Join(' ', t));

    [Fact]
    public void FeelParser_RandomTokenSequences_NeverCrash()
    {
        Fuzzing.Run("feel-random-tokens", TokenSequences, ParseAndEvaluate);
    }

    private static readonly Lazy<string[]> TckExpressions = new(() =>
        Directory.GetFiles(SharedData.Path("dmn-tck/TestCases"), "*.dmn", SearchOption.AllDirectories)
            .SelectMany(f => XDocument.Load(f).Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value))
            .Where(t => t.Length is > 0 and < 2000)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray());

    [Fact]
    public void FeelParser_MutatedTckExpressions_NeverCrash()
    {
        var expressions = TckExpressions.Value;
        Assert.True(expressions.Length > 1000, $"only {expressions.Length} expressions found in the TCK");
        var gen = Gen.Int[0, expressions.Length - 1].SelectMany(i => Fuzzing.Mutate(expressions[i]));
        Fuzzing.Run("feel-mutated-tck-expressions", gen, ParseAndEvaluate);
    }

    private static readonly (string Open, string Close)[] Nestings =
        [("(", ")"), ("[", "]"), ("{a: ", "}"), ("-", ""), ("not(", ")"), ("if true then ", " else 0"), ("for i in [1] return ", ""), ("f(", ")"), ("a.b", ""), ("[1,2][", "]")];

    [Fact]
    public void FeelParser_DeepNesting_IsRefusedByTheDepthLimitNotTheStack()
    {
        var gen = Gen.Select(Gen.Int[0, Nestings.Length - 1], Gen.Int[1, 5000]).Select((kind, depth) =>
        {
            var (open, close) = Nestings[kind];
            return string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));
        });
        Fuzzing.Run("feel-deep-nesting", gen, ParseAndEvaluate, ci: 100);
    }

    private static readonly Lazy<(string Name, string Xml)[]> TckModels = new(() =>
        Directory.GetFiles(SharedData.Path("dmn-tck/TestCases"), "*.dmn", SearchOption.AllDirectories)
            .Where(f => DmnModel.ImportedNamespaces(File.ReadAllText(f)).Count == 0)
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllText(f)))
            .ToArray());

    [Fact]
    public void DmnReader_ByteMutatedTckModels_RefuseOrEvaluateWithoutCrashing()
    {
        var models = TckModels.Value;
        var gen = Gen.Int[0, models.Length - 1].SelectMany(i => Fuzzing.Mutate(models[i].Xml));
        Fuzzing.Run("dmn-byte-mutated-tck-models", gen, ReadAndEvaluate, ci: 500);
    }

    [Fact]
    public void DmnReader_StructureMutatedTckModels_RefuseOrEvaluateWithoutCrashing()
    {
        var models = TckModels.Value;
        var gen = Gen.Select(Gen.Int[0, models.Length - 1], Gen.Int[0, int.MaxValue].Array[8], Gen.Int[1, 3]).Select((i, randoms, count) =>
            MutateStructure(models[i].Xml, randoms, count));
        Fuzzing.Run("dmn-structure-mutated-tck-models", gen, ReadAndEvaluate, ci: 200);
    }

    /// <summary>
    /// Well-formed XML, wrong model: elements removed, duplicated, moved into another parent or swapped with a
    /// sibling, attribute values (ids, hrefs, names, typeRefs, hit policies) exchanged between elements.
    /// </summary>
    private static string MutateStructure(string xml, int[] randoms, int count)
    {
        var doc = XDocument.Parse(xml);
        for (var m = 0; m < count; m++)
        {
            // Collected again after each mutation: a removed element has no parent to add a sibling to.
            var elements = doc.Root!.Descendants().ToList();
            var attributes = doc.Root.DescendantsAndSelf().Attributes().Where(a => !a.IsNamespaceDeclaration).ToList();
            if (elements.Count < 2)
            {
                break;
            }

            var el = elements[randoms[m] % elements.Count];
            var other = elements[randoms[m + 1] % elements.Count];
            switch (randoms[m + 2] % 5)
            {
                case 0 when el.Parent is not null:
                    el.Remove();
                    break;
                case 1:
                    el.AddAfterSelf(new XElement(el));
                    break;
                case 2 when !other.AncestorsAndSelf().Contains(el):
                    other.Add(new XElement(el));
                    break;
                case 3 when attributes.Count > 1:
                    var a = attributes[randoms[m + 3] % attributes.Count];
                    var b = attributes[randoms[m + 4] % attributes.Count];
                    (a.Value, b.Value) = (b.Value, a.Value);
                    break;
                default:
                    if (el.Elements().Any() is false && other.Elements().Any() is false)
                    {
                        (el.Value, other.Value) = (other.Value, el.Value);
                    }

                    break;
            }
        }

        return doc.ToString(SaveOptions.DisableFormatting);
    }

    private static readonly Dictionary<string, object?> SomeInputs = new()
    {
        ["age"] = 40, ["a"] = 10, ["b"] = "x", ["Applicant"] = new Dictionary<string, object?> { ["Age"] = 30 },
    };

    private static string ReadAndEvaluate(string xml)
    {
        DmnModel model;
        try
        {
            model = DmnModel.Parse(xml);
        }
        catch (DmnException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
            return "refused";
        }

        foreach (var name in model.DecisionNames.Take(20))
        {
            model.Evaluate(name, SomeInputs);
        }

        foreach (var name in model.DecisionServiceNames.Take(5))
        {
            model.InvokeDecisionService(name, SomeInputs);
        }

        model.CheckInputs(SomeInputs);
        return "read and evaluated";
    }
}
