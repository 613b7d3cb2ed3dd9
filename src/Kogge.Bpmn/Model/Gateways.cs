namespace Kogge.Bpmn.Model;

/// <summary>A gateway that splits or joins the flow.</summary>
public abstract class Gateway : FlowNode
{
    /// <summary>The gateway direction, when given.</summary>
    public string? GatewayDirection { get; set; }
}

/// <summary>A gateway that may name a default flow.</summary>
public abstract class GatewayWithDefault : Gateway
{
    /// <summary>The id of the default outgoing flow, taken when no condition holds.</summary>
    public string? DefaultFlowRef { get; set; }

    /// <summary>The default flow, when the reference resolved.</summary>
    public SequenceFlow? DefaultFlow { get; internal set; }
}

/// <summary>An exclusive (XOR) gateway.</summary>
public sealed class ExclusiveGateway : GatewayWithDefault
{
    /// <inheritdoc />
    public override string ElementName => "exclusiveGateway";
}

/// <summary>An inclusive (OR) gateway.</summary>
public sealed class InclusiveGateway : GatewayWithDefault
{
    /// <inheritdoc />
    public override string ElementName => "inclusiveGateway";
}

/// <summary>A complex gateway (not executable in Kogge).</summary>
public sealed class ComplexGateway : GatewayWithDefault
{
    /// <inheritdoc />
    public override string ElementName => "complexGateway";

    /// <summary>The activation condition.</summary>
    public Expression? ActivationCondition { get; set; }
}

/// <summary>A parallel (AND) gateway.</summary>
public sealed class ParallelGateway : Gateway
{
    /// <inheritdoc />
    public override string ElementName => "parallelGateway";
}

/// <summary>An event-based gateway: the first of the following catch events wins.</summary>
public sealed class EventBasedGateway : Gateway
{
    /// <inheritdoc />
    public override string ElementName => "eventBasedGateway";

    /// <summary>Whether the gateway starts the process.</summary>
    public bool Instantiate { get; set; }

    /// <summary>The gateway type (<c>Exclusive</c> or <c>Parallel</c>).</summary>
    public string? EventGatewayType { get; set; }
}
