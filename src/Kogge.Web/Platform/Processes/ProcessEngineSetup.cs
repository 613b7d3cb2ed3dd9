using Kogge.Bpmn.Engine;
using Kogge.Bpmn.Expressions.Feel;
using Kogge.Bpmn.Storage;
using Kogge.Web.Platform.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Platform.Processes;

/// <summary>Section <c>Kogge:Processes</c>: the BPMN engine of the host and its job executor.</summary>
public sealed class ProcessOptions
{
    public const string Section = "Kogge:Processes";

    /// <summary>Run due jobs (timers, service tasks with a registered handler) on this instance.</summary>
    public bool JobExecutorEnabled { get; set; } = true;

    /// <summary>The longest pause between two passes of the job executor; a job written by this instance wakes it at once.</summary>
    public TimeSpan JobPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The lock owner written on the jobs this instance runs; defaults to machine name and process id.</summary>
    public string? NodeId { get; set; }

    /// <summary>How long this instance holds a job before another may take it over.</summary>
    public TimeSpan JobLockDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The largest BPMN file a deployment accepts.</summary>
    public long MaxBpmnBytes { get; set; } = 1_048_576;

    public string EffectiveNodeId => NodeId is { Length: > 0 } node ? node : $"{Environment.MachineName}-{Environment.ProcessId}";
}

/// <summary>A job handler registered for one job type (<c>zeebe:taskDefinition type</c>).</summary>
public sealed record ProcessJobType(string JobType);

/// <summary>A DMN model whose decisions business rule tasks may call.</summary>
public sealed record ProcessDecisionModel(string Xml);

/// <summary>
/// The one place the host wires Kogge.Bpmn: the EF Core engine store on the host's database, FEEL expressions and
/// decisions, the host's clock, job handlers from DI and the job executor. Modules add handlers with
/// <see cref="AddProcessJobHandler{THandler}"/> and decisions with <see cref="ProcessDecisionModel"/>.
/// </summary>
public static class ProcessEngineSetup
{
    public static IServiceCollection AddKoggeProcesses(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(ProcessOptions.Section).Get<ProcessOptions>() ?? new ProcessOptions();
        if (options.JobPollInterval <= TimeSpan.Zero || options.JobLockDuration <= TimeSpan.Zero || options.MaxBpmnBytes <= 0)
        {
            throw new InvalidOperationException($"{ProcessOptions.Section}: JobPollInterval, JobLockDuration and MaxBpmnBytes must be positive.");
        }

        services.AddSingleton(options);
        services.AddSingleton(sp => CreateStore(sp.GetRequiredService<DatabaseOptions>()));
        services.AddSingleton(CreateEngine);
        services.AddScoped<TenantProcesses>();
        services.AddHostedService<JobExecutorService>();
        return services;
    }

    /// <summary>
    /// Registers <typeparamref name="THandler"/> for the jobs of <paramref name="jobType"/>. It is resolved in a scope of
    /// its own per job, with the municipality of the job's process instance set, so it may use the database context.
    /// </summary>
    public static IServiceCollection AddProcessJobHandler<THandler>(this IServiceCollection services, string jobType)
        where THandler : class, IJobHandler
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobType);
        services.AddKeyedScoped<IJobHandler, THandler>(jobType);
        services.AddSingleton(new ProcessJobType(jobType));
        return services;
    }

    /// <summary>The engine store in the host's database (same SQLite file or PostgreSQL database, tables <c>Bpmn…</c>).</summary>
    public static EfEngineStore CreateStore(DatabaseOptions database)
    {
        var connectionString = PersistenceExtensions.ConnectionString(database);
        return database.Provider == DatabaseProvider.Postgres ? EfEngineStore.ForPostgres(connectionString) : EfEngineStore.ForSqlite(connectionString);
    }

    /// <summary>Applies the engine store's migrations (its own set per provider); returns the names of those applied.</summary>
    public static async Task<IReadOnlyList<string>> MigrateProcessStoreAsync(EfEngineStore store, CancellationToken cancellationToken)
    {
        List<string> pending;
        await using (var context = store.CreateDbContext())
        {
            pending = [.. await context.Database.GetPendingMigrationsAsync(cancellationToken)];
        }

        await store.MigrateAsync(cancellationToken);
        return pending;
    }

    private static ProcessEngine CreateEngine(IServiceProvider services)
    {
        var time = services.GetRequiredService<TimeProvider>();
        var settings = services.GetRequiredService<ProcessOptions>();
        var options = new ProcessEngineOptions
        {
            Store = services.GetRequiredService<EfEngineStore>(),
            Expressions = new FeelExpressionLanguage(time),
            Decisions = new FeelDecisionEvaluator(services.GetServices<ProcessDecisionModel>().Select(m => m.Xml), time),
            Time = time,
            NodeId = settings.EffectiveNodeId,
            JobLockDuration = settings.JobLockDuration,
        };
        foreach (var type in services.GetServices<ProcessJobType>().Select(t => t.JobType).Distinct(StringComparer.Ordinal))
        {
            options.JobHandlers[type] = ActivatorUtilities.CreateInstance<TenantJobHandler>(services, type);
        }

        return new ProcessEngine(options);
    }
}
