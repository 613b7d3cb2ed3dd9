namespace Kogge.Bpmn.Storage;

/// <summary>
/// One entry of an open task's candidate groups or candidate users, one row per name, so that an inbox finds the tasks
/// offered to a group through an index instead of reading comma separated lists. The database keeps the rows in step
/// with <c>BpmnUserTasks</c> (triggers of the migration <c>TaskCandidates</c>); the engine never writes them.
/// </summary>
public sealed class TaskCandidate
{
    /// <summary><see cref="Kind"/> of a candidate group.</summary>
    public const string Group = "group";

    /// <summary><see cref="Kind"/> of a candidate user.</summary>
    public const string User = "user";

    /// <summary>The task.</summary>
    public string TaskId { get; set; } = string.Empty;

    /// <summary>The task's tenant.</summary>
    public string? TenantId { get; set; }

    /// <summary><see cref="Group"/> or <see cref="User"/>.</summary>
    public string Kind { get; set; } = Group;

    /// <summary>The group or user, trimmed, exactly as in the list.</summary>
    public string Name { get; set; } = string.Empty;
}
