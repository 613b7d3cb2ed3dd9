using System.Text.Json;
using System.Xml;
using Kogge.Bpmn.Engine;
using Kogge.Bpmn.Storage;
using Kogge.Web.Modules.Admin;
using Kogge.Web.Platform.Processes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kogge.Web.Modules.Processes;

/// <summary>Starting and reading process instances; publishing messages.</summary>
internal static class ProcessInstances
{
    public static void Map(RouteGroupBuilder worker)
    {
        worker.MapPost("/process-instances", StartAsync).WithName("StartProcessInstance")
            .WithSummary("Starts the latest version of a process with variables.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        worker.MapGet("/process-instances", ListAsync).WithName("ListProcessInstances")
            .WithSummary("Instances, newest first; filter by process id, state (Active, Completed, Terminated) and business key.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        worker.MapGet("/process-instances/{id}", GetAsync).WithName("GetProcessInstance")
            .WithSummary("One instance with its variables and active elements.").ProducesProblem(StatusCodes.Status404NotFound);
        worker.MapPost("/messages", CorrelateAsync).WithName("CorrelateMessage")
            .WithSummary("Publishes a message by name and correlation key; when no instance waits it is kept for timeToLive (ISO 8601 duration).")
            .ProducesProblem(StatusCodes.Status400BadRequest);
    }

    private static async Task<Results<Created<InstanceDto>, ProblemHttpResult>> StartAsync(
        StartInstanceRequest body, HttpRequest request, ProcessEngine engine, TenantProcesses processes, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.ProcessId))
        {
            return Invalid("processId is required.");
        }

        var started = await engine.Runtime.StartProcessInstanceAsync(body.ProcessId, Variables(body.Variables), body.BusinessKey, processes.TenantId, cancellationToken);
        return TypedResults.Created($"{request.PathBase}/api/v1/process-instances/{started.Id}", InstanceDto.From(started));
    }

    private static async Task<Results<Ok<PageDto<InstanceDto>>, ProblemHttpResult>> ListAsync(
        TenantProcesses processes, string? processId, string? state, string? businessKey, int? skip, int? take, CancellationToken cancellationToken)
    {
        ProcessInstanceState? parsed = null;
        if (state is not null)
        {
            if (!Enum.TryParse<ProcessInstanceState>(state, ignoreCase: true, out var value) || !Enum.IsDefined(value))
            {
                return Invalid("state must be Active, Completed or Terminated.");
            }

            parsed = value;
        }

        var (offset, size) = ProcessApi.Paging(skip, take);
        var (items, total) = await processes.InstancesAsync(processId, parsed, businessKey, offset, size, cancellationToken);
        return TypedResults.Ok(new PageDto<InstanceDto>([.. items.Select(InstanceDto.From)], total, offset, size));
    }

    private static async Task<Ok<InstanceDetailDto>> GetAsync(ProcessEngine engine, TenantProcesses processes, string id, CancellationToken cancellationToken)
    {
        var instance = await processes.InstanceAsync(id, cancellationToken);
        // Two reads, not one snapshot: elements first, so the variables are at least as new as the position shown.
        var elements = await engine.Runtime.GetActiveElementsAsync(id, cancellationToken);
        var variables = await engine.Runtime.GetVariablesAsync(id, cancellationToken);
        return TypedResults.Ok(new InstanceDetailDto(
            InstanceDto.From(instance),
            variables,
            [.. elements.Select(e => new ActiveElementDto(e.Id, e.ElementId, e.State.ToString()))]));
    }

    private static async Task<Results<Ok<MessageResultDto>, ProblemHttpResult>> CorrelateAsync(
        MessageRequest body, ProcessEngine engine, TenantProcesses processes, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.Name))
        {
            return Invalid("name is required.");
        }

        var timeToLive = TimeSpan.Zero;
        if (body.TimeToLive is { Length: > 0 } text)
        {
            try
            {
                timeToLive = XmlConvert.ToTimeSpan(text);
            }
            catch (FormatException)
            {
                return Invalid("timeToLive must be an ISO 8601 duration such as PT1H.");
            }

            if (timeToLive < TimeSpan.Zero)
            {
                return Invalid("timeToLive must not be negative.");
            }
        }

        var result = await engine.Runtime.CorrelateMessageAsync(body.Name, body.CorrelationKey, Variables(body.Variables), timeToLive, processes.TenantId, cancellationToken);
        return TypedResults.Ok(new MessageResultDto(result.ProcessInstanceIds, result.Buffered));
    }

    internal static IReadOnlyDictionary<string, object?>? Variables(Dictionary<string, JsonElement>? variables) =>
        variables?.ToDictionary(v => v.Key, v => (object?)v.Value, StringComparer.Ordinal);

    internal static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(title: "The request is not valid.", detail: detail, statusCode: StatusCodes.Status400BadRequest);
}

public sealed record StartInstanceRequest(string ProcessId, Dictionary<string, JsonElement>? Variables, string? BusinessKey);

public sealed record MessageRequest(string Name, string? CorrelationKey, Dictionary<string, JsonElement>? Variables, string? TimeToLive);

public sealed record MessageResultDto(IReadOnlyList<string> ProcessInstanceIds, bool Buffered);

public sealed record InstanceDto(string Id, string ProcessId, string DefinitionId, string? BusinessKey, string State, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? ParentInstanceId)
{
    internal static InstanceDto From(ProcessInstanceInfo i) => new(i.Id, i.ProcessId, i.DefinitionId, i.BusinessKey, i.State.ToString(), i.StartedAt, i.EndedAt, i.ParentInstanceId);

    internal static InstanceDto From(ProcessInstanceRecord i) => new(i.Id, i.ProcessId, i.DefinitionId, i.BusinessKey, i.State.ToString(), i.StartedAt, i.EndedAt, i.ParentInstanceId);
}

public sealed record InstanceDetailDto(InstanceDto Instance, IReadOnlyDictionary<string, object?> Variables, IReadOnlyList<ActiveElementDto> ActiveElements);

public sealed record ActiveElementDto(string Id, string ElementId, string State);
