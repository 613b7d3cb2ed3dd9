namespace Kogge.Web.Platform.Outbox;

/// <summary>Section <c>Kogge:Outbox</c>.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Kogge:Outbox";

    /// <summary>Switch off on instances that should not send mail (the rows wait for another instance).</summary>
    public bool DispatcherEnabled { get; set; } = true;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a claimed message belongs to one instance; after a crash another takes it over then.</summary>
    public TimeSpan LockDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Messages claimed per round trip.</summary>
    public int BatchSize { get; set; } = 20;

    public string NodeId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>How long a message is retried before it is marked failed for the admins.</summary>
    public static readonly TimeSpan RetryWindow = TimeSpan.FromHours(4);

    /// <summary>1, 2, 4, … minutes after the first, second, third failure, at most an hour.</summary>
    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, Math.Max(0, attempts - 1))));
}
