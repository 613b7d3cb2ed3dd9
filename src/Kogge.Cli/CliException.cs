namespace Kogge.Cli;

/// <summary>Ends a command with a message for the operator and an exit code from <see cref="ExitCodes"/>.</summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static CliException Usage(string message) => new(ExitCodes.Usage, message);

    public static CliException Unreachable(string message) => new(ExitCodes.DatabaseUnreachable, message);
}
