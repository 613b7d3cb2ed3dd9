using System.Text.Json.Nodes;
using Kogge.Web.Modules.Catalog;
using Kogge.Web.Modules.Catalog.TestRuns;
using Microsoft.Extensions.Time.Testing;

namespace Kogge.Web.Tests.Modules.Catalog;

/// <summary>The test runs an instance holds: per designer and municipality, bounded, dropped when unused.</summary>
public class TestRunsUnitTests
{
    private static readonly Guid Rostock = Guid.NewGuid();

    private static readonly ServiceVersion Version = new()
    {
        Number = 1,
        State = VersionState.Draft,
        Artifacts =
        [
            new ServiceArtifact { Kind = ArtifactKind.Process, Name = ServiceArtifact.ProcessName, Content = CatalogSamples.Process() },
            new ServiceArtifact { Kind = ArtifactKind.Form, Name = "antrag", Content = CatalogSamples.Form() },
        ],
    };

    private static Task<TestRun> RunAsync(Guid owner, FakeTimeProvider clock) =>
        TestRun.StartAsync(Rostock, owner, new PublicService { LeikaKey = "99000000000101", Name = "Test", Slug = "test" }, Version, "Hansestadt Rostock",
            new JsonObject { ["name"] = "Erika" }, [], clock.GetUtcNow(), CancellationToken.None);

    [Fact]
    public async Task Find_OnlyTheOwnersRunOfItsMunicipalityAndVersion()
    {
        var clock = new FakeTimeProvider();
        var runs = new TestRuns(clock);
        var designer = Guid.NewGuid();
        var run = await RunAsync(designer, clock);
        runs.Add(run);

        Assert.Same(run, runs.Find(run.Id, Rostock, designer, Version.Id));
        Assert.Null(runs.Find(run.Id, Rostock, Guid.NewGuid(), Version.Id));
        Assert.Null(runs.Find(run.Id, Guid.NewGuid(), designer, Version.Id));
        Assert.Null(runs.Find(run.Id, Rostock, designer, Guid.NewGuid()));
    }

    [Fact]
    public async Task Add_BeyondThreePerDesigner_TheLeastRecentlyUsedGoes_AndIdleRunsExpire()
    {
        var clock = new FakeTimeProvider();
        var runs = new TestRuns(clock);
        var designer = Guid.NewGuid();
        var started = new List<TestRun>();
        for (var i = 0; i < TestRuns.PerAccount; i++)
        {
            started.Add(await RunAsync(designer, clock));
            runs.Add(started[^1]);
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        // Using the first run makes the second the least recently used.
        Assert.NotNull(runs.Find(started[0].Id, Rostock, designer, Version.Id));
        var other = await RunAsync(Guid.NewGuid(), clock);
        runs.Add(other);
        runs.Add(await RunAsync(designer, clock));
        Assert.NotNull(runs.Find(started[0].Id, Rostock, designer, Version.Id));
        Assert.Null(runs.Find(started[1].Id, Rostock, designer, Version.Id));
        Assert.NotNull(runs.Find(started[2].Id, Rostock, designer, Version.Id));
        Assert.NotNull(runs.Find(other.Id, Rostock, other.OwnerId, Version.Id));

        clock.Advance(TestRuns.IdleLimit + TimeSpan.FromSeconds(1));
        Assert.Null(runs.Find(started[0].Id, Rostock, designer, Version.Id));
        Assert.Null(runs.Find(other.Id, Rostock, other.OwnerId, Version.Id));
    }
}
