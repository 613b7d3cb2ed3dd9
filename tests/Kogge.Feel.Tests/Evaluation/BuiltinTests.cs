using Kogge.Feel.Evaluation;

namespace Kogge.Feel.Tests.Evaluation;

public sealed class BuiltinTests
{
    private static object? Eval(string text) => FeelExpression.Parse(text).Evaluate().Value;

    [Theory]
    [InlineData("substring(\"foobar\", 3)", "obar")]
    [InlineData("substring(\"foobar\", -2, 1)", "a")]
    [InlineData("substring(string: \"foobar\", start position: 3, length: 2)", "ob")]
    [InlineData("upper case(\"abc\")", "ABC")]
    [InlineData("substring before(\"foobar\", \"bar\")", "foo")]
    [InlineData("substring after(\"foobar\", \"ob\")", "ar")]
    [InlineData("replace(\"abcd\", \"(ab)|(a)\", \"[1=$1][2=$2]\")", "[1=ab][2=]cd")]
    [InlineData("string join([\"a\", \"b\", \"c\"], \", \")", "a, b, c")]
    [InlineData("string(1.50)", "1.5")]
    [InlineData("string([1, \"a\"])", "[1, \"a\"]")]
    [InlineData("day of week(date(\"2024-05-17\"))", "Friday")]
    [InlineData("month of year(date(\"2024-05-17\"))", "May")]
    public void StringFunctions_GiveExpectedText(string text, string expected)
    {
        Assert.Equal(expected, Eval(text));
    }

    [Theory]
    [InlineData("string length(\"😀a\")", "2")]
    [InlineData("count([1, 2, 3])", "3")]
    [InlineData("sum([1, 2, 3])", "6")]
    [InlineData("min(3, 1, 2)", "1")]
    [InlineData("max([3, 1, 2])", "3")]
    [InlineData("mean([1, 2, 3, 4])", "2.5")]
    [InlineData("median([3, 1, 2, 4])", "2.5")]
    [InlineData("product(2, 3, 4)", "24")]
    [InlineData("decimal(1/3, 2)", "0.33")]
    [InlineData("decimal(2.5, 0)", "2")]
    [InlineData("floor(-1.5)", "-2")]
    [InlineData("ceiling(1.2)", "2")]
    [InlineData("round up(1.121, 2)", "1.13")]
    [InlineData("round down(-1.129, 2)", "-1.12")]
    [InlineData("round half up(2.5, 0)", "3")]
    [InlineData("round half down(2.5, 0)", "2")]
    [InlineData("modulo(-12, 5)", "3")]
    [InlineData("abs(-7)", "7")]
    [InlineData("sqrt(16)", "4")]
    [InlineData("number(\"1.000,5\", \".\", \",\")", "1000.5")]
    [InlineData("day of year(date(\"2024-12-31\"))", "366")]
    [InlineData("week of year(date(\"2021-01-03\"))", "53")]
    public void NumericFunctions_GiveExpectedNumber(string text, string expected)
    {
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Eval(text));
    }

    [Theory]
    [InlineData("list contains([1, 2], 2)", true)]
    [InlineData("all([true, true])", true)]
    [InlineData("any([false, true])", true)]
    [InlineData("matches(\"Kogge\", \"^K.*e$\")", true)]
    [InlineData("starts with(\"Rostock\", \"Ros\")", true)]
    [InlineData("even(4)", true)]
    [InlineData("before(1, [2..5])", true)]
    [InlineData("overlaps([1..5], [4..8])", true)]
    [InlineData("includes([1..10], 10)", true)]
    [InlineData("is(date(\"2024-01-01\"), date(\"2024-01-01\"))", true)]
    public void BooleanFunctions_GiveExpectedAnswer(string text, bool expected)
    {
        Assert.Equal(expected, Eval(text));
    }

    [Theory]
    [InlineData("sort([3, 1, 2])", "[1, 2, 3]")]
    [InlineData("sort([3, 1, 2], function(x, y) x > y)", "[3, 2, 1]")]
    [InlineData("sort(list: [\"b\", \"a\"], precedes: function(x, y) x < y)", "[\"a\", \"b\"]")]
    [InlineData("append([1], 2, 3)", "[1, 2, 3]")]
    [InlineData("concatenate([1], [2, 3])", "[1, 2, 3]")]
    [InlineData("insert before([1, 3], 2, 2)", "[1, 2, 3]")]
    [InlineData("remove([1, 2, 3], 2)", "[1, 3]")]
    [InlineData("reverse([1, 2, 3])", "[3, 2, 1]")]
    [InlineData("index of([1, 2, 1], 1)", "[1, 3]")]
    [InlineData("union([1, 2], [2, 3])", "[1, 2, 3]")]
    [InlineData("distinct values([1, 2, 1])", "[1, 2]")]
    [InlineData("flatten([1, [2, [3]]])", "[1, 2, 3]")]
    [InlineData("sublist([1, 2, 3], 2)", "[2, 3]")]
    [InlineData("list replace([1, 2, 3], 2, 9)", "[1, 9, 3]")]
    [InlineData("split(\"a,b;c\", \"[,;]\")", "[\"a\", \"b\", \"c\"]")]
    [InlineData("mode([1, 2, 2, 3, 3])", "[2, 3]")]
    [InlineData("get entries({a: 1})", "[{key: \"a\", value: 1}]")]
    [InlineData("context put({a: 1}, \"b\", 2)", "{a: 1, b: 2}")]
    [InlineData("context merge([{a: 1}, {a: 2, b: 3}])", "{a: 2, b: 3}")]
    [InlineData("context([{key: \"x\", value: 1}])", "{x: 1}")]
    [InlineData("range(\"[1..10)\")", "[1..10)")]
    public void ListAndContextFunctions_GiveExpectedValue(string text, string expected)
    {
        Assert.Equal(expected, Values.Format(Eval(text)));
    }

    [Theory]
    [InlineData("substring(\"abc\")")]
    [InlineData("sum([1, \"a\"])")]
    [InlineData("floor(1.5, null)")]
    [InlineData("sqrt(-1)")]
    [InlineData("matches(\"a\", \"(\")")]
    [InlineData("date(2024, 2, 30)")]
    [InlineData("number(\"12a\")")]
    [InlineData("get value(1, \"a\")")]
    public void Functions_WithBadArguments_GiveNull(string text)
    {
        var result = FeelExpression.Parse(text).Evaluate();

        Assert.Null(result.Value);
        Assert.NotEmpty(result.Warnings);
    }

    [Fact]
    public void Matches_CatastrophicPattern_TimesOutWithNull()
    {
        var result = FeelExpression.Parse("matches(\"" + new string('a', 5000) + "!\", \"^(a+)+$\")").Evaluate();

        Assert.Null(result.Value);
    }

    [Fact]
    public void Exp_And_Log_AreInverse()
    {
        var value = Assert.IsType<decimal>(Eval("log(exp(2.5))"));

        Assert.Equal(2.5m, Math.Round(value, 20));
    }
}
