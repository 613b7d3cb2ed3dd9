namespace Kogge.Cli.Simulate;

/// <summary>The clock of a simulation: it stands still until the simulation moves it on to its next event.</summary>
internal sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    /// <summary>Moves the clock to <paramref name="at"/>; it never runs backwards.</summary>
    public void MoveTo(DateTimeOffset at)
    {
        if (at > _now)
        {
            _now = at;
        }
    }
}
