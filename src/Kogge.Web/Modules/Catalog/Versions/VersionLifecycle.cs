using Kogge.Bpmn.Engine;
using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Processes;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Catalog.Versions;

/// <summary>The outcome of a change to a version, for pages and API alike.</summary>
public enum LifecycleOutcome
{
    Done,
    NotFound,

    /// <summary>The version is published or retired: nothing of it changes any more.</summary>
    Frozen,

    /// <summary>The report lists errors; publishing is refused.</summary>
    Invalid,

    /// <summary>Someone else changed the service or version in the meantime.</summary>
    Conflict,

    /// <summary>A draft exists already; work on it instead of starting another.</summary>
    DraftExists,
}

/// <summary>
/// Draft → published → retired. Publishing checks the version first (<see cref="VersionCheck"/>), deploys its process
/// to the municipality's engine, retires the version published before and points the service at the new one, so new
/// applications start there while running cases stay on theirs. Every step writes an audit entry in the same
/// transaction.
/// </summary>
public sealed class VersionLifecycle(KoggeDbContext db, AuditLog audit, VersionCheck check, TimeProvider clock, ProcessEngine engine, TenantProcesses processes)
{
    /// <summary>A new draft: the copy of the newest version, or an empty version 1.</summary>
    public async Task<(LifecycleOutcome Outcome, ServiceVersion? Draft)> CreateDraftAsync(Guid serviceId, CancellationToken cancellationToken)
    {
        var service = await db.PublicServices.FirstOrDefaultAsync(s => s.Id == serviceId, cancellationToken);
        if (service is null)
        {
            return (LifecycleOutcome.NotFound, null);
        }

        var latest = await db.ServiceVersions.Include(v => v.Artifacts).Where(v => v.ServiceId == serviceId)
            .OrderByDescending(v => v.Number).FirstOrDefaultAsync(cancellationToken);
        if (latest?.IsDraft == true)
        {
            return (LifecycleOutcome.DraftExists, latest);
        }

        var now = clock.GetUtcNow();
        var draft = new ServiceVersion { ServiceId = serviceId, Number = (latest?.Number ?? 0) + 1, State = VersionState.Draft, CreatedAt = now };
        foreach (var artifact in latest?.Artifacts ?? [])
        {
            draft.SetArtifact(artifact.Kind, artifact.Name, artifact.Content, now);
        }

        db.ServiceVersions.Add(draft);
        audit.Add("catalog.version_created", "ServiceVersion", draft.Id, new { service = serviceId, draft.Number, copiedFrom = latest?.Number });
        return await SaveAsync(cancellationToken) is { } failed ? (failed, null) : (LifecycleOutcome.Done, draft);
    }

    public async Task<LifecycleOutcome> SetArtifactAsync(Guid serviceId, int number, ArtifactKind kind, string name, string content, CancellationToken cancellationToken)
    {
        var version = await LoadAsync(serviceId, number, cancellationToken);
        if (version is null)
        {
            return LifecycleOutcome.NotFound;
        }

        if (!version.IsDraft)
        {
            return LifecycleOutcome.Frozen;
        }

        var replaced = version.Artifacts.Any(a => a.Kind == kind && a.Name == name);
        var artifact = version.SetArtifact(kind, name, content, clock.GetUtcNow());
        if (!replaced)
        {
            db.ServiceArtifacts.Add(artifact);
        }

        Touch(version);
        audit.Add(replaced ? "catalog.artifact_replaced" : "catalog.artifact_added", "ServiceVersion", version.Id, new { kind = kind.ToString(), name, artifact = artifact.Id });
        return await SaveAsync(cancellationToken) ?? LifecycleOutcome.Done;
    }

    public async Task<LifecycleOutcome> RemoveArtifactAsync(Guid serviceId, int number, ArtifactKind kind, string name, CancellationToken cancellationToken)
    {
        var version = await LoadAsync(serviceId, number, cancellationToken);
        if (version is null)
        {
            return LifecycleOutcome.NotFound;
        }

        if (!version.IsDraft)
        {
            return LifecycleOutcome.Frozen;
        }

        if (!version.RemoveArtifact(kind, name))
        {
            return LifecycleOutcome.NotFound;
        }

        Touch(version);
        audit.Add("catalog.artifact_removed", "ServiceVersion", version.Id, new { kind = kind.ToString(), name });
        return await SaveAsync(cancellationToken) ?? LifecycleOutcome.Done;
    }

