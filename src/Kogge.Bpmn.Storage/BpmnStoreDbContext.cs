using Kogge.Bpmn.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Kogge.Bpmn.Storage.EntityFramework;

/// <summary>
/// The engine's tables. Every row carries the revision the engine read as concurrency token: an update or delete
/// is <c>... WHERE "Id" = @id AND "Revision" = @read</c>, and a row count of zero is a conflict. One subclass per
/// provider, each with its own migration set (<c>Migrations/Sqlite</c>, <c>Migrations/Postgres</c>).
/// </summary>
public abstract class BpmnStoreDbContext(DbContextOptions options) : DbContext(options)
{
    /// <summary>The table of the jobs, named in the acquisition SQL.</summary>
    internal const string JobsTable = "BpmnJobs";

    /// <summary>The candidate groups and users of open tasks, one row each, written by triggers on <c>BpmnUserTasks</c>.</summary>
    internal const string TaskCandidatesTable = "BpmnTaskCandidates";

    // Every index entry is a page more that a commit writes (on SQLite each one a WAL frame of its own). Columns
    // that are mostly empty, and are only ever looked up by a value, are indexed where they have one; both databases
    // use such a partial index for "column = value". The definition of a job or subscription is only looked up for
    // start triggers, which belong to no instance. Variables are read with their instance, history events by
    // instance or in order, never by id alone.
    private const string StartTrigger = "\"ProcessInstanceId\" IS NULL";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        Row<DeploymentRecord>(modelBuilder, "BpmnDeployments", e =>
        {
            e.Property(r => r.Name).HasMaxLength(400);
        });

        Row<ProcessDefinitionRecord>(modelBuilder, "BpmnProcessDefinitions", e =>
        {
            e.Property(r => r.ProcessId).HasMaxLength(200);
            e.Property(r => r.ResourceName).HasMaxLength(400);
            e.Property(r => r.ContentHash).HasMaxLength(100);
            e.HasIndex(r => new { r.ProcessId, r.TenantId, r.Version });
            e.HasIndex(r => r.DeploymentId);
        });

        Row<ProcessInstanceRecord>(modelBuilder, "BpmnProcessInstances", e =>
        {
            e.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
            e.HasIndex(r => r.DefinitionId);
            e.HasIndex(r => r.BusinessKey).HasFilter(NotNull(nameof(ProcessInstanceRecord.BusinessKey)));
            e.HasIndex(r => r.ParentInstanceId).HasFilter(NotNull(nameof(ProcessInstanceRecord.ParentInstanceId)));
        });

        Row<ElementInstanceRecord>(modelBuilder, "BpmnElementInstances", e =>
        {
            e.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
            e.HasIndex(r => r.ProcessInstanceId);
        });

        Row<VariableRecord>(modelBuilder, "BpmnVariables", e =>
        {
            e.Property(r => r.Name).HasMaxLength(400);
            e.HasIndex(r => r.ProcessInstanceId);
        });

        Row<UserTaskRecord>(modelBuilder, "BpmnUserTasks", e =>
        {
            e.HasIndex(r => r.ProcessInstanceId);
            e.HasIndex(r => r.Assignee).HasFilter(NotNull(nameof(UserTaskRecord.Assignee)));
            e.HasIndex(r => new { r.TenantId, r.CreatedAt });
            // Inbox queries by candidate group read the oldest tasks first and stop after one page.
            e.HasIndex(r => new { r.CreatedAt, r.Id });
            // An inbox sorted by due date reads the index in order and stops after one page.
            e.HasIndex(r => new { r.TenantId, r.DueDate, r.Id }).HasFilter(NotNull(nameof(UserTaskRecord.DueDate)));
            // A clerk's own tasks: found and counted by assignee, read in due order.
            e.HasIndex(r => new { r.TenantId, r.Assignee, r.DueDate }).HasFilter(NotNull(nameof(UserTaskRecord.Assignee)));
        });

        modelBuilder.Entity<TaskCandidate>(e =>
        {
            e.ToTable(TaskCandidatesTable);
            e.HasKey(c => new { c.TaskId, c.Kind, c.Name });
            e.Property(c => c.TaskId).HasMaxLength(255);
            e.Property(c => c.Kind).HasMaxLength(10);
            e.Property(c => c.Name).HasMaxLength(255);
            e.HasIndex(c => new { c.TenantId, c.Kind, c.Name });
        });

        Row<JobRecord>(modelBuilder, JobsTable, e =>
        {
            e.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(r => r.JobType).HasMaxLength(200);
            e.Property(r => r.LockOwner).HasMaxLength(200);
            e.HasIndex(r => r.ProcessInstanceId);
            e.HasIndex(r => r.DefinitionId).HasFilter(StartTrigger);
            e.HasIndex(r => new { r.Kind, r.DueDate });
        });

        Row<EventSubscriptionRecord>(modelBuilder, "BpmnEventSubscriptions", e =>
        {
            e.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(r => r.EventName).HasMaxLength(400);
            e.Property(r => r.CorrelationKey).HasMaxLength(400);
            e.HasIndex(r => r.ProcessInstanceId);
            e.HasIndex(r => r.DefinitionId).HasFilter(StartTrigger);
            e.HasIndex(r => new { r.Kind, r.EventName, r.CorrelationKey });
        });

        Row<BufferedMessageRecord>(modelBuilder, "BpmnBufferedMessages", e =>
        {
            e.Property(r => r.Name).HasMaxLength(400);
            e.Property(r => r.CorrelationKey).HasMaxLength(400);
            e.HasIndex(r => new { r.Name, r.CorrelationKey, r.ExpiresAt });
        });

        Row<IncidentRecord>(modelBuilder, "BpmnIncidents", e =>
        {
            e.Property(r => r.Type).HasMaxLength(100);
            e.HasIndex(r => r.ProcessInstanceId);
        });

        // History is append-only; the database numbers the events in the order they are written.
        modelBuilder.Entity<HistoryEventRecord>(e =>
        {
            e.ToTable("BpmnHistoryEvents");
            e.HasKey(r => r.Sequence);
            e.Property(r => r.Sequence).ValueGeneratedOnAdd();
            e.Property(r => r.Id).HasMaxLength(255);
            e.Property(r => r.Revision).IsConcurrencyToken();
            e.Property(r => r.Kind).HasMaxLength(100);
            e.HasIndex(r => new { r.ProcessInstanceId, r.Sequence });
        });
    }

    private static string NotNull(string column) => $"\"{column}\" IS NOT NULL";

    private static void Row<T>(ModelBuilder modelBuilder, string table, Action<EntityTypeBuilder<T>> configure)
        where T : StoreRecord
    {
        modelBuilder.Entity<T>(e =>
        {
            e.ToTable(table);
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).HasMaxLength(255);
            e.Property(r => r.Revision).IsConcurrencyToken();
            configure(e);
        });
    }
}
