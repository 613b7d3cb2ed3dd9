using System.CommandLine;

namespace Kogge.Cli.Mine;

/// <summary><c>kogge mine</c>: process mining on event logs, without a database.</summary>
internal static class MineCommands
{
    public static Command Create(KoggeCli cli) =>
        new("mine", "Process mining on event logs (XES, .xes.gz, CSV).")
        {
            Subcommands = { SynthCommand.Create(cli) },
        };
}
