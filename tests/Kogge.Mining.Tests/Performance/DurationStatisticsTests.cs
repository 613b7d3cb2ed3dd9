using Kogge.Mining.Performance;

namespace Kogge.Mining.Tests.Performance;

public sealed class DurationStatisticsTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1000)]
    [InlineData(17, 5)]
    [InlineData(1000, 3)]
    [InlineData(100_003, 1_000_000)]
    [InlineData(100_000, long.MaxValue / 200_000)]
    public void Summarize_RandomDurations_EqualsSortingFigures(int count, long range)
    {
        var random = new Random(count);
        var ticks = new long[count];
        for (var i = 0; i < count; i++)
        {
            ticks[i] = random.NextInt64(range);
        }

        var selected = DurationStatistics.Summarize((long[])ticks.Clone());
        var sorted = DurationStatistics.FromTicks(ticks);

        Assert.Equal(sorted, selected);
    }

    [Fact]
    public void Summarize_SortedAndReversedRuns_EqualsSortingFigures()
    {
        long[] ticks = [.. Enumerable.Range(0, 5000).Select(i => (long)i), .. Enumerable.Range(0, 5000).Select(i => 5000L - i), .. Enumerable.Repeat(42L, 3000)];

        Assert.Equal(DurationStatistics.FromTicks((long[])ticks.Clone()), DurationStatistics.Summarize(ticks));
    }

    [Fact]
    public void FromTicks_SumBeyondLongRange_MeanExact()
    {
        long[] ticks = [long.MaxValue - 1, long.MaxValue - 3];

        Assert.Equal(long.MaxValue - 2, DurationStatistics.FromTicks(ticks).Mean.Ticks);
    }
}
