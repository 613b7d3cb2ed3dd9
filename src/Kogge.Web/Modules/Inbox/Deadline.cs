namespace Kogge.Web.Modules.Inbox;

public enum DeadlineLevel
{
    /// <summary>Neither the task nor its service sets a deadline.</summary>
    None,
    Green,
    Amber,
    Red,
}

/// <summary>
/// The traffic light of a task: its deadline is the task's due date or, when the service sets a target processing time,
/// the case's start plus that time, whichever comes first. Red once passed; amber in the last fifth of the time from the
/// case's start to the deadline, and at least in its last day; green before.
/// </summary>
public sealed record Deadline(DateTimeOffset? Date, DeadlineLevel Level)
{
    public static Deadline For(DateTimeOffset? due, DateTimeOffset caseStart, int? targetDays, DateTimeOffset now)
    {
        DateTimeOffset? target = targetDays is > 0 and var days ? caseStart.AddDays(days) : null;
        var date = (due, target) switch
        {
            ({ } d, { } t) => d < t ? d : t,
            ({ } d, null) => d,
            (null, { } t) => t,
            _ => (DateTimeOffset?)null,
        };
        if (date is not { } deadline)
        {
            return new Deadline(null, DeadlineLevel.None);
        }

        if (deadline <= now)
        {
            return new Deadline(deadline, DeadlineLevel.Red);
        }

        var warning = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerDay, (deadline - caseStart).Ticks / 5));
        return new Deadline(deadline, deadline - now <= warning ? DeadlineLevel.Amber : DeadlineLevel.Green);
    }

    public string BadgeClass => Level switch
    {
        DeadlineLevel.Red => "kern-badge--danger",
        DeadlineLevel.Amber => "kern-badge--warning",
        DeadlineLevel.Green => "kern-badge--success",
        _ => "kern-badge--info",
    };

    public string IconClass => Level switch
    {
        DeadlineLevel.Red => "kern-icon--danger",
        DeadlineLevel.Amber => "kern-icon--warning",
        DeadlineLevel.Green => "kern-icon--success",
        _ => "kern-icon--info",
    };
}
