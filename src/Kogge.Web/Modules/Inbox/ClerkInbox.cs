using Kogge.Bpmn.Storage;
using Kogge.Web.Modules.Catalog;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Processes;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Inbox;

public enum InboxTab
{
    /// <summary>Tasks assigned to the clerk.</summary>
    Mine,

    /// <summary>Tasks offered to the clerk's groups or to the clerk by name.</summary>
    Group,
}

public enum InboxStatus
{
    /// <summary>Nobody has claimed the task yet.</summary>
    Open,

    /// <summary>Someone works on it.</summary>
    Claimed,
    All,
}

public enum InboxDue
{
    Any,
    Overdue,
    Today,
    ThisWeek,
}

public enum InboxSort
{
    Due,
    Created,
    Service,
}

public sealed record InboxFilter(InboxTab Tab, Guid? ServiceId, InboxStatus Status, InboxDue Due, InboxSort Sort, int Page);

/// <summary>One row of the inbox.</summary>
public sealed record InboxRow(
    string TaskId, string? Name, string ProcessInstanceId, string? BusinessKey, string? CaseReference, string? ServiceName, string? AssigneeId, string? AssigneeName,
    DateTimeOffset CreatedAt, DateTimeOffset? DueDate, Deadline Deadline);

/// <summary>A page of the inbox; <see cref="Total"/> counts up to <see cref="ClerkInbox.CountLimit"/> and says "more" beyond.</summary>
public sealed record InboxPage(IReadOnlyList<InboxRow> Rows, int Total, bool MoreThanCounted, int Page, int PageCount);

/// <summary>
/// The clerk's open tasks from the engine's tables. Every filter and the order run in the database: candidate groups
/// through <see cref="TaskCandidate"/> rows, due dates and creation times through their indexes. Counting stops at
/// <see cref="CountLimit"/> and paging at that depth, so a page costs the same with a thousand open tasks as with a
/// hundred thousand.
/// </summary>
public sealed class ClerkInbox(EfEngineStore store, TenantProcesses processes, KoggeDbContext db, TimeProvider clock)
{
    public const int PageSize = 25;
    public const int CountLimit = 1000;

    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public async Task<InboxPage> PageAsync(string userId, IReadOnlyList<string> groups, InboxFilter filter, CancellationToken cancellationToken)
    {
        var tenantId = processes.TenantId;
        await using var engine = store.CreateDbContext();
        var rows = engine.Set<UserTaskRecord>().AsNoTracking().Where(t => t.TenantId == tenantId);
        if (filter.Tab == InboxTab.Mine)
        {
            rows = rows.Where(t => t.Assignee == userId);
        }
        else
        {
            rows = Offered(engine, rows, userId, groups);
            rows = filter.Status switch
            {
                InboxStatus.Open => rows.Where(t => t.Assignee == null),
                InboxStatus.Claimed => rows.Where(t => t.Assignee != null),
                _ => rows,
            };
        }

        if (filter.ServiceId is { } serviceId)
        {
            var definitions = await db.ServiceVersions.AsNoTracking()
                .Where(v => v.ServiceId == serviceId && v.EngineDefinitionId != null).Select(v => v.EngineDefinitionId!).ToListAsync(cancellationToken);
            var instances = engine.Set<ProcessInstanceRecord>().Where(i => i.TenantId == tenantId && definitions.Contains(i.DefinitionId)).Select(i => i.Id);
            rows = rows.Where(t => instances.Contains(t.ProcessInstanceId));
        }

        rows = DueWithin(rows, filter.Due);
        var counted = await rows.Take(CountLimit + 1).CountAsync(cancellationToken);
        var pageCount = Math.Max(1, (Math.Min(counted, CountLimit) + PageSize - 1) / PageSize);
        var page = Math.Clamp(filter.Page, 1, pageCount);
        var tasks = await OrderedPageAsync(engine, rows, filter.Sort, (page - 1) * PageSize, cancellationToken);
        return new InboxPage(await DescribeAsync(engine, tasks, cancellationToken), Math.Min(counted, CountLimit), counted > CountLimit, page, pageCount);
    }

    /// <summary>Whether the clerk may see and claim the task: it is theirs, or offered to one of their groups or to them.</summary>
    public async Task<bool> IsVisibleAsync(string taskId, string userId, IReadOnlyList<string> groups, CancellationToken cancellationToken)
    {
        var tenantId = processes.TenantId;
        await using var engine = store.CreateDbContext();
        var task = engine.Set<UserTaskRecord>().Where(t => t.Id == taskId && t.TenantId == tenantId);
        return await task.AnyAsync(t => t.Assignee == userId, cancellationToken)
            || await Offered(engine, task, userId, groups).AnyAsync(cancellationToken);
    }

    /// <summary>
    /// The tasks offered to one of the groups or to the user by name, as a correlated <c>EXISTS</c>: the database walks
    /// the tasks in the order asked for and probes the candidate key per task, instead of collecting every offered task
    /// of a large group first and sorting them.
    /// </summary>
    private static IQueryable<UserTaskRecord> Offered(DbContext engine, IQueryable<UserTaskRecord> rows, string userId, IReadOnlyList<string> groups)
    {
        var names = groups.ToList();
        var candidates = engine.Set<TaskCandidate>();
        return rows.Where(t => candidates.Any(c => c.TaskId == t.Id
            && ((c.Kind == TaskCandidate.Group && names.Contains(c.Name)) || (c.Kind == TaskCandidate.User && c.Name == userId))));
    }