    /// <summary>Publishes a draft whose report is clean; <paramref name="expectedVersion"/> is the row version the person saw.</summary>
    public async Task<(LifecycleOutcome Outcome, VersionReport? Report)> PublishAsync(Guid serviceId, int number, int? expectedVersion, CancellationToken cancellationToken)
    {
        var version = await LoadAsync(serviceId, number, cancellationToken);
        if (version is null)
        {
            return (LifecycleOutcome.NotFound, null);
        }

        if (!version.IsDraft)
        {
            return (LifecycleOutcome.Frozen, null);
        }

        if (expectedVersion is { } expected)
        {
            db.Entry(version).Property(v => v.Version).OriginalValue = expected;
        }

        var report = check.Check(version.Artifacts);
        if (!report.IsValid)
        {
            return (LifecycleOutcome.Invalid, report);
        }

        var service = await db.PublicServices.FirstAsync(s => s.Id == serviceId, cancellationToken);
        if (await DeployAsync(service, version, cancellationToken) is { } refused)
        {
            return (LifecycleOutcome.Invalid, refused);
        }

        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var previous = await db.ServiceVersions.FirstOrDefaultAsync(v => v.ServiceId == serviceId && v.State == VersionState.Published, cancellationToken);
        if (previous is not null)
        {
            // Retired first, in its own statement: the unique index allows one published version at any moment.
            previous.State = VersionState.Retired;
            previous.RetiredAt = now;
            audit.Add("catalog.version_retired", "ServiceVersion", previous.Id, new { service = serviceId, previous.Number, supersededBy = number });
            if (await SaveAsync(cancellationToken) is { } failedRetire)
            {
                return (failedRetire, null);
            }
        }

        version.State = VersionState.Published;
        version.PublishedAt = now;
        service.PublishedVersionId = version.Id;
        service.UpdatedAt = now;
        audit.Add("catalog.version_published", "ServiceVersion", version.Id, new { service = serviceId, version.Number });
        if (await SaveAsync(cancellationToken) is { } failed)
        {
            return (failed, null);
        }

        await transaction.CommitAsync(cancellationToken);
        return (LifecycleOutcome.Done, report);
    }

    /// <summary>
    /// Deploys the version's process before the version is marked published. The engine keeps the version of an
    /// unchanged model, so publishing again after a failed save deploys nothing new; and since a case starts exactly the
    /// engine version recorded here, a deployment whose publication failed is never started.
    /// </summary>
    private async Task<VersionReport?> DeployAsync(PublicService service, ServiceVersion version, CancellationToken cancellationToken)
    {
        var process = version.Artifacts.First(a => a.Kind == ArtifactKind.Process);
        Deployment deployment;
        try
        {
            deployment = await engine.Repository.DeployAsync($"{service.Slug} v{version.Number}", [new DeploymentResource($"{ServiceArtifact.ProcessName}.bpmn", process.Content)], processes.TenantId, cancellationToken);
        }
        catch (DeploymentValidationException e)
        {
            return new VersionReport([.. e.Problems.Select(p => new VersionFinding(ArtifactKind.Process, process.Name, p.ElementId, p.Message))]);
        }
        catch (ProcessEngineException e)
        {
            return new VersionReport([new VersionFinding(ArtifactKind.Process, process.Name, null, e.Message)]);
        }

        // VersionCheck has made sure of exactly one executable process.
        var deployed = deployment.Processes[0];
        version.EngineProcessId = deployed.ProcessId;
        version.EngineProcessVersion = deployed.Version;
        version.EngineDefinitionId = deployed.Id;
        return null;
    }

    /// <summary>Takes the published version out of service: no new applications until another is published.</summary>
    public async Task<LifecycleOutcome> RetireAsync(Guid serviceId, int number, CancellationToken cancellationToken)
    {
        var version = await LoadAsync(serviceId, number, cancellationToken);
        if (version is null)
        {
            return LifecycleOutcome.NotFound;
        }

        if (version.State != VersionState.Published)
        {
            return LifecycleOutcome.Frozen;
        }

        var service = await db.PublicServices.FirstAsync(s => s.Id == serviceId, cancellationToken);
        var now = clock.GetUtcNow();
        version.State = VersionState.Retired;
        version.RetiredAt = now;
        service.PublishedVersionId = null;
        service.UpdatedAt = now;
        audit.Add("catalog.version_retired", "ServiceVersion", version.Id, new { service = serviceId, version.Number });
        return await SaveAsync(cancellationToken) ?? LifecycleOutcome.Done;
    }

    public Task<ServiceVersion?> LoadAsync(Guid serviceId, int number, CancellationToken cancellationToken) =>
        db.ServiceVersions.Include(v => v.Artifacts).FirstOrDefaultAsync(v => v.ServiceId == serviceId && v.Number == number, cancellationToken);

    /// <summary>An artifact change is a change of its version: the version's row version guards against lost updates.</summary>
    private void Touch(ServiceVersion version) => db.Entry(version).State = EntityState.Modified;

    private async Task<LifecycleOutcome?> SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return LifecycleOutcome.Conflict;
        }
        catch (DbUpdateException)
        {
            // A unique index: another draft with this number, or another version published at the same moment.
            return LifecycleOutcome.Conflict;
        }
    }
}
