using Kogge.Bpmn.Storage.EntityFramework;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Bpmn.Storage.Tests;

/// <summary>Each provider's migration set must contain every model change (src/Kogge.Bpmn.Storage/add-migration.sh adds both).</summary>
public sealed class MigrationTests
{
    [Fact]
    public void SqliteMigrations_ContainEveryModelChange()
    {
        using var context = new SqliteBpmnStoreDbContext(new DbContextOptionsBuilder<SqliteBpmnStoreDbContext>().UseSqlite("Data Source=:memory:").Options);

        Assert.False(context.Database.HasPendingModelChanges(), "Run src/Kogge.Bpmn.Storage/add-migration.sh.");
    }

    [Fact]
    public void PostgresMigrations_ContainEveryModelChange()
    {
        using var context = new PostgresBpmnStoreDbContext(new DbContextOptionsBuilder<PostgresBpmnStoreDbContext>().UseNpgsql("Host=localhost;Database=unused").Options);

        Assert.False(context.Database.HasPendingModelChanges(), "Run src/Kogge.Bpmn.Storage/add-migration.sh.");
    }
}