    private IQueryable<UserTaskRecord> DueWithin(IQueryable<UserTaskRecord> rows, InboxDue due)
    {
        var now = clock.GetUtcNow();
        var local = TimeZoneInfo.ConvertTime(now, Berlin);
        var today = new DateTimeOffset(local.Date, local.Offset).ToUniversalTime();
        var tomorrow = Midnight(local.Date.AddDays(1));
        var daysToMonday = ((int)DayOfWeek.Monday - (int)local.DayOfWeek + 7) % 7;
        var nextWeek = Midnight(local.Date.AddDays(daysToMonday == 0 ? 7 : daysToMonday));
        return due switch
        {
            InboxDue.Overdue => rows.Where(t => t.DueDate < now),
            InboxDue.Today => rows.Where(t => t.DueDate >= today && t.DueDate < tomorrow),
            InboxDue.ThisWeek => rows.Where(t => t.DueDate >= today && t.DueDate < nextWeek),
            _ => rows,
        };
    }

    private static DateTimeOffset Midnight(DateTime localDate) => new DateTimeOffset(localDate, Berlin.GetUtcOffset(localDate)).ToUniversalTime();

    private static async Task<List<UserTaskRecord>> OrderedPageAsync(DbContext engine, IQueryable<UserTaskRecord> rows, InboxSort sort, int skip, CancellationToken cancellationToken)
    {
        switch (sort)
        {
            case InboxSort.Created:
                return await rows.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id).Skip(skip).Take(PageSize).ToListAsync(cancellationToken);
            case InboxSort.Service:
                // The engine's process id stands for the service; its versions share it.
                return await rows.Join(engine.Set<ProcessInstanceRecord>(), t => t.ProcessInstanceId, i => i.Id, (t, i) => new { t, i.ProcessId })
                    .OrderBy(x => x.ProcessId).ThenBy(x => x.t.DueDate == null).ThenBy(x => x.t.DueDate).ThenBy(x => x.t.Id)
                    .Select(x => x.t).Skip(skip).Take(PageSize).ToListAsync(cancellationToken);
            default:
                // Tasks without a due date come last. The databases disagree where NULL sorts, and an expression in
                // ORDER BY would bypass the index, so the dated and the undated tasks are two ordered reads.
                var dated = rows.Where(t => t.DueDate != null).OrderBy(t => t.DueDate).ThenBy(t => t.Id);
                var page = await dated.Skip(skip).Take(PageSize).ToListAsync(cancellationToken);
                if (page.Count == PageSize)
                {
                    return page;
                }

                var datedTotal = page.Count > 0 ? skip + page.Count : await dated.Take(skip).CountAsync(cancellationToken);
                page.AddRange(await rows.Where(t => t.DueDate == null).OrderBy(t => t.CreatedAt).ThenBy(t => t.Id)
                    .Skip(skip + page.Count - datedTotal).Take(PageSize - page.Count).ToListAsync(cancellationToken));
                return page;
        }
    }

    private async Task<List<InboxRow>> DescribeAsync(DbContext engine, List<UserTaskRecord> tasks, CancellationToken cancellationToken)
    {
        var instanceIds = tasks.Select(t => t.ProcessInstanceId).Distinct().ToList();
        var instances = await engine.Set<ProcessInstanceRecord>().AsNoTracking().Where(i => instanceIds.Contains(i.Id))
            .ToDictionaryAsync(i => i.Id, cancellationToken);
        var definitionIds = instances.Values.Select(i => i.DefinitionId).Distinct().ToList();
        var services = await db.ServiceVersions.AsNoTracking().Where(v => definitionIds.Contains(v.EngineDefinitionId!))
            .Select(v => new { v.EngineDefinitionId, v.Service.Name, v.Service.TargetProcessingDays })
            .ToListAsync(cancellationToken);
        var serviceOf = services.GroupBy(s => s.EngineDefinitionId!).ToDictionary(g => g.Key, g => g.First());
        // A case starts its instance with the case id as business key; the row shows the case's reference number.
        var caseIds = instances.Values.Select(i => Guid.TryParse(i.BusinessKey, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).Distinct().ToList();
        var references = await db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id.ToString(), c => c.ReferenceNumber, StringComparer.OrdinalIgnoreCase, cancellationToken);
        var assigneeIds = tasks.Select(t => Guid.TryParse(t.Assignee, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => assigneeIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id.ToString(), u => u.DisplayName, cancellationToken);
        var now = clock.GetUtcNow();
        return [.. tasks.Select(t =>
        {
            var instance = instances.GetValueOrDefault(t.ProcessInstanceId);
            var service = instance is null ? null : serviceOf.GetValueOrDefault(instance.DefinitionId);
            var deadline = Deadline.For(t.DueDate, instance?.StartedAt ?? t.CreatedAt, service?.TargetProcessingDays, now);
            return new InboxRow(
                t.Id, t.Name, t.ProcessInstanceId, instance?.BusinessKey,
                instance?.BusinessKey is { } key ? references.GetValueOrDefault(key) : null, service?.Name, t.Assignee,
                t.Assignee is null ? null : names.GetValueOrDefault(t.Assignee), t.CreatedAt, t.DueDate, deadline);
        })];
    }

    /// <summary>Staff of the municipality with the clerk role, for delegation.</summary>
    public async Task<IReadOnlyList<(string Id, string Name)>> ClerksAsync(CancellationToken cancellationToken)
    {
        var clerks = await (from u in db.Users.AsNoTracking()
                            join ur in db.UserRoles on u.Id equals ur.UserId
                            join r in db.Roles on ur.RoleId equals r.Id
                            where r.Name == Roles.Clerk && u.IsStaff
                            orderby u.DisplayName, u.Id
                            select new { u.Id, u.DisplayName }).ToListAsync(cancellationToken);
        return [.. clerks.Select(c => (c.Id.ToString(), c.DisplayName))];
    }
}
