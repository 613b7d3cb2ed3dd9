using Kogge.Bpmn.Engine.Commands;
using Kogge.Bpmn.Engine.History;
using Kogge.Bpmn.Model;
using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Engine.Execution;

/// <summary>Variables: local and propagated writes, input and output mappings.</summary>
internal sealed partial class Flow
{
    public void SetVariables(InstanceState instance, string scopeId, IReadOnlyDictionary<string, object?>? variables, bool local)
    {
        if (variables is null)
        {
            return;
        }

        foreach (var (name, value) in variables)
        {
            if (local)
            {
                SetLocal(instance, scopeId, name, value);
            }
            else
            {
                SetPropagating(instance, scopeId, name, value);
            }
        }
    }

    public void SetLocal(InstanceState instance, string scopeId, string name, object? value)
    {
        var json = VariableValues.ToJson(value);
        var row = ScopeVariables.Find(instance, scopeId, name);
        if (row is null)
        {
            instance.Variables.Add(new VariableRecord { Id = CommandContext.NewId(), ProcessInstanceId = instance.Id, ScopeId = scopeId, Name = name, Json = json });
            Context.History(HistoryEventKinds.VariableCreated, instance, null, scopeId, name);
        }
        else if (row.Json != json)
        {
            row.Json = json;
            instance.Variables.Changed(row);
            Context.History(HistoryEventKinds.VariableUpdated, instance, null, scopeId, name);
        }
    }

    /// <summary>Sets a variable where it is already defined on the way up, or else in the process scope.</summary>
    public void SetPropagating(InstanceState instance, string scopeId, string name, object? value)
    {
        for (var id = scopeId; id is not null; id = instance.Elements.Get(id)?.ParentId)
        {
            if (ScopeVariables.Find(instance, id, name) is not null)
            {
                SetLocal(instance, id, name, value);
                return;
            }

            if (id == instance.Id)
            {
                break;
            }
        }

        SetLocal(instance, instance.Id, name, value);
    }

    private void ApplyInputMappings(InstanceState instance, FlowNode node, ElementInstanceRecord element)
    {
        if (node.Extensions.IoMapping is not { Inputs.Count: > 0 } io)
        {
            return;
        }

        foreach (var mapping in io.Inputs)
        {
            var value = Expressions.Evaluate(mapping.Source, Scope(instance, element.Id), $"input mapping '{mapping.Target}'");
            SetPath(instance, element.Id, mapping.Target, value, local: true);
        }
    }

    private void ApplyOutputMappings(InstanceState instance, FlowNode node, ElementInstanceRecord element)
    {
        if (node.Extensions.IoMapping is not { Outputs.Count: > 0 } io || element.ParentId is null)
        {
            return;
        }

        var scope = Scope(instance, element.Id);
        var values = io.Outputs.Select(m => (m.Target, Value: Expressions.Evaluate(m.Source, scope, $"output mapping '{m.Target}'"))).ToList();
        foreach (var (target, value) in values)
        {
            SetPath(instance, element.ParentId, target, value, local: false);
        }
    }

    /// <summary>Sets a possibly dotted target such as <c>applicant.name</c>, building nested contexts.</summary>
    private void SetPath(InstanceState instance, string scopeId, string target, object? value, bool local)
    {
        var parts = target.Split('.');
        if (parts.Length == 1)
        {
            if (local)
            {
                SetLocal(instance, scopeId, target, value);
            }
            else
            {
                SetPropagating(instance, scopeId, target, value);
            }

            return;
        }

        var scope = Scope(instance, scopeId);
        var root = scope.TryGetVariable(parts[0], out var existing) && existing is Dictionary<string, object?> map
            ? map
            : new Dictionary<string, object?>(StringComparer.Ordinal);
        var current = root;
        foreach (var part in parts[1..^1])
        {
            if (current.GetValueOrDefault(part) is not Dictionary<string, object?> next)
            {
                next = new Dictionary<string, object?>(StringComparer.Ordinal);
                current[part] = next;
            }

            current = next;
        }

        current[parts[^1]] = value;
        if (local)
        {
            SetLocal(instance, scopeId, parts[0], root);
        }
        else
        {
            SetPropagating(instance, scopeId, parts[0], root);
        }
    }
}
