namespace Kogge.Bpmn.Parsing;

/// <summary>How serious a problem found in a model is.</summary>
public enum BpmnProblemSeverity
{
    /// <summary>The model can be read, but something looks wrong (for example a diagram shape for a missing element).</summary>
    Warning,

    /// <summary>The model is broken or cannot be executed.</summary>
    Error,
}

/// <summary>A problem found while reading or validating a model, tied to the element it concerns.</summary>
/// <param name="Severity">How serious the problem is.</param>
/// <param name="ElementId">The id of the element concerned, when there is one.</param>
/// <param name="ElementName">The display name of the element concerned, when it has one.</param>
/// <param name="Message">What is wrong, for the process designer.</param>
/// <param name="Line">The line in the file, when known.</param>
public sealed record BpmnProblem(BpmnProblemSeverity Severity, string? ElementId, string? ElementName, string Message, int? Line = null)
{
    /// <inheritdoc />
    public override string ToString()
    {
        var where = ElementId is null ? string.Empty : $" [{ElementId}{(string.IsNullOrEmpty(ElementName) ? string.Empty : $" '{ElementName}'")}]";
        var line = Line is null ? string.Empty : $" (line {Line})";
        return $"{Severity}{where}{line}: {Message}";
    }
}

/// <summary>Thrown when a file is not well-formed XML, uses a DTD, or is not BPMN 2.0.</summary>
public sealed class BpmnParseException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BpmnParseException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public BpmnParseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public BpmnParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a message and position.</summary>
    public BpmnParseException(string message, int? line, int? position, Exception? innerException = null)
        : base(message, innerException)
    {
        Line = line;
        Position = position;
    }

    /// <summary>The line of the problem, when known.</summary>
    public int? Line { get; }

    /// <summary>The position in the line, when known.</summary>
    public int? Position { get; }
}
