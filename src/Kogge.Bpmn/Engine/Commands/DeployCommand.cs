using System.Security.Cryptography;
using System.Text;
using Kogge.Bpmn.Engine.Execution;
using Kogge.Bpmn.Engine.History;
using Kogge.Bpmn.Model;
using Kogge.Bpmn.Parsing;
using Kogge.Bpmn.Storage;
using Kogge.Bpmn.Validation;

namespace Kogge.Bpmn.Engine.Commands;

/// <summary>Validates and deploys BPMN resources; a changed process becomes a new version, an unchanged one keeps its version.</summary>
internal sealed class DeployCommand(string name, IReadOnlyList<DeploymentResource> resources, string? tenantId) : ICommand<Deployment>
{
    public async Task<Deployment> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        context.Deployed = true;
        var parsed = new List<(DeploymentResource Resource, BpmnParseResult Result)>();
        foreach (var resource in resources)
        {
            BpmnParseResult result;
            try
            {
                result = BpmnParser.ParseXml(resource.Xml);
            }
            catch (BpmnParseException e)
            {
                throw new DeploymentValidationException(resource.Name, [new BpmnProblem(BpmnProblemSeverity.Error, null, null, e.Message, e.Line)]);
            }

            var problems = DeploymentValidator.Validate(result, context.Engine.Options.Expressions);
            if (problems.Any(p => p.Severity == BpmnProblemSeverity.Error))
            {
                throw new DeploymentValidationException(resource.Name, problems);
            }

            parsed.Add((resource, result));
        }

        var deployment = new DeploymentRecord { Id = CommandContext.NewId(), Name = name, TenantId = tenantId, DeployedAt = context.Now };
        context.Session.Add(deployment);
        var deployed = new List<ProcessDefinitionInfo>();
        foreach (var (resource, result) in parsed)
        {
            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(resource.Xml)));
            foreach (var process in result.Definitions.Processes.Where(p => p.IsExecutable == true))
            {
                var versions = await context.Session.ListDefinitionsAsync(process.Id, tenantId, cancellationToken);
                var latest = versions.MaxBy(v => v.Version);
                if (latest is not null && latest.ContentHash == hash)
                {
                    deployed.Add(ProcessDefinitionInfo.From(latest));
                    continue;
                }

                var record = new ProcessDefinitionRecord
                {
                    Id = $"{process.Id}:{(latest?.Version ?? 0) + 1}:{CommandContext.NewId()}",
                    ProcessId = process.Id,
                    Name = process.Name,
                    Version = (latest?.Version ?? 0) + 1,
                    DeploymentId = deployment.Id,
                    TenantId = tenantId,
                    ResourceName = resource.Name,
                    Xml = resource.Xml,
                    ContentHash = hash,
                    DeployedAt = context.Now,
                };
                context.Session.Add(record);
                context.History(HistoryEventKinds.ProcessDefinitionDeployed, null, process.Id, null, $"version {record.Version}", record.Id);
                if (latest is not null)
                {
                    await RemoveStartTriggersAsync(context, latest.Id, cancellationToken);
                }

                OpenStartTriggers(context, record, cancellationToken);
                deployed.Add(ProcessDefinitionInfo.From(record));
            }
        }

        return new Deployment(deployment.Id, name, context.Now, deployed);
    }

    private static async Task RemoveStartTriggersAsync(CommandContext context, string definitionId, CancellationToken cancellationToken)
    {
        foreach (var job in await context.Session.ListStartTriggersAsync<JobRecord>(definitionId, cancellationToken))
        {
            context.Session.Remove(job);
        }

        foreach (var subscription in await context.Session.ListStartTriggersAsync<EventSubscriptionRecord>(definitionId, cancellationToken))
        {
            context.Session.Remove(subscription);
        }
    }

    private static void OpenStartTriggers(CommandContext context, ProcessDefinitionRecord record, CancellationToken cancellationToken)
    {
        // The definition is not committed yet, so it is read from the record rather than the store.
        var process = new DeployedProcess(record);
        var flow = new Flow(context, cancellationToken);
        foreach (var start in process.Process.FlowElements.OfType<StartEvent>())
        {
            switch (start.Trigger)
            {
                case TimerEventDefinition timer:
                    flow.ScheduleTimer(null, record.Id, timer, start.Id, null, null);
                    break;
                case MessageEventDefinition message:
                    context.Session.Add(StartSubscription(context, record, start, SubscriptionKind.Message, process.Message(message.MessageRef)?.Name));
                    break;
                case SignalEventDefinition signal:
                    context.Session.Add(StartSubscription(context, record, start, SubscriptionKind.Signal, process.Root<Signal>(signal.SignalRef)?.Name));
                    break;
            }
        }
    }

    private static EventSubscriptionRecord StartSubscription(CommandContext context, ProcessDefinitionRecord record, StartEvent start, SubscriptionKind kind, string? eventName) => new()
    {
        Id = CommandContext.NewId(),
        Kind = kind,
        EventName = eventName ?? string.Empty,
        DefinitionId = record.Id,
        ElementId = start.Id,
        TenantId = record.TenantId,
        CreatedAt = context.Now,
    };
}
