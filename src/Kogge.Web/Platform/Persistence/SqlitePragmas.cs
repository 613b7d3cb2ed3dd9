using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Kogge.Web.Platform.Persistence;

/// <summary>
/// Sets the per-connection SQLite settings Kogge relies on: an acknowledged application is a legal receipt, so
/// every commit is flushed to disk (<c>synchronous=FULL</c>) and concurrent writers wait instead of failing.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
