namespace Kogge.Bpmn.Storage;

/// <summary>
/// A row of the engine store. <see cref="Revision"/> is the optimistic concurrency token: an update
/// or delete succeeds only when the stored revision still equals the one that was read.
/// </summary>
public abstract class StoreRecord
{
    /// <summary>The row id.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The revision read; the store increments it on every successful update.</summary>
    public int Revision { get; set; }

    /// <summary>A shallow copy, so that a session never changes rows other sessions see.</summary>
    public StoreRecord Copy() => (StoreRecord)MemberwiseClone();
}

/// <summary>A deployment: a set of BPMN resources deployed together.</summary>
public sealed class DeploymentRecord : StoreRecord
{
    /// <summary>The deployment name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The tenant, when the host separates tenants.</summary>
    public string? TenantId { get; set; }

    /// <summary>When the deployment was made.</summary>
    public DateTimeOffset DeployedAt { get; set; }
}

/// <summary>One version of one process, as deployed.</summary>
public sealed class ProcessDefinitionRecord : StoreRecord
{
    /// <summary>The BPMN process id (the same across versions).</summary>
    public string ProcessId { get; set; } = string.Empty;

    /// <summary>The process name.</summary>
    public string? Name { get; set; }

    /// <summary>The version, counting from 1 per process id and tenant.</summary>
    public int Version { get; set; }

    /// <summary>The deployment that brought this version.</summary>
    public string DeploymentId { get; set; } = string.Empty;

    /// <summary>The tenant, when the host separates tenants.</summary>
    public string? TenantId { get; set; }

    /// <summary>The resource (file) name.</summary>
    public string ResourceName { get; set; } = string.Empty;

    /// <summary>The BPMN XML of the resource.</summary>
    public string Xml { get; set; } = string.Empty;

    /// <summary>A hash of the XML, so that deploying an unchanged file makes no new version.</summary>
    public string ContentHash { get; set; } = string.Empty;

    /// <summary>When the version was deployed.</summary>
    public DateTimeOffset DeployedAt { get; set; }
}

/// <summary>The state of a process instance.</summary>
public enum ProcessInstanceState
{
    /// <summary>Running or waiting.</summary>
    Active,

    /// <summary>Reached its end.</summary>
    Completed,

    /// <summary>Cancelled or ended by a terminate end event.</summary>
    Terminated,
}

/// <summary>A process instance. Every command that changes an instance updates this row, so commands on one instance serialize.</summary>
public sealed class ProcessInstanceRecord : StoreRecord
{
    /// <summary>The process definition version the instance runs on.</summary>
    public string DefinitionId { get; set; } = string.Empty;

    /// <summary>The BPMN process id.</summary>
    public string ProcessId { get; set; } = string.Empty;

    /// <summary>An optional key of the caller's domain (for example the case number).</summary>
    public string? BusinessKey { get; set; }

    /// <summary>The tenant, when the host separates tenants.</summary>
    public string? TenantId { get; set; }

    /// <summary>The state.</summary>
    public ProcessInstanceState State { get; set; }

    /// <summary>When the instance started.</summary>
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>When the instance ended.</summary>
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>The calling instance, when started by a call activity.</summary>
    public string? ParentInstanceId { get; set; }

    /// <summary>The call activity's element instance in the calling instance.</summary>
    public string? ParentElementInstanceId { get; set; }
}

/// <summary>The state of an element instance.</summary>
public enum ElementInstanceState
{
    /// <summary>Entered and running or waiting for a trigger.</summary>
    Active,

    /// <summary>A token that arrived at a joining gateway and waits for the others.</summary>
    WaitingAtJoin,
}

/// <summary>
/// One active element instance of the execution tree (a token at a node, or an open scope such as
/// the process itself, a sub-process or a multi-instance body).
/// </summary>
public sealed class ElementInstanceRecord : StoreRecord
{
    /// <summary>The process instance.</summary>
    public string ProcessInstanceId { get; set; } = string.Empty;

    /// <summary>The enclosing scope's element instance; null for the process itself.</summary>
    public string? ParentId { get; set; }

    /// <summary>The BPMN element id.</summary>
    public string ElementId { get; set; } = string.Empty;

    /// <summary>The state.</summary>
    public ElementInstanceState State { get; set; }

    /// <summary>Whether this is the multi-instance body around the inner instances.</summary>
    public bool IsMultiInstanceBody { get; set; }

