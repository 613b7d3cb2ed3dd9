using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Kogge.Bpmn.Storage.EntityFramework;

/// <summary>The engine's tables in SQLite; migrations in <c>Migrations/Sqlite</c>.</summary>
public sealed class SqliteBpmnStoreDbContext(DbContextOptions<SqliteBpmnStoreDbContext> options) : BpmnStoreDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or order DateTimeOffset; UTC ticks compare and order as numbers.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}

/// <summary>The engine's tables in PostgreSQL; migrations in <c>Migrations/Postgres</c>.</summary>
public sealed class PostgresBpmnStoreDbContext(DbContextOptions<PostgresBpmnStoreDbContext> options) : BpmnStoreDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // timestamptz takes UTC only.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcConverter>();
    }

    private sealed class UtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
        v => v.ToUniversalTime(),
        v => v);
}

/// <summary>For <c>dotnet ef migrations add</c>: builds the SQLite context without a host.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteBpmnStoreDbContext>
{
    public SqliteBpmnStoreDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteBpmnStoreDbContext>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>For <c>dotnet ef migrations add</c>: builds the PostgreSQL context without a host.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresBpmnStoreDbContext>
{
    public PostgresBpmnStoreDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresBpmnStoreDbContext>().UseNpgsql("Host=localhost;Database=kogge_design").Options);
}
