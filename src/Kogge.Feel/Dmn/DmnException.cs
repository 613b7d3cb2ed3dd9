namespace Kogge.Feel.Dmn;

/// <summary>A DMN model cannot be read or is not valid; the message names the element.</summary>
public sealed class DmnException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DmnException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DmnException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public DmnException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal DmnException(string message, string? elementId)
        : base(elementId is null ? message : $"{message} (element '{elementId}')")
    {
        ElementId = elementId;
    }

    /// <summary>The id of the element at fault, when known.</summary>
    public string? ElementId { get; }
}