    /// <summary>The sequence flow the token came over, when waiting at a join.</summary>
    public string? ArrivedOverFlowId { get; set; }

    /// <summary>The number of inner instances started (multi-instance body) or the loop counter (inner instance).</summary>
    public int Counter { get; set; }

    /// <summary>The number of inner instances completed (multi-instance body).</summary>
    public int CompletedCount { get; set; }

    /// <summary>The items of a multi-instance body, as a JSON array.</summary>
    public string? LoopCollectionJson { get; set; }

    /// <summary>The process instance a call activity started.</summary>
    public string? CalledInstanceId { get; set; }

    /// <summary>When the element was entered.</summary>
    public DateTimeOffset StartedAt { get; set; }
}

/// <summary>A variable in a scope, its value stored as JSON.</summary>
public sealed class VariableRecord : StoreRecord
{
    /// <summary>The process instance.</summary>
    public string ProcessInstanceId { get; set; } = string.Empty;

    /// <summary>The element instance of the scope (the process instance id for the root scope).</summary>
    public string ScopeId { get; set; } = string.Empty;

    /// <summary>The variable name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The value as JSON.</summary>
    public string Json { get; set; } = "null";
}

/// <summary>An open user task (work item) of a clerk's inbox.</summary>
public sealed class UserTaskRecord : StoreRecord
{
    /// <summary>The process instance.</summary>
    public string ProcessInstanceId { get; set; } = string.Empty;

    /// <summary>The element instance of the task.</summary>
    public string ElementInstanceId { get; set; } = string.Empty;

    /// <summary>The BPMN element id.</summary>
    public string ElementId { get; set; } = string.Empty;

    /// <summary>The task name.</summary>
    public string? Name { get; set; }

    /// <summary>The tenant, when the host separates tenants.</summary>
    public string? TenantId { get; set; }

    /// <summary>The user the task is assigned to.</summary>
    public string? Assignee { get; set; }

    /// <summary>Candidate groups, comma separated.</summary>
    public string? CandidateGroups { get; set; }

    /// <summary>Candidate users, comma separated.</summary>
    public string? CandidateUsers { get; set; }

    /// <summary>The form key or form id.</summary>
    public string? FormKey { get; set; }

    /// <summary>When the task is due.</summary>
    public DateTimeOffset? DueDate { get; set; }

    /// <summary>When the task should be looked at again.</summary>
    public DateTimeOffset? FollowUpDate { get; set; }

    /// <summary>When the task was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>What a job does when it runs.</summary>
public enum JobKind
{
    /// <summary>A service-like task (service, send, business rule, message throw) handled by a worker of <see cref="JobRecord.JobType"/>.</summary>
    Task,

    /// <summary>A timer of a catch event, boundary event, event sub-process or start event.</summary>
    Timer,
}

/// <summary>
/// A job row: due date, lock owner and expiry, retries. Engine nodes acquire due jobs by locking them;
/// a lock that expires makes the job acquirable again.
/// </summary>
public sealed class JobRecord : StoreRecord
{
    /// <summary>What the job does.</summary>
    public JobKind Kind { get; set; }

    /// <summary>The worker type of a task job (<c>zeebe:taskDefinition type</c>).</summary>
    public string? JobType { get; set; }

    /// <summary>The process instance; null for a timer start event.</summary>
    public string? ProcessInstanceId { get; set; }

    /// <summary>The process definition.</summary>
    public string DefinitionId { get; set; } = string.Empty;

    /// <summary>The element instance waiting for the job; for boundary timers the activity's instance.</summary>
    public string? ElementInstanceId { get; set; }

    /// <summary>The BPMN element id of the task or timer event.</summary>
    public string ElementId { get; set; } = string.Empty;

    /// <summary>The tenant, when the host separates tenants.</summary>
    public string? TenantId { get; set; }

    /// <summary>When the job is due.</summary>
    public DateTimeOffset DueDate { get; set; }

    /// <summary>The engine node that holds the lock.</summary>
    public string? LockOwner { get; set; }

    /// <summary>When the lock expires.</summary>
    public DateTimeOffset? LockExpiresAt { get; set; }

    /// <summary>Retries left; at 0 the job raises an incident and is no longer acquired.</summary>
    public int Retries { get; set; } = 3;

    /// <summary>The last failure message.</summary>
    public string? ErrorMessage { get; set; }

    /// <summary>For a repeating timer: the remaining repetitions (-1 unbounded) and the interval, as <c>R{n}/{duration}</c>.</summary>
    public string? RemainingCycle { get; set; }

