using Kogge.Bpmn.Engine.Execution;
using Kogge.Bpmn.Engine.History;
using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Engine.Commands;

/// <summary>
/// Resolves an incident: a job gets new retries; any other stuck element is entered again
/// (after the operator fixed what made it fail, for example a variable).
/// </summary>
internal sealed class ResolveIncidentCommand(string incidentId, int retries, string? userId) : ICommand<bool>
{
    public async Task<bool> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Actor = userId;
        var row = await context.Session.FindAsync<IncidentRecord>(incidentId, cancellationToken)
            ?? throw new NotFoundException($"Incident '{incidentId}' does not exist or is already resolved.");
        var instance = await context.InstanceAsync(row.ProcessInstanceId, cancellationToken);
        var incident = instance.Incidents.Get(incidentId) ?? throw new NotFoundException($"Incident '{incidentId}' is already resolved.");
        instance.Incidents.Remove(incident);
        context.History(HistoryEventKinds.IncidentResolved, instance, incident.ElementId.Length == 0 ? null : incident.ElementId, incident.ElementInstanceId, incident.Type);
        if (incident.JobId is not null && instance.Jobs.Get(incident.JobId) is { } job)
        {
            job.Retries = Math.Max(1, retries);
            job.DueDate = context.Now;
            instance.Jobs.Changed(job);
            return true;
        }

        if (incident.ElementInstanceId is not null && instance.Elements.Get(incident.ElementInstanceId) is { } element && element.ParentId is not null)
        {
            var flow = new Flow(context, cancellationToken);
            flow.Retry(instance, element);
            await flow.RunAsync();
        }

        return true;
    }
}
