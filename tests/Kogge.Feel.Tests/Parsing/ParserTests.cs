using Kogge.Feel.Parsing;

namespace Kogge.Feel.Tests.Parsing;

public sealed class ParserTests
{
    [Fact]
    public void Parse_NameWithSpaces_ResolvesAgainstKnownNames()
    {
        var expression = FeelExpression.Parse("Monthly Salary * 12", ["Monthly Salary"]);

        var result = expression.Evaluate(new Dictionary<string, object?> { ["Monthly Salary"] = 1000m });

        Assert.Equal(12000m, result.Value);
    }

    [Fact]
    public void Parse_NameWithOperatorCharacters_IsOneName()
    {
        var expression = FeelExpression.Parse("Loan-to-value + 1", ["Loan-to-value"]);

        Assert.Equal(81m, expression.Evaluate(new Dictionary<string, object?> { ["Loan-to-value"] = 80 }).Value);
    }

    [Fact]
    public void Parse_UnknownNamesSeparatedByMinus_AreSubtraction()
    {
        var expression = FeelExpression.Parse("a-b");

        Assert.Equal(2m, expression.Evaluate(new Dictionary<string, object?> { ["a"] = 5, ["b"] = 3 }).Value);
    }

    [Fact]
    public void Parse_MissingClosingParenthesis_ReportsPositionAndReason()
    {
        var error = Assert.Throws<FeelSyntaxException>(() => FeelExpression.Parse("(1 + 2"));

        Assert.Equal(1, error.Line);
        Assert.Equal(7, error.Column);
        Assert.Contains("')'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnclosedString_SaysSo()
    {
        var error = Assert.Throws<FeelSyntaxException>(() => FeelExpression.Parse("\"abc"));

        Assert.Contains("string is not closed", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Column);
    }

    [Fact]
    public void Parse_ErrorOnSecondLine_ReportsLine()
    {
        var error = Assert.Throws<FeelSyntaxException>(() => FeelExpression.Parse("1 +\n * 2"));

        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void Parse_DeeplyNestedInput_IsRejectedWithoutCrashing()
    {
        var hostile = new string('(', 100_000) + "1" + new string(')', 100_000);

        var error = Assert.Throws<FeelSyntaxException>(() => FeelExpression.Parse(hostile));

        Assert.Contains("longer than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NestingBeyondLimit_IsRejected()
    {
        var hostile = new string('[', 500) + new string(']', 500);

        var error = Assert.Throws<FeelSyntaxException>(() => FeelExpression.Parse(hostile));

        Assert.Contains("nested", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LongNegationChain_IsRejectedNotStackOverflow()
    {
        var error = Assert.Throws<FeelSyntaxException>(() => FeelExpression.Parse(new string('-', 50_000) + "1"));

        Assert.Contains("nested", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("// comment\n1 + /* inline */ 2", 3)]
    [InlineData("1..3 = 1", null)]
    public void Parse_Comments_AreIgnored(string text, object? expected)
    {
        if (expected is null)
        {
            Assert.Throws<FeelSyntaxException>(() => FeelExpression.Parse(text));
            return;
        }

        Assert.Equal(Convert.ToDecimal(expected, System.Globalization.CultureInfo.InvariantCulture), FeelExpression.Parse(text).Evaluate().Value);
    }

    [Fact]
    public void ParseUnaryTests_Dash_MatchesAnything()
    {
        var tests = FeelUnaryTests.Parse("-");

        Assert.Equal(true, tests.Matches("anything").Value);
        Assert.Equal(true, tests.Matches(null).Value);
    }

    [Theory]
    [InlineData("< 18", 17, true)]
    [InlineData("< 18", 18, false)]
    [InlineData("[18..65]", 65, true)]
    [InlineData("[18..65)", 65, false)]
    [InlineData("]18..65]", 18, false)]
    [InlineData("1, 2, 3", 2, true)]
    [InlineData("not(1, 2, 3)", 2, false)]
    [InlineData("not(1, 2, 3)", 4, true)]
    [InlineData("? > 10 and ? < 20", 15, true)]
    [InlineData(">= 10, < 0", -1, true)]
    public void ParseUnaryTests_CellText_MatchesAsDecisionTablesDo(string cell, int input, bool expected)
    {
        Assert.Equal(expected, FeelUnaryTests.Parse(cell).Matches(input).Value);
    }

    [Fact]
    public void ParseUnaryTests_StringList_MatchesMember()
    {
        var tests = FeelUnaryTests.Parse("\"Gold\", \"Silver\"");

        Assert.Equal(true, tests.Matches("Silver").Value);
        Assert.Equal(false, tests.Matches("Bronze").Value);
    }

    [Fact]
    public void Parse_UndeclaredNameWithSpace_ExplainsHowToFixIt()
    {
        var error = Assert.Throws<FeelSyntaxException>(() => FeelExpression.Parse("Monthly Salary * 12"));

        Assert.Contains("'Monthly Salary' is one name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NestedUnclosedInLists_IsRefusedWithoutReadingEachLevelTwice()
    {
        // Found by fuzzing: each level was read as a list of tests and again as an expression, 2^n readings.
        var text = string.Concat(Enumerable.Repeat("true in (false", 60)) + ", true)";

        var e = Assert.Throws<FeelSyntaxException>(() => FeelExpression.Parse(text));

        Assert.True(e.Line >= 1);
    }

    [Theory]
    [InlineData("= ", false)]
    [InlineData("!= ", true)]
    [InlineData("= != ", false)]
    public void Parse_LongChainOfEqualsTests_KeepsEachPointOnce(string link, bool expected)
    {
        // Found by fuzzing ("[] = = … == … = 0"): "= x" held x as both end points of its range, so each '=' doubled
        // the work of compiling and evaluating; 40 links were 2^40 steps.
        var text = "[] " + string.Concat(Enumerable.Repeat(link, 40)) + "0";

        var result = FeelExpression.Parse(text).Evaluate();
        var matched = FeelUnaryTests.Parse(text[3..]).Matches(0);

        // Only the innermost "= 0" is a range of numbers; a range of ranges is null, so is each one around it.
        Assert.Equal(expected, result.Value);
        Assert.Contains("A range end point is null", result.Warnings);
        Assert.Equal(expected, matched.Value);
        Assert.Contains("A range end point is null", matched.Warnings);
        Assert.Throws<FeelSyntaxException>(() => FeelExpression.Parse(text + " ="));
    }
}