    /// <summary>Task headers as JSON, handed to the worker.</summary>
    public string? HeadersJson { get; set; }

    /// <summary>When the job was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>What an event subscription waits for.</summary>
public enum SubscriptionKind
{
    /// <summary>A message by name and correlation key.</summary>
    Message,

    /// <summary>A signal by name.</summary>
    Signal,
}

/// <summary>An instance (or a definition's start event) waiting for a message or signal.</summary>
public sealed class EventSubscriptionRecord : StoreRecord
{
    /// <summary>What is awaited.</summary>
    public SubscriptionKind Kind { get; set; }

    /// <summary>The message or signal name.</summary>
    public string EventName { get; set; } = string.Empty;

    /// <summary>The correlation key of a message subscription.</summary>
    public string? CorrelationKey { get; set; }

    /// <summary>The process instance; null for a start event subscription.</summary>
    public string? ProcessInstanceId { get; set; }

    /// <summary>The process definition.</summary>
    public string DefinitionId { get; set; } = string.Empty;

    /// <summary>The element instance that waits (for boundary and event sub-process events: the scope or activity).</summary>
    public string? ElementInstanceId { get; set; }

    /// <summary>The BPMN id of the catching event or receive task.</summary>
    public string ElementId { get; set; } = string.Empty;

    /// <summary>The tenant, when the host separates tenants.</summary>
    public string? TenantId { get; set; }

    /// <summary>When the subscription was opened; the oldest matching subscription wins.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A message that arrived before anyone waited for it, kept until it expires.</summary>
public sealed class BufferedMessageRecord : StoreRecord
{
    /// <summary>The message name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The correlation key.</summary>
    public string? CorrelationKey { get; set; }

    /// <summary>The payload as a JSON object.</summary>
    public string VariablesJson { get; set; } = "{}";

    /// <summary>The tenant, when the host separates tenants.</summary>
    public string? TenantId { get; set; }

    /// <summary>When the message was published.</summary>
    public DateTimeOffset PublishedAt { get; set; }

    /// <summary>When the message is dropped.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>A problem that stops an instance until an operator resolves it.</summary>
public sealed class IncidentRecord : StoreRecord
{
    /// <summary>The process instance.</summary>
    public string ProcessInstanceId { get; set; } = string.Empty;

    /// <summary>The element instance where the instance is stuck.</summary>
    public string? ElementInstanceId { get; set; }

    /// <summary>The BPMN element id.</summary>
    public string ElementId { get; set; } = string.Empty;

    /// <summary>The job whose retries ran out, when the incident came from a job.</summary>
    public string? JobId { get; set; }

    /// <summary>The kind of problem, for example <c>JobNoRetries</c>, <c>ExpressionFailed</c>, <c>UnhandledError</c>.</summary>
    public string Type { get; set; } = string.Empty;

    /// <summary>What went wrong, for the operator.</summary>
    public string Message { get; set; } = string.Empty;

    /// <summary>The tenant, when the host separates tenants.</summary>
    public string? TenantId { get; set; }

    /// <summary>When the incident was raised.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One step in the life of an instance: the event log that process mining reads.</summary>
public sealed class HistoryEventRecord : StoreRecord
{
    /// <summary>A number that orders events of one store.</summary>
    public long Sequence { get; set; }

    /// <summary>When it happened.</summary>
    public DateTimeOffset Timestamp { get; set; }

    /// <summary>What happened.</summary>
    public string Kind { get; set; } = string.Empty;

    /// <summary>The process instance.</summary>
    public string? ProcessInstanceId { get; set; }

    /// <summary>The process definition.</summary>
    public string? DefinitionId { get; set; }

    /// <summary>The BPMN element id.</summary>
    public string? ElementId { get; set; }

    /// <summary>The BPMN element type, for example <c>userTask</c>.</summary>
    public string? ElementType { get; set; }

    /// <summary>The BPMN element name.</summary>
    public string? ElementName { get; set; }

    /// <summary>The element instance.</summary>
    public string? ElementInstanceId { get; set; }

    /// <summary>Who caused it (user id, worker name); null for the engine itself.</summary>
    public string? Actor { get; set; }

    /// <summary>Details such as the variable name (never its value, which may be personal data) or the failure message.</summary>
    public string? Details { get; set; }

    /// <summary>The tenant, when the host separates tenants.</summary>
    public string? TenantId { get; set; }
}
