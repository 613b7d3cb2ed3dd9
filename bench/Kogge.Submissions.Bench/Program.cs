using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Kogge.Bpmn.Bench;
using Kogge.Bpmn.Storage;

// Usage: Kogge.Submissions.Bench <Kogge.Web.dll> [postgres-server-connection-string]
// For each database: a fresh database, the real host started on 127.0.0.1 (migrations and demo data), a service
// account of Rostock; then for each number of clients first the raw commit ceiling of that database (one-row INSERT +
// COMMIT per client, same durability), then the same number of clients each submitting Gewerbeanmeldungen through
// POST /rostock/api/v1/applications, one after another, each with a new Idempotency-Key. A submission is counted when
// it answered 201 (the case committed and its process started). Markdown to stdout, progress to stderr.
var hostDll = Path.GetFullPath(args.Length > 0 ? args[0] : throw new ArgumentException("Path to Kogge.Web.dll required."));
var postgres = args.Length > 1 ? args[1] : null;
var clientCounts = (Environment.GetEnvironmentVariable("CLIENTS") ?? "1 8 64").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
var duration = TimeSpan.FromSeconds(double.Parse(Environment.GetEnvironmentVariable("DURATION") ?? "10", CultureInfo.InvariantCulture));

var rows = new List<string>();
foreach (var database in postgres is null ? ["SQLite"] : new[] { "SQLite", "PostgreSQL" })
{
    Console.Error.WriteLine(database);
    var (connectionString, drop) = database == "SQLite" ? BenchHost.NewSqlite() : BenchHost.NewPostgres(postgres!);
    using var host = BenchHost.StartHost(hostDll, database == "SQLite" ? "Sqlite" : "Postgres", connectionString, out var baseUri);
    try
    {
        await BenchHost.WaitReadyAsync(baseUri);
        var token = await ServiceAccountAsync(database, connectionString);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = baseUri, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await SubmitAsync(http, 4, TimeSpan.FromSeconds(3)); // warm-up: JIT, connection pools, the published version's caches
        foreach (var clients in clientCounts)
        {
            var provider = database == "SQLite" ? EngineStoreProvider.Sqlite : EngineStoreProvider.Postgres;
            var ceiling = await Durable.CeilingAsync(provider, connectionString, clients, duration);
            // The ceiling's connections close now; idle in this process's pool they would count against PostgreSQL's max_connections.
            Npgsql.NpgsqlConnection.ClearAllPools();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Console.Error.WriteLine($"  {clients} clients: ceiling {ceiling.PerSecond:F0} commits/s");
            var (count, errors, seconds, p50, p99) = await SubmitAsync(http, clients, duration);
            Console.Error.WriteLine($"  {clients} clients: {count / seconds:F0} submissions/s, p50 {p50:F1} ms, p99 {p99:F1} ms, {errors} errors");
            rows.Add($"| {database} | {clients} | {ceiling.PerSecond:F0} | {ceiling.P50Ms:F2} / {ceiling.P99Ms:F2} | {count / seconds:F0} | {p50:F1} / {p99:F1} | {count / seconds / ceiling.PerSecond:F2} | {count:N0} / {errors} |");
        }
    }
    finally
    {
        host.Kill(entireProcessTree: true);
        await host.WaitForExitAsync();
        drop();
    }
}

Console.WriteLine("| database | clients | ceiling commits/s | ceiling p50 / p99 ms | submissions/s | submission p50 / p99 ms | submissions / ceiling | submitted / errors |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
foreach (var row in rows)
{
    Console.WriteLine(row);
}

// A service account of Rostock with the role ProcessWorker, written as the admin page writes it (only the token's hash is stored).
static async Task<string> ServiceAccountAsync(string database, string connectionString)
{
    var token = "kg_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    await using var connection = BenchHost.Open(database, connectionString);
    await using var command = connection.CreateCommand();
    command.CommandText = """
        INSERT INTO "ServiceAccounts" ("Id", "TenantId", "Name", "Roles", "TokenHash", "TokenPrefix", "CreatedAt", "Version")
        SELECT @id, "Id", 'Lastmessung', 'ProcessWorker', @hash, @prefix, @now, 0 FROM "Tenants" WHERE "Slug" = 'rostock'
        """;
    void Add(string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    var sqlite = database == "SQLite";
    Add("@id", sqlite ? Guid.NewGuid().ToString().ToUpperInvariant() : Guid.NewGuid());
    Add("@hash", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))));
    Add("@prefix", token[..10]);
    Add("@now", sqlite ? DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture) : DateTimeOffset.UtcNow);
    if (await command.ExecuteNonQueryAsync() != 1)
    {
        throw new InvalidOperationException("The demo municipality rostock is missing.");
    }

    return token;
}

static async Task<(long Count, long Errors, double Seconds, double P50, double P99)> SubmitAsync(HttpClient http, int clients, TimeSpan duration)
{
    var latencies = new List<double>[clients];
    long count = 0, errors = 0;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
    {
        var mine = latencies[c] = new List<double>(4096);
        while (clock.Elapsed < duration)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/rostock/api/v1/applications", UriKind.Relative))
            {
                Content = JsonContent.Create(new
                {
                    service = "gewerbe-anmelden",
                    data = new { anlass = "neuerrichtung", rechtsform = "einzelunternehmen", taetigkeit = "Fahrradreparatur", beginn = "2026-12-01", betriebsstaette = "Kröpeliner Straße 1, 18055 Rostock" },
                }),
            };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            var t0 = Stopwatch.GetTimestamp();
            try
            {
                using var response = await http.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    mine.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                    Interlocked.Increment(ref count);
                }
                else
                {
                    Interlocked.Increment(ref errors);
                    if (Interlocked.Read(ref errors) <= 3)
                    {
                        Console.Error.WriteLine($"  {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    }
                }
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref errors);
            }
        }
    })));
    var seconds = clock.Elapsed.TotalSeconds;
    var all = latencies.SelectMany(l => l).Order().ToArray();
    double Percentile(double p) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)Math.Ceiling(p * all.Length) - 1)];
    return (count, errors, seconds, Percentile(0.50), Percentile(0.99));
}
