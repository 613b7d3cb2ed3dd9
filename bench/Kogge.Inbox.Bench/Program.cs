using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Kogge.Bpmn.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

// Usage: Kogge.Inbox.Bench <Kogge.Web.dll> [postgres-server-connection-string]
// For each database and each number of open tasks: a fresh database, the real host started on 127.0.0.1 (migrations
// and demo data), tasks seeded in bulk into the engine's tables, the demo clerk signed in, then each inbox page
// requested WARMUP + REQUESTS times one after another. Markdown to stdout, progress to stderr.
var hostDll = Path.GetFullPath(args.Length > 0 ? args[0] : throw new ArgumentException("Path to Kogge.Web.dll required."));
var postgres = args.Length > 1 ? args[1] : null;
var sizes = (Environment.GetEnvironmentVariable("SIZES") ?? "1000 100000").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
var requests = int.Parse(Environment.GetEnvironmentVariable("REQUESTS") ?? "300", CultureInfo.InvariantCulture);
var warmup = int.Parse(Environment.GetEnvironmentVariable("WARMUP") ?? "30", CultureInfo.InvariantCulture);
string[] pages =
[
    "/rostock/aufgaben?ansicht=gruppe",
    "/rostock/aufgaben?ansicht=gruppe&sortierung=eingang",
    "/rostock/aufgaben?ansicht=gruppe&frist=ueberfaellig",
    "/rostock/aufgaben?ansicht=gruppe&seite=40",
    "/rostock/aufgaben",
];

var results = new List<(string Database, int Tasks, string Page, double P50, double P95)>();
foreach (var database in postgres is null ? ["SQLite"] : new[] { "SQLite", "PostgreSQL" })
{
    foreach (var size in sizes)
    {
        Console.Error.WriteLine($"{database}, {size:N0} open tasks");
        var (connectionString, drop) = database == "SQLite" ? BenchHost.NewSqlite() : BenchHost.NewPostgres(postgres!);
        using var host = BenchHost.StartHost(hostDll, database == "SQLite" ? "Sqlite" : "Postgres", connectionString, out var baseUri);
        try
        {
            await BenchHost.WaitReadyAsync(baseUri);
            var (tenantId, clerkId) = await IdsAsync(database, connectionString);
            var seedWatch = Stopwatch.StartNew();
            await SeedAsync(database, connectionString, tenantId, clerkId, size);
            Console.Error.WriteLine($"  seeded in {seedWatch.Elapsed.TotalSeconds:F1} s");
            var client = await SignInAsync(baseUri);
            foreach (var page in pages)
            {
                var (p50, p95) = await MeasureAsync(client, page, warmup, requests);
                Console.Error.WriteLine($"  {page}: p50 {p50:F1} ms, p95 {p95:F1} ms");
                results.Add((database, size, page, p50, p95));
            }
        }
        finally
        {
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync();
            drop();
        }
    }
}

Console.WriteLine($"| database | page | p50 / p95 ms at {sizes[0]:N0} tasks | p50 / p95 ms at {sizes[^1]:N0} tasks | p95 ratio |");
Console.WriteLine("|---|---|---:|---:|---:|");
foreach (var group in results.GroupBy(r => (r.Database, r.Page)))
{
    var small = group.Single(r => r.Tasks == sizes[0]);
    var large = group.Single(r => r.Tasks == sizes[^1]);
    Console.WriteLine($"| {group.Key.Database} | `{group.Key.Page}` | {small.P50:F1} / {small.P95:F1} | {large.P50:F1} / {large.P95:F1} | {large.P95 / small.P95:F2} |");
}

static async Task<(string TenantId, string ClerkId)> IdsAsync(string database, string connectionString)
{
    await using var connection = BenchHost.Open(database, connectionString);
    async Task<string> ScalarAsync(string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Guid.Parse(Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture)!).ToString();
    }

    return (await ScalarAsync("""SELECT "Id" FROM "Tenants" WHERE "Slug" = 'rostock'"""),
        await ScalarAsync("""SELECT "Id" FROM "AspNetUsers" WHERE "Email" = 'sachbearbeitung@rostock.example'"""));
}

// One process instance per task. 80 % of the tasks are offered to the demo clerk's group "Clerk", the rest to another
// group; 1 % are assigned to the clerk; due dates spread from 10 days ago to 60 days ahead, one in ten without.
static async Task SeedAsync(string database, string connectionString, string tenantId, string clerkId, int count)
{
    var store = database == "SQLite" ? EfEngineStore.ForSqlite(connectionString) : EfEngineStore.ForPostgres(connectionString);
    var random = new Random(42);
    var now = DateTimeOffset.UtcNow;
    const int batch = 5000;
    for (var offset = 0; offset < count; offset += batch)
    {
        await using var db = store.CreateDbContext();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var i = offset; i < Math.Min(count, offset + batch); i++)
        {
            var instanceId = $"bench-instance-{i:D7}";
            var created = now.AddMinutes(-random.Next(60 * 24 * 30));
            db.Add(new ProcessInstanceRecord
            {
                Id = instanceId,
                Revision = 1,
                DefinitionId = "bench:1",
                ProcessId = "bench",
                BusinessKey = $"R-2026-{i:D6}",
                TenantId = tenantId,
                State = ProcessInstanceState.Active,
                StartedAt = created,
            });
            db.Add(new UserTaskRecord
            {
                Id = $"bench-task-{i:D7}",
                Revision = 1,
                ProcessInstanceId = instanceId,
                ElementInstanceId = $"bench-element-{i:D7}",
                ElementId = "antrag-pruefen",
                Name = "Antrag prüfen",
                TenantId = tenantId,
                CandidateGroups = random.Next(10) < 8 ? "Clerk" : "strassenaufsicht",
                Assignee = random.Next(100) == 0 ? clerkId : null,
                DueDate = random.Next(10) == 0 ? null : now.AddHours(random.Next(-240, 24 * 60)),
                CreatedAt = created,
            });
        }

        await db.SaveChangesAsync();
    }

    if (database == "PostgreSQL")
    {
        // What autovacuum does after a bulk load: fresh planner statistics.
        await using var connection = BenchHost.Open(database, connectionString);
        await using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE";
        await analyze.ExecuteNonQueryAsync();
    }
}

static async Task<HttpClient> SignInAsync(Uri baseUri)
{
    var client = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseUri };
    var form = await client.GetStringAsync(new Uri("/rostock/konto/anmelden", UriKind.Relative));
    var token = WebUtility.HtmlDecode(Regex.Match(form, "name=\"__kogge_csrf\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
    var response = await client.PostAsync(new Uri("/rostock/konto/anmelden", UriKind.Relative), new FormUrlEncodedContent(
    [
        new("Input.Email", "sachbearbeitung@rostock.example"),
        new("Input.Password", "Hanse-Kogge-2026!"),
        new("__kogge_csrf", token),
    ]));
    if (response.StatusCode != HttpStatusCode.Redirect)
    {
        throw new InvalidOperationException($"Sign-in failed: {(int)response.StatusCode}");
    }

    return client;
}

static async Task<(double P50, double P95)> MeasureAsync(HttpClient client, string path, int warmup, int requests)
{
    var times = new List<double>(requests);
    for (var i = 0; i < warmup + requests; i++)
    {
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        watch.Stop();
        if (response.StatusCode != HttpStatusCode.OK || !body.Contains("Aufgaben", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{path}: {(int)response.StatusCode}");
        }

        if (i >= warmup)
        {
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
    }

    times.Sort();
    return (times[(int)(times.Count * 0.50)], times[(int)Math.Ceiling(times.Count * 0.95) - 1]);
}
