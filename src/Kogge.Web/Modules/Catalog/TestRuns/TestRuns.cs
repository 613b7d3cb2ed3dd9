namespace Kogge.Web.Modules.Catalog.TestRuns;

/// <summary>
/// The test runs held by this instance: at most <see cref="PerAccount"/> per designer and <see cref="Total"/> in all
/// (the oldest gives way), each dropped after <see cref="IdleLimit"/> without use.
/// </summary>
/// <remarks>
/// A run lives in memory on the instance that started it, not in the database and not as replayed inputs. Replaying
/// would have to re-run every decision and handler on each request and find tasks again by element, because the
/// engine's ids are new on every replay; storing runs would mean tables whose whole purpose is to be thrown away.
/// A run is a disposable probe: when it is gone (idle, evicted, instance restarted, or a request that reached another
/// instance behind a load balancer without sticky sessions) the designer starts a new one, and nothing else is lost.
/// </remarks>
public sealed class TestRuns(TimeProvider clock)
{
    public const int PerAccount = 3;

    public const int Total = 200;

    public static readonly TimeSpan IdleLimit = TimeSpan.FromMinutes(30);

    private readonly Dictionary<Guid, TestRun> _runs = [];
    private readonly Lock _lock = new();

    public void Add(TestRun run)
    {
        lock (_lock)
        {
            Prune();
            var mine = _runs.Values.Where(r => r.OwnerId == run.OwnerId && r.TenantId == run.TenantId).OrderBy(r => r.LastUsed).ToList();
            foreach (var old in mine.Take(Math.Max(0, mine.Count - PerAccount + 1)))
            {
                _runs.Remove(old.Id);
            }

            if (_runs.Count >= Total)
            {
                _runs.Remove(_runs.Values.MinBy(r => r.LastUsed)!.Id);
            }

            run.LastUsed = clock.GetUtcNow();
            _runs[run.Id] = run;
        }
    }

    /// <summary>The run, if it is this designer's, of this municipality and of this version, and not expired.</summary>
    public TestRun? Find(Guid id, Guid tenantId, Guid ownerId, Guid versionId)
    {
        lock (_lock)
        {
            Prune();
            if (!_runs.TryGetValue(id, out var run) || run.TenantId != tenantId || run.OwnerId != ownerId || run.Version.Id != versionId)
            {
                return null;
            }

            run.LastUsed = clock.GetUtcNow();
            return run;
        }
    }

    private void Prune()
    {
        var limit = clock.GetUtcNow() - IdleLimit;
        foreach (var expired in _runs.Values.Where(r => r.LastUsed < limit).Select(r => r.Id).ToList())
        {
            _runs.Remove(expired);
        }
    }
}
