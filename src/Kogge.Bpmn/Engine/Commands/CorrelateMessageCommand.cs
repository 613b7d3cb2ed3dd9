using Kogge.Bpmn.Engine.Execution;
using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Engine.Commands;

/// <summary>Publishes a message: correlates it to waiting instances and message start events, or buffers it for its time to live.</summary>
internal sealed class CorrelateMessageCommand(string name, string? correlationKey, IReadOnlyDictionary<string, object?>? variables, TimeSpan timeToLive, string? tenantId)
    : ICommand<MessageCorrelationResult>
{
    public async Task<MessageCorrelationResult> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var normalized = variables is null ? null : StartProcessInstanceCommand.Normalize(variables);
        var flow = new Flow(context, cancellationToken);
        var correlated = await flow.CorrelateMessageAsync(name, correlationKey, normalized, tenantId);
        await flow.RunAsync();
        var buffered = correlated.Count == 0 && timeToLive > TimeSpan.Zero;
        if (buffered)
        {
            context.Session.Add(new BufferedMessageRecord
            {
                Id = CommandContext.NewId(),
                Name = name,
                CorrelationKey = correlationKey,
                VariablesJson = VariableValues.ToJson(normalized ?? []),
                TenantId = tenantId,
                PublishedAt = context.Now,
                ExpiresAt = context.Now + timeToLive,
            });
        }

        return new MessageCorrelationResult(correlated, buffered);
    }
}
