using Kogge.Bpmn.Engine;

namespace Kogge.Web.Platform.Processes;

/// <summary>
/// Runs the engine's due jobs on this instance: one pass (until no due job is left), then it waits until this
/// process writes a new or released job, or at most <see cref="ProcessOptions.JobPollInterval"/> (timers falling
/// due, jobs written by other instances). Several instances on one database are safe: each job is locked by
/// one node (<c>FOR UPDATE SKIP LOCKED</c> on PostgreSQL, a revision-checked claim on SQLite). On shutdown the
/// running pass is cancelled; a job cut short is run again when its lock expires.
/// </summary>
internal sealed class JobExecutorService(ProcessEngine engine, ProcessOptions options, ILogger<JobExecutorService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.JobExecutorEnabled)
        {
            logger.LogInformation("Job executor switched off on this instance");
            return;
        }

        logger.LogInformation("Job executor started on node {NodeId}, polling at least every {PollInterval}", options.EffectiveNodeId, options.JobPollInterval);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var ran = await engine.Jobs.RunDueJobsAsync(stoppingToken);
                if (ran > 0)
                {
                    logger.LogDebug("Job executor ran {Jobs} job(s)", ran);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The type only: messages of database or engine errors may quote variable values.
                logger.LogError("Job executor pass on node {NodeId} failed with {ErrorType}", options.EffectiveNodeId, e.GetType().FullName);
            }

            try
            {
                await engine.Jobs.WaitForJobsAsync(options.JobPollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        logger.LogInformation("Job executor stopped on node {NodeId}", options.EffectiveNodeId);
    }
}
