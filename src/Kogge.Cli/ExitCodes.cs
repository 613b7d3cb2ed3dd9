namespace Kogge.Cli;

/// <summary>What <c>kogge</c> returns to the shell; scripts and deployment pipelines branch on these.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary><c>audit verify</c> found a broken chain.</summary>
    public const int ChainBroken = 1;

    /// <summary>Unknown command or option, missing option, or input the platform rejects (slug taken, weak password, an event log that is missing or cannot be read).</summary>
    public const int Usage = 2;

    /// <summary>The database cannot be reached: no server, wrong credentials, database or file missing.</summary>
    public const int DatabaseUnreachable = 3;

    /// <summary>The database has migrations still to apply; run <c>kogge db migrate</c> first.</summary>
    public const int SchemaOutdated = 4;

    /// <summary>Anything else; the details go to standard error.</summary>
    public const int Failure = 5;

    public const string HelpText = """
        Exit codes:
          0  success
          1  audit verify: at least one chain is broken
          2  bad usage or input rejected (unknown option, missing option, invalid value, event log missing or unreadable)
          3  the database cannot be reached (server down, wrong credentials, database or file missing)
          4  the database schema is not up to date; run 'kogge db migrate'
          5  unexpected error (details on standard error)
        """;
}
