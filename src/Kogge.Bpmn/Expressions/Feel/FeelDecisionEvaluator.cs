using System.Xml;
using System.Xml.Linq;
using Kogge.Bpmn.Engine;
using Kogge.Feel.Dmn;

namespace Kogge.Bpmn.Expressions.Feel;

/// <summary>
/// Evaluates the decisions of business rule tasks (<c>zeebe:calledDecision decisionId</c>) with Kogge.Feel's DMN models.
/// </summary>
/// <remarks>
/// Decisions are found by their DMN <c>id</c>, as Camunda 8 does. The engine's scopes cannot be listed, so the
/// inputs are the input data names of the models plus every name-like word in their FEEL texts, looked up in the
/// scope. Kogge.Feel follows DMN: a decision sees only the input data it requires, so a table that reads a
/// process variable must declare it as <c>inputData</c> with an information requirement (Camunda 8 is laxer
/// and lets any expression read any variable). The result is the decision's value converted like expression results (a context becomes a map,
/// a collect hit policy a list). An unknown decision id throws, which the engine turns into a
/// <c>DecisionFailed</c> incident; FEEL warnings (null parts) do not.
/// </remarks>
public sealed class FeelDecisionEvaluator : IDecisionEvaluator
{
    private readonly Dictionary<string, (DmnModel Model, string Name)> _decisions = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];
    private readonly TimeProvider _time;

    /// <summary>Reads the DMN models.</summary>
    /// <param name="dmnXml">The DMN XML documents.</param>
    /// <param name="time">The clock for <c>now()</c> and <c>today()</c>: the engine's clock.</param>
    /// <exception cref="DmnException">A document is not a valid DMN model.</exception>
    public FeelDecisionEvaluator(IEnumerable<string> dmnXml, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(dmnXml);
        _time = time ?? TimeProvider.System;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var xml in dmnXml)
        {
            var model = DmnModel.Parse(xml);
            XDocument doc;
            using (var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }))
            {
                doc = XDocument.Load(reader);
            }

            foreach (var decision in doc.Descendants().Where(e => e.Name.LocalName == "decision"))
            {
                if ((string?)decision.Attribute("id") is { } id && (string?)decision.Attribute("name") is { } name)
                {
                    _decisions[id] = (model, name);
                }
            }

            var candidates = doc.Descendants().Where(e => e.Name.LocalName == "inputData").Select(e => (string?)e.Attribute("name"))
                .Concat(doc.Descendants().Where(e => e.Name.LocalName == "text").SelectMany(e => FeelNameScanner.Names(e.Value)));
            foreach (var candidate in candidates)
            {
                if (candidate is not null && seen.Add(candidate))
                {
                    _names.Add(candidate);
                }
            }
        }
    }

    /// <inheritdoc />
    public object? Evaluate(string decisionId, IVariableScope variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        if (!_decisions.TryGetValue(decisionId, out var decision))
        {
            throw new KeyNotFoundException($"No DMN model has a decision with id '{decisionId}'.");
        }

        var inputs = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var name in _names)
        {
            if (variables.TryGetVariable(name, out var value))
            {
                inputs[name] = FeelValues.ToFeel(value);
            }
        }

        return FeelValues.FromFeel(decision.Model.Evaluate(decision.Name, inputs, _time).Value);
    }
}
