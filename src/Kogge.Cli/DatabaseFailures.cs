using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Kogge.Cli;

/// <summary>Tells "the database cannot be reached" apart from other failures, for exit code 3.</summary>
internal static class DatabaseFailures
{
    // invalid_catalog_name, invalid_password, invalid_authorization_specification, cannot_connect_now, too_many_connections
    private static readonly HashSet<string> UnreachableStates = ["3D000", "28P01", "28000", "57P03", "53300"];

    // SQLITE_PERM, SQLITE_READONLY (file not writable), SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_NOTADB
    private static readonly HashSet<int> UnreachableSqliteCodes = [3, 8, 10, 14, 26];

    public static bool IsUnreachable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres:
                    return UnreachableStates.Contains(postgres.SqlState);
                case NpgsqlException or SocketException or TimeoutException:
                    // Npgsql raises its own type (not PostgresException) only for failures below SQL: network, TLS, timeouts.
                    return true;
                case SqliteException sqlite:
                    return UnreachableSqliteCodes.Contains(sqlite.SqliteErrorCode);
                default:
                    break;
            }
        }

        return false;
    }

    /// <summary>The innermost message, which names the cause ("Connection refused", "password authentication failed").</summary>
    public static string Describe(Exception exception)
    {
        var innermost = exception;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        return innermost == exception ? exception.Message : $"{exception.Message} ({innermost.Message})";
    }
}
