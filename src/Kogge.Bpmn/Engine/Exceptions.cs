using Kogge.Bpmn.Parsing;

namespace Kogge.Bpmn.Engine;

/// <summary>The base of the engine's own exceptions.</summary>
public class ProcessEngineException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ProcessEngineException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ProcessEngineException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public ProcessEngineException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Thrown when something asked for (definition, instance, task, job, incident) does not exist.</summary>
public sealed class NotFoundException : ProcessEngineException
{
    /// <summary>Creates the exception.</summary>
    public NotFoundException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public NotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public NotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Thrown when a user task is claimed by someone other than the caller.</summary>
public sealed class TaskAlreadyClaimedException : ProcessEngineException
{
    /// <summary>Creates the exception.</summary>
    public TaskAlreadyClaimedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public TaskAlreadyClaimedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public TaskAlreadyClaimedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Thrown when a deployment contains something the engine cannot execute.</summary>
public sealed class DeploymentValidationException : ProcessEngineException
{
    /// <summary>Creates the exception.</summary>
    public DeploymentValidationException()
    {
        Problems = [];
    }

    /// <summary>Creates the exception with a message.</summary>
    public DeploymentValidationException(string message)
        : base(message)
    {
        Problems = [];
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public DeploymentValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [];
    }

    /// <summary>Creates the exception with the problems found.</summary>
    public DeploymentValidationException(string resourceName, IReadOnlyList<BpmnProblem> problems)
        : base($"'{resourceName}' cannot be deployed:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}")
    {
        Problems = problems;
    }

    /// <summary>Every problem, each with element id and name.</summary>
    public IReadOnlyList<BpmnProblem> Problems { get; }
}
