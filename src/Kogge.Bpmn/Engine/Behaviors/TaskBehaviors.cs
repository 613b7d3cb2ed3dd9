using System.Globalization;
using Kogge.Bpmn.Engine.Commands;
using Kogge.Bpmn.Engine.Execution;
using Kogge.Bpmn.Engine.History;
using Kogge.Bpmn.Engine.Jobs;
using Kogge.Bpmn.Expressions;
using Kogge.Bpmn.Model;
using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Engine.Behaviors;

/// <summary>User task: creates a work item in the clerks' inbox and waits for its completion.</summary>
internal sealed class UserTaskBehavior : IFlowNodeBehavior
{
    public Task ActivateAsync(Flow flow, InstanceState instance, FlowNode node, ElementInstanceRecord element)
    {
        var scope = Flow.Scope(instance, element.Id);
        var x = node.Extensions;
        var assignment = x.AssignmentDefinition;
        var task = new UserTaskRecord
        {
            Id = CommandContext.NewId(),
            ProcessInstanceId = instance.Id,
            ElementInstanceId = element.Id,
            ElementId = node.Id,
            Name = node.Name,
            TenantId = instance.Instance.TenantId,
            Assignee = Blank(flow.Expressions.EvaluateString(assignment?.Assignee, scope, "assignee")),
            CandidateGroups = Blank(flow.Expressions.EvaluateString(assignment?.CandidateGroups, scope, "candidate groups")),
            CandidateUsers = Blank(flow.Expressions.EvaluateString(assignment?.CandidateUsers, scope, "candidate users")),
            FormKey = x.FormDefinition?.FormKey ?? x.FormDefinition?.FormId ?? x.FormDefinition?.ExternalReference,
            DueDate = Date(flow, x.TaskSchedule?.DueDate, scope, "due date"),
            FollowUpDate = Date(flow, x.TaskSchedule?.FollowUpDate, scope, "follow-up date"),
            CreatedAt = flow.Now,
        };
        instance.Tasks.Add(task);
        flow.Context.History(HistoryEventKinds.TaskCreated, instance, node.Id, element.Id, task.Id);
        if (task.Assignee is not null)
        {
            flow.Context.History(HistoryEventKinds.TaskAssigned, instance, node.Id, element.Id, task.Assignee);
        }

        return Task.CompletedTask;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A date-time, or a duration counted from now.</summary>
    private static DateTimeOffset? Date(Flow flow, string? text, IVariableScope scope, string what)
    {
        var value = flow.Expressions.EvaluateString(text, scope, what);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (TimerSchedule.TryParseDuration(value, out var duration))
        {
            return duration.AddTo(flow.Now);
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date
            : throw new ElementFailureException("ExpressionFailed", $"The {what} '{value}' is neither an ISO 8601 date-time nor a duration.");
    }
}

/// <summary>Embedded and event sub-processes: open a scope and start it at its none start event.</summary>
internal sealed class SubProcessBehavior : IFlowNodeBehavior
{
    public async Task ActivateAsync(Flow flow, InstanceState instance, FlowNode node, ElementInstanceRecord element)
    {
        var sub = (SubProcess)node;
        await flow.OpenEventSubProcessesAsync(instance, sub, element);
        var start = sub.FlowElements.OfType<StartEvent>().FirstOrDefault(s => s.EventDefinitions.Count == 0)
            ?? throw new ElementFailureException("StartEventMissing", $"The sub-process '{sub.Id}' has no none start event.");
        flow.Activate(instance, start, element.Id, null);
    }
}

/// <summary>Call activity: starts the latest (or same-deployment) version of the called process and waits for it to end.</summary>
internal sealed class CallActivityBehavior : IFlowNodeBehavior
{
    public async Task ActivateAsync(Flow flow, InstanceState instance, FlowNode node, ElementInstanceRecord element)
    {
        var call = (CallActivity)node;
        var settings = call.Extensions.CalledElement;
        var scope = Flow.Scope(instance, element.Id);
        var processId = flow.Expressions.EvaluateString(settings?.ProcessId ?? call.CalledElement, scope, "called process id");
        var versions = await flow.Context.Session.ListDefinitionsAsync(processId, instance.Instance.TenantId, flow.CancellationToken);
        var sameDeployment = string.Equals(settings?.BindingType, "deployment", StringComparison.OrdinalIgnoreCase);
        var record = versions
            .Where(v => !sameDeployment || v.DeploymentId == instance.Process.Record.DeploymentId)
            .MaxBy(v => v.Version)
            ?? throw new ElementFailureException("CalledProcessNotFound", $"No deployed process '{processId}' to call.");
        var process = await flow.Context.ProcessAsync(record.Id, flow.CancellationToken);
        var start = process.Process.FlowElements.OfType<StartEvent>().FirstOrDefault(s => s.EventDefinitions.Count == 0)
            ?? throw new ElementFailureException("StartEventMissing", $"The called process '{processId}' has no none start event.");

        var hasInputs = call.Extensions.IoMapping?.Inputs.Count > 0;
        var variables = hasInputs
            ? instance.Variables.All.Where(v => v.ScopeId == element.Id).ToDictionary(v => v.Name, v => VariableValues.FromJson(v.Json), StringComparer.Ordinal)
            : settings?.PropagateAllParentVariables ?? true ? new ScopeVariables(instance, element.Id).All() : null;
        var child = flow.Context.NewInstance(process, instance.Instance.BusinessKey, instance.Id, element.Id);
        element.CalledInstanceId = child.Id;
        instance.Elements.Changed(element);
        flow.StartInstance(child, variables, start);
    }
}
