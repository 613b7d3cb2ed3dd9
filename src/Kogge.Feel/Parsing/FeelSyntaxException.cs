namespace Kogge.Feel.Parsing;

/// <summary>A FEEL expression could not be read. The message is meant for the person who wrote it.</summary>
public sealed class FeelSyntaxException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FeelSyntaxException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public FeelSyntaxException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public FeelSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal FeelSyntaxException(string message, string expression, int position)
        : base(Describe(message, expression, position))
    {
        Position = position;
        (Line, Column) = LineAndColumn(expression, position);
        Reason = message;
    }

    /// <summary>Zero-based character offset of the problem in the expression.</summary>
    public int Position { get; }

    /// <summary>One-based line of the problem.</summary>
    public int Line { get; }

    /// <summary>One-based column of the problem.</summary>
    public int Column { get; }

    /// <summary>The problem without the position.</summary>
    public string Reason { get; } = string.Empty;

    private static (int Line, int Column) LineAndColumn(string text, int position)
    {
        int line = 1, column = 1;
        for (var i = 0; i < position && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return (line, column);
    }

    private static string Describe(string message, string expression, int position)
    {
        var (line, column) = LineAndColumn(expression, position);
        return $"{message} (line {line}, column {column})";
    }
}
