namespace Kogge.Web.Tests.Infrastructure;

/// <summary>
/// The system clock, moved forward by <see cref="Offset"/>: a test jumps days or months ahead so that the engine's
/// timers fall due, while timers, delays and timestamps keep running in real time, so the host's background work
/// (job executor, outbox) goes on as usual. Offset zero is the system clock.
/// </summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Moves the clock forward; it never goes back, as a real one would not.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
