using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

/// <summary>A fresh database and the real host on it, as a separate process on 127.0.0.1; shared by the benchmarks that go through HTTP.</summary>
internal static class BenchHost
{
    public static (string ConnectionString, Action Drop) NewSqlite()
    {
        var file = Path.Combine(Path.GetTempPath(), $"kogge-bench-{Guid.NewGuid():N}.db");
        return ($"Data Source={file}", () =>
        {
            SqliteConnection.ClearAllPools();
            foreach (var f in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(f);
            }
        }
        );
    }

    public static (string ConnectionString, Action Drop) NewPostgres(string server)
    {
        var name = $"kogge_bench_{Guid.NewGuid():N}"[..40];
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = $"CREATE DATABASE \"{name}\"";
            create.ExecuteNonQuery();
        }

        return (new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString, () =>
        {
            NpgsqlConnection.ClearAllPools();
            using var connection = new NpgsqlConnection(server);
            connection.Open();
            using var dropCommand = connection.CreateCommand();
            dropCommand.CommandText = $"DROP DATABASE \"{name}\" WITH (FORCE)";
            dropCommand.ExecuteNonQuery();
        }
        );
    }

    public static Process StartHost(string dll, string provider, string connectionString, out Uri baseUri)
    {
        var port = 20000 + Random.Shared.Next(20000);
        baseUri = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = baseUri.ToString();
        start.Environment["Kogge__Database__Provider"] = provider;
        start.Environment["Kogge__Database__ConnectionString"] = connectionString;
        start.Environment["Kogge__Limits__SignInPerMinute"] = "100000";
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) =>
        {
            // The host logs to stdout; its errors belong in the benchmark's progress.
            if (e.Data is not null && (e.Data.Contains(" ERR]", StringComparison.Ordinal) || e.Data.Contains(" FTL]", StringComparison.Ordinal) || e.Data.Contains("Exception: ", StringComparison.Ordinal)))
            {
                Console.Error.WriteLine("  host: " + e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("  host: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static async Task WaitReadyAsync(Uri baseUri)
    {
        using var client = new HttpClient { BaseAddress = baseUri };
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            try
            {
                if ((await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The host did not get ready.");
            }

            await Task.Delay(250);
        }
    }

    public static DbConnection Open(string database, string connectionString)
    {
        DbConnection connection = database == "SQLite" ? new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString);
        connection.Open();
        return connection;
    }
}
