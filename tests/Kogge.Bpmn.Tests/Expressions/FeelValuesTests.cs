using Kogge.Bpmn.Expressions;
using Kogge.Bpmn.Expressions.Feel;
using Kogge.Bpmn.Tests.Engine;

namespace Kogge.Bpmn.Tests.Expressions;

public sealed class FeelValuesTests
{
    private static readonly FeelExpressionLanguage Feel = new(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero)));

    private sealed class Scope(Dictionary<string, object?> values) : IVariableScope
    {
        public List<string> Asked { get; } = [];

        public bool TryGetVariable(string name, out object? value)
        {
            Asked.Add(name);
            return values.TryGetValue(name, out value);
        }
    }

    private static object? Eval(string expression, params (string Name, object? Value)[] variables)
    {
        var compiled = Feel.Compile(expression);
        Assert.True(compiled.Succeeded, compiled.Error);
        return compiled.Expression!.Evaluate(new Scope(Vars.Of(variables)));
    }

    [Fact]
    public void Evaluate_Numbers_AreDecimal()
    {
        Assert.Equal(2.5m, Eval("amount / 2", ("amount", 5m)));
        Assert.Equal(7m, Eval("amount + 2", ("amount", 5)));
        Assert.Equal(0.3m, Eval("0.1 + 0.2"));
    }

    [Fact]
    public void Evaluate_StringsBooleansAndNull_PassThrough()
    {
        Assert.Equal("Erika Muster", Eval("first + \" \" + last", ("first", "Erika"), ("last", "Muster")));
        Assert.Equal(true, Eval("not(flag)", ("flag", false)));
        Assert.Null(Eval("missing"));
        Assert.Null(Eval("null"));
    }

    [Fact]
    public void Evaluate_ContextAndList_BecomeDictionaryAndList()
    {
        var value = Eval("{name: applicant.name, tags: [1, \"a\", true], nested: {x: 1}}", ("applicant", Vars.Of(("name", "Erika"))));

        var map = Assert.IsType<Dictionary<string, object?>>(value);
        Assert.Equal("Erika", map["name"]);
        Assert.Equal(new List<object?> { 1m, "a", true }, map["tags"]);
        Assert.Equal(1m, Assert.IsType<Dictionary<string, object?>>(map["nested"])["x"]);
    }

    [Fact]
    public void Evaluate_ListVariable_CanBeFilteredAndCounted()
    {
        var list = new List<object?> { "green", "red", "red" };

        Assert.Equal(2m, Eval("count(levels[item = \"red\"])", ("levels", list)));
        Assert.Equal(true, Eval("some l in levels satisfies l = \"red\"", ("levels", list)));
    }

    [Fact]
    public void Evaluate_Temporals_ConvertToEngineValues()
    {
        Assert.Equal(TimeSpan.FromMinutes(90), Eval("duration(\"PT1H\") + duration(\"PT30M\")"));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(1)), Eval("date and time(\"2026-03-02T10:00:00+01:00\")"));
        Assert.Equal("2026-03-05", Eval("date(\"2026-03-02\") + duration(\"P3D\")"));
        Assert.Equal("P1Y2M", Eval("duration(\"P14M\")"));
        Assert.Equal(TimeSpan.FromHours(2), Eval("wait * 2", ("wait", TimeSpan.FromHours(1))));
        Assert.Equal(true, Eval("due > date and time(\"2026-01-01T00:00:00Z\")", ("due", new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero))));
    }

    [Fact]
    public void Evaluate_Now_UsesEngineClock()
    {
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero), Eval("now()"));
    }

    [Fact]
    public void Evaluate_BadData_GivesNullInsteadOfThrowing()
    {
        Assert.Null(Eval("amount + 1", ("amount", "ten")));
        Assert.Null(Eval("date(\"not a date\")"));
    }

    [Fact]
    public void Evaluate_MissingVariableNamedLikeBuiltin_GivesNull()
    {
        var value = Assert.IsType<Dictionary<string, object?>>(Eval("{\"name\": name, \"product\": product}", ("name", "Erika")));

        Assert.Equal("Erika", value["name"]);
        Assert.Null(value["product"]);
        Assert.Null(Eval("function(x) x + 1"));
        Assert.Equal("car", Eval("product", ("product", "car")));
    }

    [Fact]
    public void Evaluate_NamesInStringLiterals_AreNotLookedUp()
    {
        var compiled = Feel.Compile("name + \" secret \" // comment\n");
        var scope = new Scope(Vars.Of(("name", "a")));

        Assert.Equal("a secret ", compiled.Expression!.Evaluate(scope));
        Assert.Equal(["name"], scope.Asked);
    }

    [Fact]
    public void Compile_SyntaxError_ReportsLineAndColumn()
    {
        var result = Feel.Compile("amount >");

        Assert.False(result.Succeeded);
        Assert.Contains("line 1", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ToFeel_EngineValues_BecomeFeelValues()
    {
        Assert.Equal(3m, FeelValues.ToFeel(3L));
        Assert.IsType<Kogge.Feel.Evaluation.FeelContext>(FeelValues.ToFeel(Vars.Of(("a", 1))));
        Assert.Equal(new List<object?> { 1m, "x" }, FeelValues.ToFeel(new object?[] { 1, "x" }));
    }
}
