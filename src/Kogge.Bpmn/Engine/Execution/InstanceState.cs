using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Engine.Execution;

/// <summary>
/// The runtime state of one process instance inside a command: the execution tree, variables, tasks,
/// jobs and subscriptions. Written back as one unit with the instance row, whose revision guards it.
/// </summary>
internal sealed class InstanceState
{
    public InstanceState(ProcessInstanceRecord instance, DeployedProcess process, bool isNew)
    {
        Instance = instance;
        Process = process;
        IsNew = isNew;
    }

    public ProcessInstanceRecord Instance { get; }

    public DeployedProcess Process { get; }

    public bool IsNew { get; }

    public RecordSet<ElementInstanceRecord> Elements { get; } = new();

    public RecordSet<VariableRecord> Variables { get; } = new();

    public RecordSet<UserTaskRecord> Tasks { get; } = new();

    public RecordSet<JobRecord> Jobs { get; } = new();

    public RecordSet<EventSubscriptionRecord> Subscriptions { get; } = new();

    public RecordSet<IncidentRecord> Incidents { get; } = new();

    public string Id => Instance.Id;

    public bool IsActive => Instance.State == ProcessInstanceState.Active;

    public IEnumerable<ElementInstanceRecord> Children(string parentId) =>
        Elements.All.Where(e => e.ParentId == parentId);

    public bool HasChildren(string parentId) => Elements.Find(static (e, id) => e.ParentId == id, parentId) is not null;

    public static InstanceState Load(InstanceRows rows, DeployedProcess process)
    {
        var state = new InstanceState(rows.Instance, process, isNew: false);
        state.Elements.Load(rows.Elements);
        state.Variables.Load(rows.Variables);
        state.Tasks.Load(rows.Tasks);
        state.Jobs.Load(rows.Jobs);
        state.Subscriptions.Load(rows.Subscriptions);
        state.Incidents.Load(rows.Incidents);
        return state;
    }

    public void Flush(IEngineSession session)
    {
        if (IsNew)
        {
            session.Add(Instance);
        }
        else
        {
            session.Update(Instance);
        }

        Elements.Flush(session);
        Variables.Flush(session);
        Tasks.Flush(session);
        Jobs.Flush(session);
        Subscriptions.Flush(session);
        Incidents.Flush(session);
    }
}
