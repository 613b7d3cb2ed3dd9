using Kogge.Bpmn.Engine;
using Kogge.Bpmn.Storage;
using Kogge.Web.Platform.Tenancy;

namespace Kogge.Web.Platform.Processes;

/// <summary>
/// Runs the DI-registered handler of one job type in a scope of its own, with the municipality of the job's process
/// instance as <see cref="TenantContext"/>, so that the handler's queries see that municipality's rows only.
/// </summary>
internal sealed class TenantJobHandler(
    string jobType,
    IServiceScopeFactory scopes,
    EfEngineStore store,
    TenantCatalog tenants,
    ILogger<TenantJobHandler> logger) : IJobHandler
{
    public async Task<JobOutcome> HandleAsync(JobContext job, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var tenant = await TenantOfAsync(job.ProcessInstanceId, cancellationToken);
        if (tenant is not null)
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
        }

        var handler = scope.ServiceProvider.GetRequiredKeyedService<IJobHandler>(jobType);
        try
        {
            return await handler.HandleAsync(job, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The engine records the message on the job for the operators; the log gets ids and the type only.
            logger.LogWarning("Job {JobId} of type {JobType} failed with {ErrorType}, {RetriesLeft} retries left", job.JobId, jobType, e.GetType().FullName, job.RetriesLeft - 1);
            throw;
        }
    }

    private async Task<TenantInfo?> TenantOfAsync(string processInstanceId, CancellationToken cancellationToken)
    {
        await using var session = await store.OpenSessionAsync(cancellationToken);
        var instance = await session.FindAsync<ProcessInstanceRecord>(processInstanceId, cancellationToken);
        return Guid.TryParse(instance?.TenantId, out var id) ? await tenants.FindByIdAsync(id, cancellationToken) : null;
    }
}
