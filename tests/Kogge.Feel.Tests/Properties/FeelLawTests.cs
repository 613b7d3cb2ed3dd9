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

    private static readonly FeelExpression SumLeft = FeelExpression.Parse("(a + b) + c");
    private static readonly FeelExpression SumRight = FeelExpression.Parse("a + (b + c)");
    private static readonly FeelExpression Chain = FeelExpression.Parse("[a <= b, b <= c, a <= c, b <= a, a = b]");

    private static Dictionary<string, object?> Vars(object? a, object? b, object? c) => new() { ["a"] = a, ["b"] = b, ["c"] = c };

    [Fact]
    public void Addition_OfNumbersAndDurations_IsAssociative()
    {
        Gen.Select(Amount, Amount, Amount).Sample((a, b, c) =>
            Assert.Equal(SumLeft.Evaluate(Vars(a, b, c)).Value, SumRight.Evaluate(Vars(a, b, c)).Value), iter: 2000);
        Gen.Select(Seconds, Seconds, Seconds).Sample((a, b, c) =>
        {
            var vars = Vars(new DaysTimeDuration(a), new DaysTimeDuration(b), new DaysTimeDuration(c));
            Assert.Equal(SumLeft.Evaluate(vars).Value, SumRight.Evaluate(vars).Value);
        }, iter: 2000);
    }

    /// <summary>Checks that &lt;= is antisymmetric and transitive on generated triples of one type.</summary>
    private static void OrderingLaws<T>(Gen<T> gen)
    {
        // Small domains make equal neighbours frequent, so antisymmetry is actually exercised.
        gen.Select(gen, gen).Sample((a, b, c) =>
        {
            var r = Assert.IsType<List<object?>>(Chain.Evaluate(Vars(a, b, c)).Value);
            Assert.All(r, x => Assert.IsType<bool>(x));
            if (r[0] is true && r[3] is true)
            {
                Assert.Equal(true, r[4]);
            }

            if (r[0] is true && r[1] is true)
            {
                Assert.Equal(true, r[2]);
            }

            Assert.True(r[0] is true || r[3] is true, "two values of one type are comparable");
        }, iter: 2000);
    }

    [Fact]
    public void Ordering_OfNumbers_IsAntisymmetricAndTransitive() => OrderingLaws(Gen.Int[-5, 5].Select(i => i / 2m));

    [Fact]
    public void Ordering_OfDates_IsAntisymmetricAndTransitive() => OrderingLaws(Gen.Int[0, 6].Select(d => new FeelDate(2024, 2, 26 + (d % 4)) as object));

    [Fact]
    public void Ordering_OfDurations_IsAntisymmetricAndTransitive()
    {
        OrderingLaws(Gen.Int[-3, 3].Select(h => new DaysTimeDuration(h * 3600m) as object));
        OrderingLaws(Gen.Int[-3, 3].Select(m => new YearsMonthsDuration(m) as object));
    }

    [Fact]
    public void Dates_PlusYearsMonthsMinusTheSame_IsTheSameDate()
    {
        // Days up to 28 exist in every month, so no end-of-month clamping can take place.
        Gen.Select(Date, Gen.Int[-2400, 2400]).Sample((d, months) =>
            Assert.Equal(d, RoundTrip.Evaluate(Vars(d, new YearsMonthsDuration(months))).Value), iter: 2000);
    }

    [Fact]
    public void DateTimes_PlusDurationMinusTheSame_IsTheSameInstant()
    {
        var dateTime = Gen.Select(Date, Gen.Int[0, 86399], (d, s) => FeelExpression.Parse($"date and time(\"{d}T{s / 3600:00}:{s / 60 % 60:00}:{s % 60:00}Z\")").Evaluate().Value);
        Gen.Select(dateTime, Seconds).Sample((t, s) =>
        {
            var result = RoundTrip.Evaluate(Vars(t, new DaysTimeDuration(s)));
            Assert.Equal(t, result.Value);
        }, iter: 1000);
    }

    private static readonly string[] NullPropagating =
    [
        "a + null", "null + a", "a - null", "a * null", "null / a", "a ** null", "-null",
        "a < null", "null >= a", "a > null", "null <= a",
    ];

    [Fact]
    public void Arithmetic_AndOrdering_WithNull_IsNull()
    {
        var expressions = NullPropagating.Select(t => FeelExpression.Parse(t)).ToArray();
        var value = Gen.OneOf(Amount.Select(a => (object)a), Date.Select(d => (object)d), Seconds.Select(s => (object)new DaysTimeDuration(s)), Gen.String.Select(s => (object)s));
        Gen.Select(value, Gen.Int[0, expressions.Length - 1]).Sample((a, i) =>
            Assert.Null(expressions[i].Evaluate(Vars(a, null)).Value), iter: 2000);
    }

    [Fact]
    public void Arithmetic_OnMismatchedTypes_IsNullWithAWarning()
    {
        var sum = FeelExpression.Parse("a + b");
        Gen.Select(Amount, Gen.String).Sample((a, s) =>
        {
            var result = sum.Evaluate(Vars(a, s));
            Assert.Null(result.Value);
            Assert.NotEmpty(result.Warnings);
        }, iter: 500);
    }
}
