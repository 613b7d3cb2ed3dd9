using CsCheck;
using Kogge.Feel.Dmn;
using Kogge.Feel.Parsing;

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

    private static void ParseAndEvaluate(string text)
    {
        FeelExpression expression;
        try
        {
            expression = FeelExpression.Parse(text, ["a", "x", "people", "list"]);
        }
        catch (FeelSyntaxException e)
        {
            Assert.True(e.Line >= 1 && e.Column >= 1);
            return;
        }

        var vars = new Dictionary<string, object?> { ["a"] = 5, ["x"] = 3, ["people"] = new List<object?>(), ["list"] = new List<object?> { 1, 2, 3 } };
        expression.Evaluate(vars);
    }

    [Fact]
    public void FeelParser_MutatedExpressions_NeverCrash()
    {
        Mutated.Sample(ParseAndEvaluate, iter: 3000, threads: 1);
    }

    [Fact]
    public void FeelParser_RandomText_NeverCrashes()
    {
        Random.Sample(ParseAndEvaluate, iter: 3000, threads: 1);
    }

    [Fact]
    public void UnaryTests_RandomText_NeverCrash()
    {
        Random.Sample(text =>
        {
            try
            {
                FeelUnaryTests.Parse(text).Matches(5);
            }
            catch (FeelSyntaxException)
            {
                // Refusing the text is the expected outcome for most random input.
            }
        }, iter: 2000, threads: 1);
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
        Gen.Select(Gen.Int[0, Model.Length - 1], Gen.Int[1, 40], Gen.Int[0, 2]).Sample((pos, len, kind) =>
        {
            var count = Math.Min(len, Model.Length - pos);
            var xml = kind switch
            {
                0 => Model.Remove(pos, count),
                1 => Model.Insert(pos, Model.Substring(pos, count)),
                _ => Model[..pos] + new string('<', count) + Model[pos..],
            };
            try
            {
                var model = DmnModel.Parse(xml);
                foreach (var name in model.DecisionNames)
                {
                    model.Evaluate(name, new Dictionary<string, object?> { ["age"] = 40 });
                }
            }
            catch (DmnException)
            {
                // A broken model is refused with a message; that is the point.
            }
        }, iter: 1500, threads: 1);
    }
}
