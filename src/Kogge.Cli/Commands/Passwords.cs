using System.Security.Cryptography;

namespace Kogge.Cli.Commands;

/// <summary>Where a command gets a password from. Passwords are never written to the output or the log.</summary>
internal static class Passwords
{
    /// <summary>No 0/O, 1/l/I: the password is read off a terminal and typed in once.</summary>
    private const string Alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>
    /// <paramref name="option"/> as given; <c>-</c> reads one line from standard input (so it stays out of the
    /// shell history and the process list); without the option, the environment variable if it is set.
    /// </summary>
    public static async Task<string?> ReadAsync(string? option, string optionName, string? environmentVariable, TextReader input, CancellationToken cancellationToken)
    {
        if (option == "-")
        {
            var line = await input.ReadLineAsync(cancellationToken);
            return string.IsNullOrEmpty(line)
                ? throw CliException.Usage($"{optionName} -: no password on standard input.")
                : line;
        }

        if (option is not null)
        {
            return option;
        }

        return environmentVariable is not null && Environment.GetEnvironmentVariable(environmentVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : null;
    }

    /// <summary>20 characters from 57: about 116 bits, well above the staff rules.</summary>
    public static string Generate() => RandomNumberGenerator.GetString(Alphabet, 20);
}
