using CsCheck;
using Kogge.Feel.Evaluation;

namespace Kogge.Feel.Tests.Properties;

/// <summary>Algebraic laws FEEL arithmetic must keep, checked on generated decimals, dates and durations.</summary>
public sealed class FeelLawTests
{
    private static readonly Gen<decimal> Amount =
        Gen.Select(Gen.Long[-1_000_000_000_000L, 1_000_000_000_000L], Gen.Int[0, 8], (m, s) => m / (decimal)Math.Pow(10, s));

    private static readonly Gen<FeelDate> Date =
        Gen.Select(Gen.Long[-3000, 12000], Gen.Int[1, 12], Gen.Int[1, 28], (y, m, d) => new FeelDate(y, m, d));

    private static readonly Gen<decimal> Seconds = Gen.Long[-10_000_000_000L, 10_000_000_000L].Select(s => (decimal)s);

    private static readonly FeelExpression Sum = FeelExpression.Parse("a + b");
    private static readonly FeelExpression SumSwapped = FeelExpression.Parse("b + a");
    private static readonly FeelExpression RoundTrip = FeelExpression.Parse("(a + b) - b");
    private static readonly FeelExpression Ordering = FeelExpression.Parse("[a < b, a >= b, a = b, a != b]");

    private static Dictionary<string, object?> Vars(object? a, object? b) => new() { ["a"] = a, ["b"] = b };

    [Fact]
    public void Addition_OfNumbers_IsCommutativeAndInvertible()
    {
        Gen.Select(Amount, Amount).Sample((a, b) =>
        {
            Assert.Equal(Sum.Evaluate(Vars(a, b)).Value, SumSwapped.Evaluate(Vars(a, b)).Value);
            Assert.Equal(a, RoundTrip.Evaluate(Vars(a, b)).Value);
        }, iter: 2000);
    }

    [Fact]
    public void Comparison_OfNumbers_IsTotalAndConsistent()
    {
        Gen.Select(Amount, Amount).Sample((a, b) =>
        {
            var r = Assert.IsType<List<object?>>(Ordering.Evaluate(Vars(a, b)).Value);
            Assert.Equal(a < b, r[0]);
            Assert.NotEqual(r[0], r[1]);
            Assert.NotEqual(r[2], r[3]);
            Assert.Equal(a == b, r[2]);
        }, iter: 2000);
    }

    [Fact]
    public void Multiplication_DistributesOverAddition()
    {
        var left = FeelExpression.Parse("c * (a + b)");
        var right = FeelExpression.Parse("c * a + c * b");
        Gen.Select(Amount, Amount, Gen.Int[-1000, 1000]).Sample((a, b, c) =>
        {
            var vars = new Dictionary<string, object?> { ["a"] = a, ["b"] = b, ["c"] = (decimal)c };
            Assert.Equal(left.Evaluate(vars).Value, right.Evaluate(vars).Value);
        }, iter: 2000);
    }

    [Fact]
    public void DaysTimeDurations_AddAndSubtractBackToStart()
    {
        Gen.Select(Seconds, Seconds).Sample((a, b) =>
        {
            var x = new DaysTimeDuration(a);
            var y = new DaysTimeDuration(b);
            Assert.Equal(x, RoundTrip.Evaluate(Vars(x, y)).Value);
            Assert.Equal(Sum.Evaluate(Vars(x, y)).Value, SumSwapped.Evaluate(Vars(x, y)).Value);
        }, iter: 2000);
    }

    [Fact]
    public void Dates_PlusDaysMinusDays_IsTheSameDate()
    {
        Gen.Select(Date, Gen.Int[-100_000, 100_000]).Sample((d, days) =>
        {
            var duration = new DaysTimeDuration(days * 86400m);
            Assert.Equal(d, RoundTrip.Evaluate(Vars(d, duration)).Value);
            var difference = FeelExpression.Parse("(a + b) - a").Evaluate(Vars(d, duration)).Value;
            Assert.Equal(duration, difference);
        }, iter: 2000);
    }

    [Fact]
    public void Dates_DayNumbers_RoundTripThroughTheCalendar()
    {
        Date.Sample(d => Assert.Equal(d, Temporal.CivilFromDays(d.DayNumber)), iter: 5000);
    }

    [Fact]
    public void Dates_WithinDotNetRange_AgreeWithDateOnly()
    {
        Gen.DateOnly[new DateOnly(1, 1, 1), new DateOnly(9999, 12, 31)].Sample(d =>
        {
            var feel = new FeelDate(d);
            Assert.Equal(d.DayNumber - new DateOnly(1970, 1, 1).DayNumber, feel.DayNumber);
            Assert.Equal(d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), feel.ToString());
        }, iter: 5000);
    }

    [Fact]
    public void YearsMonthsDurations_AddAndSubtractBackToStart()
    {
        Gen.Select(Gen.Int[-100_000, 100_000], Gen.Int[-100_000, 100_000]).Sample((a, b) =>
        {
            var x = new YearsMonthsDuration(a);
            var y = new YearsMonthsDuration(b);
            Assert.Equal(x, RoundTrip.Evaluate(Vars(x, y)).Value);
        }, iter: 2000);
    }
}
