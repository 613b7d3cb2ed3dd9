using Kogge.Feel.Evaluation;

namespace Kogge.Feel.Tests.Evaluation;

public sealed class EvaluationTests
{
    private static object? Eval(string text, IReadOnlyDictionary<string, object?>? variables = null) =>
        FeelExpression.Parse(text, variables?.Keys).Evaluate(variables).Value;

    [Theory]
    [InlineData("0.1 + 0.2", "0.3")]
    [InlineData("10 / 4", "2.5")]
    [InlineData("2 ** 10", "1024")]
    [InlineData("-5 ** 2", "25")]
    [InlineData("3 ** 4 ** 5", "3486784401")]
    [InlineData("1 - 2 - 3", "-4")]
    [InlineData("1 + 2 * 3", "7")]
    public void Arithmetic_Decimals_AreExact(string text, string expected)
    {
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Eval(text));
    }

    [Theory]
    [InlineData("1 / 0")]
    [InlineData("1 + \"a\"")]
    [InlineData("null + 1")]
    [InlineData("\"a\" * 2")]
    [InlineData("date(\"2024-13-01\")")]
    [InlineData("unknownName")]
    [InlineData("[1, 2, 3][5]")]
    [InlineData("date and time(\"2018-12-10T10:30:00@Etc\")")]
    [InlineData("time(\"10:30:00@../../../etc/passwd\")")]
    [InlineData("date and time(\"2018-12-10T10:30:00@/etc/hostname\")")]
    [InlineData("@\"P11111111111111111111111111M\"")]
    [InlineData("duration(\"P9999999999999999999Y\")")]
    [InlineData("duration(\"PT99999999999999999999999999H\")")]
    [InlineData("@\"P1Y2DT3H\"")]
    public void Evaluate_BadData_GivesNullWithoutThrowing(string text)
    {
        var result = FeelExpression.Parse(text).Evaluate();

        Assert.Null(result.Value);
    }

    [Fact]
    public void Evaluate_DivisionByZero_ExplainsInAWarning()
    {
        var result = FeelExpression.Parse("1 / 0").Evaluate();

        Assert.NotEmpty(result.Warnings);
    }

    [Theory]
    [InlineData("true and null", null)]
    [InlineData("false and null", false)]
    [InlineData("true or null", true)]
    [InlineData("false or null", null)]
    [InlineData("null = null", true)]
    [InlineData("1 = null", false)]
    [InlineData("1 < null", null)]
    [InlineData("\"a\" = 1", null)]
    public void Logic_NullSemantics_FollowThreeValuedLogic(string text, bool? expected)
    {
        Assert.Equal(expected, Eval(text));
    }

    [Theory]
    [InlineData("5 between 1 and 10", true)]
    [InlineData("5 in [1..5)", false)]
    [InlineData("5 in (1, 5, 7)", true)]
    [InlineData("5 in < 10", true)]
    [InlineData("[1, 2] = [1, 2]", true)]
    [InlineData("{a: 1} = {a: 1}", true)]
    [InlineData("some x in [1, 2, 3] satisfies x > 2", true)]
    [InlineData("every x in [1, 2, 3] satisfies x > 2", false)]
    [InlineData("1 instance of number", true)]
    [InlineData("[1, 2] instance of list<number>", true)]
    [InlineData("\"a\" instance of number", false)]
    public void Comparison_Operators_Work(string text, bool expected)
    {
        Assert.Equal(expected, Eval(text));
    }

    [Fact]
    public void If_ConditionNotBoolean_TakesElse()
    {
        Assert.Equal("no", Eval("if null then \"yes\" else \"no\""));
    }

    [Fact]
    public void For_OverRange_BuildsList()
    {
        var result = Assert.IsType<List<object?>>(Eval("for i in 1..3 return i * i"));

        Assert.Equal([1m, 4m, 9m], result);
    }

    [Fact]
    public void For_Partial_SeesEarlierResults()
    {
        var result = Assert.IsType<List<object?>>(Eval("for i in 1..5 return if i = 1 then 1 else i * partial[-1]"));

        Assert.Equal(120m, result[^1]);
    }

    [Fact]
    public void Filter_OnContexts_SelectsByField()
    {
        var people = new List<object?>
        {
            new Dictionary<string, object?> { ["name"] = "Ada", ["age"] = 36 },
            new Dictionary<string, object?> { ["name"] = "Bob", ["age"] = 17 },
        };

        var result = Eval("people[age >= 18].name", new Dictionary<string, object?> { ["people"] = people });

        Assert.Equal(["Ada"], Assert.IsType<List<object?>>(result));
    }

    [Fact]
    public void Filter_NumericIndex_CountsFromOneAndFromEnd()
    {
        Assert.Equal(1m, Eval("[1, 2, 3][1]"));
        Assert.Equal(3m, Eval("[1, 2, 3][-1]"));
    }

    [Fact]
    public void Context_LaterEntries_SeeEarlierOnes()
    {
        var ctx = Assert.IsType<FeelContext>(Eval("{base: 100, fee: base * 0.19, total: base + fee}"));

        Assert.Equal(119m, ctx["total"]);
    }

    [Fact]
    public void Function_DefinedInContext_IsCalledWithNamedParameters()
    {
        Assert.Equal(7m, Eval("{add: function(a, b) a + b, r: add(b: 3, a: 4)}.r"));
    }

    [Fact]
    public void Function_Recursive_RunsOutOfDepthWithNullNotCrash()
    {
        var result = FeelExpression.Parse("{f: function(n) f(n + 1), r: f(1)}.r").Evaluate();

        Assert.Null(result.Value);
        Assert.NotEmpty(result.Warnings);
    }

    [Fact]
    public void Temporal_DateMinusDate_IsDaysDuration()
    {
        var result = Assert.IsType<DaysTimeDuration>(Eval("date(\"2024-03-01\") - date(\"2024-02-01\")"));

        Assert.Equal(29m * 86400m, result.Seconds);
    }

    [Theory]
    [InlineData("date(\"2024-01-31\") + duration(\"P1M\")", "2024-02-29")]
    [InlineData("@\"2024-01-31\" - @\"P1D\"", "2024-01-30")]
    [InlineData("string(date and time(\"2024-05-17T10:30:00@Europe/Berlin\") + duration(\"PT1H\"))", "2024-05-17T11:30:00@Europe/Berlin")]
    [InlineData("string(time(\"23:30:00\") + duration(\"PT1H\"))", "00:30:00")]
    [InlineData("string(duration(\"P1Y2M\") + duration(\"P10M\"))", "P2Y")]
    [InlineData("string(duration(\"PT36H\"))", "P1DT12H")]
    public void Temporal_Arithmetic_GivesExpectedValue(string text, string expected)
    {
        Assert.Equal(expected, Values.Format(Eval(text)));
    }

    [Fact]
    public void Temporal_Properties_AreReadable()
    {
        Assert.Equal(2024m, Eval("date(\"2024-05-17\").year"));
        Assert.Equal(5m, Eval("date(\"2024-05-17\").weekday"));
        Assert.Equal(true, Eval("[1..10).start included"));
    }

    [Fact]
    public void Evaluate_ClrInputs_AreConverted()
    {
        var result = Eval("x + y", new Dictionary<string, object?> { ["x"] = 1, ["y"] = 2.5 });

        Assert.Equal(3.5m, result);
    }

    [Fact]
    public void Evaluate_NowAndToday_UseTheGivenClock()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));

        var result = FeelExpression.Parse("today()").Evaluate(clock: clock);

        Assert.Equal(new FeelDate(new DateOnly(2030, 1, 2)), result.Value);
    }

    [Fact]
    public void Compile_Once_EvaluatesManyTimesWithDifferentInputs()
    {
        var fee = FeelExpression.Parse("if amount > 1000 then amount * 0.01 else 10", ["amount"]);

        Assert.Equal(10m, fee.Evaluate(new Dictionary<string, object?> { ["amount"] = 500 }).Value);
        Assert.Equal(20m, fee.Evaluate(new Dictionary<string, object?> { ["amount"] = 2000 }).Value);
    }

    [Fact]
    public void For_OverHugeRanges_StopsWithNullInsteadOfHanging()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var result = FeelExpression.Parse("for i in 1..1000000, j in 1..1000000 return 1").Evaluate();

        Assert.Null(result.Value);
        Assert.Contains(result.Warnings, w => w.Contains("too many steps", StringComparison.Ordinal));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Function_ExponentialRecursion_StopsWithNullInsteadOfHanging()
    {
        var result = FeelExpression.Parse("{f: function(n) if n < 1 then 0 else f(n - 1) + f(n - 1), r: f(60)}.r").Evaluate();

        Assert.Null(result.Value);
        Assert.NotEmpty(result.Warnings);
    }
}
