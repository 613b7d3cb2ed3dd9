using Kogge.Web.Modules.Inbox;

namespace Kogge.Web.Tests.Modules.Inbox;

public sealed class DeadlineTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, DeadlineLevel.Green)] // 27 of 28 days left
    [InlineData(22, DeadlineLevel.Green)] // 6 days left, more than a fifth
    [InlineData(23, DeadlineLevel.Amber)] // 5 days left: the last fifth
    [InlineData(28, DeadlineLevel.Red)] // the deadline itself
    [InlineData(40, DeadlineLevel.Red)]
    public void TargetTimeOnly_LevelFollowsTheTimeLeft(int daysAfterStart, DeadlineLevel expected)
    {
        var deadline = Deadline.For(null, Start, 28, Start.AddDays(daysAfterStart));

        Assert.Equal(expected, deadline.Level);
        Assert.Equal(Start.AddDays(28), deadline.Date);
    }

    [Fact]
    public void DueDateBeforeTargetTime_TheEarlierCounts()
    {
        var due = Start.AddDays(3);

        var deadline = Deadline.For(due, Start, 28, Start.AddDays(2).AddHours(1));

        Assert.Equal(due, deadline.Date);
        Assert.Equal(DeadlineLevel.Amber, deadline.Level); // less than a day left
    }

    [Fact]
    public void TargetTimeBeforeDueDate_TheEarlierCounts()
    {
        var deadline = Deadline.For(Start.AddDays(60), Start, 10, Start.AddDays(11));

        Assert.Equal(Start.AddDays(10), deadline.Date);
        Assert.Equal(DeadlineLevel.Red, deadline.Level);
    }

    [Fact]
    public void NeitherDueDateNorTargetTime_NoLight()
    {
        Assert.Equal(new Deadline(null, DeadlineLevel.None), Deadline.For(null, Start, null, Start));
    }
}
