using Kogge.Web.Platform.Hosting;
using Kogge.Web.Platform.Persistence;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Kogge.Web.Tests.Platform;

/// <summary>Which status an exception becomes, and the bounded PostgreSQL pools that keep one instance below max_connections.</summary>
public sealed class ExceptionStatusTests
{
    [Fact]
    public void AnOverloadedDatabase_Is503_AnythingElse500()
    {
        var tooManyClients = new PostgresException("sorry, too many clients already", "FATAL", "FATAL", "53300");
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, KoggeExceptionHandler.StatusFor(new InvalidOperationException("transient", tooManyClients)));
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, KoggeExceptionHandler.StatusFor(new NpgsqlException("timeout", new TimeoutException())));

        var syntax = new PostgresException("syntax error", "ERROR", "ERROR", "42601");
        Assert.Equal(StatusCodes.Status500InternalServerError, KoggeExceptionHandler.StatusFor(new InvalidOperationException("bug", syntax)));
        Assert.Equal(StatusCodes.Status500InternalServerError, KoggeExceptionHandler.StatusFor(new InvalidOperationException("bug")));
    }

    [Fact]
    public void PoolLimit_DefaultsUnlessTheConnectionStringSetsOne()
    {
        Assert.Equal(50, new NpgsqlConnectionStringBuilder(PersistenceExtensions.WithPoolLimit("Host=db;Username=kogge", 50)).MaxPoolSize);
        Assert.Equal(200, new NpgsqlConnectionStringBuilder(PersistenceExtensions.WithPoolLimit("Host=db;Username=kogge;Maximum Pool Size=200", 50)).MaxPoolSize);
    }
}
