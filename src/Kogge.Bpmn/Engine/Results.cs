using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Engine;

/// <summary>A BPMN resource to deploy.</summary>
/// <param name="Name">The file name.</param>
/// <param name="Xml">The BPMN XML.</param>
public sealed record DeploymentResource(string Name, string Xml);

/// <summary>The outcome of a deployment.</summary>
/// <param name="Id">The deployment id.</param>
/// <param name="Name">The deployment name.</param>
/// <param name="DeployedAt">When it was deployed.</param>
/// <param name="Processes">The process versions now current, new or unchanged.</param>
public sealed record Deployment(string Id, string Name, DateTimeOffset DeployedAt, IReadOnlyList<ProcessDefinitionInfo> Processes);

/// <summary>A deployed process version.</summary>
/// <param name="Id">The definition id.</param>
/// <param name="ProcessId">The BPMN process id.</param>
/// <param name="Name">The process name.</param>
/// <param name="Version">The version.</param>
/// <param name="DeploymentId">The deployment that brought it.</param>
/// <param name="TenantId">The tenant.</param>
public sealed record ProcessDefinitionInfo(string Id, string ProcessId, string? Name, int Version, string DeploymentId, string? TenantId)
{
    internal static ProcessDefinitionInfo From(ProcessDefinitionRecord r) => new(r.Id, r.ProcessId, r.Name, r.Version, r.DeploymentId, r.TenantId);
}

/// <summary>A process instance.</summary>
/// <param name="Id">The instance id.</param>
/// <param name="DefinitionId">The definition version it runs on.</param>
/// <param name="ProcessId">The BPMN process id.</param>
/// <param name="BusinessKey">The caller's key.</param>
/// <param name="State">The state.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="EndedAt">When it ended.</param>
/// <param name="ParentInstanceId">The calling instance, for instances started by a call activity.</param>
public sealed record ProcessInstanceInfo(string Id, string DefinitionId, string ProcessId, string? BusinessKey, ProcessInstanceState State, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? ParentInstanceId)
{
    internal static ProcessInstanceInfo From(ProcessInstanceRecord r) => new(r.Id, r.DefinitionId, r.ProcessId, r.BusinessKey, r.State, r.StartedAt, r.EndedAt, r.ParentInstanceId);
}

/// <summary>An active element instance (token or open scope).</summary>
/// <param name="Id">The element instance id.</param>
/// <param name="ElementId">The BPMN element id.</param>
/// <param name="ParentId">The enclosing scope's element instance.</param>
/// <param name="State">The state.</param>
public sealed record ElementInstanceInfo(string Id, string ElementId, string? ParentId, ElementInstanceState State);

/// <summary>A user task in a clerk's inbox.</summary>
/// <param name="Id">The task id.</param>
/// <param name="ProcessInstanceId">The process instance.</param>
/// <param name="ElementId">The BPMN element id.</param>
/// <param name="Name">The task name.</param>
/// <param name="Assignee">The assigned user.</param>
/// <param name="CandidateGroups">The groups it is offered to.</param>
/// <param name="CandidateUsers">The users it is offered to.</param>
/// <param name="FormKey">The form.</param>
/// <param name="DueDate">When it is due.</param>
/// <param name="FollowUpDate">When to look at it again.</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record WorkItem(
    string Id,
    string ProcessInstanceId,
    string ElementId,
    string? Name,
    string? Assignee,
    IReadOnlyList<string> CandidateGroups,
    IReadOnlyList<string> CandidateUsers,
    string? FormKey,
    DateTimeOffset? DueDate,
    DateTimeOffset? FollowUpDate,
    DateTimeOffset CreatedAt)
{
    internal static WorkItem From(UserTaskRecord r) => new(
        r.Id, r.ProcessInstanceId, r.ElementId, r.Name, r.Assignee, Split(r.CandidateGroups), Split(r.CandidateUsers), r.FormKey, r.DueDate, r.FollowUpDate, r.CreatedAt);

    private static string[] Split(string? list) =>
        list?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
}

/// <summary>The outcome of publishing a message.</summary>
/// <param name="ProcessInstanceIds">The instances the message reached or started.</param>
/// <param name="Buffered">Whether it was kept for a later subscription.</param>
public sealed record MessageCorrelationResult(IReadOnlyList<string> ProcessInstanceIds, bool Buffered);

/// <summary>A job as an external worker or operator sees it.</summary>
/// <param name="Id">The job id, also the idempotency key of its side effects.</param>
/// <param name="Kind">Task or timer.</param>
/// <param name="JobType">The worker type.</param>
/// <param name="ProcessInstanceId">The process instance.</param>
/// <param name="ElementId">The BPMN element id.</param>
/// <param name="DueDate">When it is due.</param>
/// <param name="Retries">Retries left.</param>
/// <param name="LockOwner">Who holds it.</param>
/// <param name="LockExpiresAt">When the lock expires.</param>
/// <param name="ErrorMessage">The last failure.</param>
public sealed record JobInfo(string Id, JobKind Kind, string? JobType, string? ProcessInstanceId, string ElementId, DateTimeOffset DueDate, int Retries, string? LockOwner, DateTimeOffset? LockExpiresAt, string? ErrorMessage)
{
    internal static JobInfo From(JobRecord r) => new(r.Id, r.Kind, r.JobType, r.ProcessInstanceId, r.ElementId, r.DueDate, r.Retries, r.LockOwner, r.LockExpiresAt, r.ErrorMessage);
}

/// <summary>An incident an operator must resolve.</summary>
/// <param name="Id">The incident id.</param>
/// <param name="ProcessInstanceId">The process instance.</param>
/// <param name="ElementId">The BPMN element id.</param>
/// <param name="Type">The kind of problem.</param>
/// <param name="Message">What went wrong.</param>
/// <param name="JobId">The job, when the incident came from one.</param>
/// <param name="CreatedAt">When it was raised.</param>
public sealed record IncidentInfo(string Id, string ProcessInstanceId, string ElementId, string Type, string Message, string? JobId, DateTimeOffset CreatedAt)
{
    internal static IncidentInfo From(IncidentRecord r) => new(r.Id, r.ProcessInstanceId, r.ElementId, r.Type, r.Message, r.JobId, r.CreatedAt);
}
