namespace Kogge.Web.Platform.Persistence;

/// <summary>Section <c>Kogge:Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Kogge:Database";

    /// <summary><c>Sqlite</c> (default) or <c>Postgres</c>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>For SQLite defaults to <c>Data Source=data/kogge.db</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations when the host starts. Switch off when migrations run as a deployment step.</summary>
    public bool MigrateOnStartup { get; set; } = true;
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
