using Kogge.Bpmn.Expressions;
using Kogge.Bpmn.Storage;

namespace Kogge.Bpmn.Engine.Execution;

/// <summary>The variables visible from one element instance: its own, then each enclosing scope's.</summary>
internal sealed class ScopeVariables(InstanceState instance, string scopeId, IReadOnlyDictionary<string, object?>? extra = null) : IVariableScope
{
    public bool TryGetVariable(string name, out object? value)
    {
        if (extra is not null && extra.TryGetValue(name, out value))
        {
            return true;
        }

        for (var id = scopeId; id is not null; id = instance.Elements.Get(id)?.ParentId)
        {
            var row = Find(instance, id, name);
            if (row is not null)
            {
                value = VariableValues.FromJson(row.Json);
                return true;
            }

            if (id == instance.Id)
            {
                break;
            }
        }

        value = null;
        return false;
    }

    /// <summary>Every visible variable, inner scopes hiding outer ones.</summary>
    public Dictionary<string, object?> All()
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        var chain = new List<string>();
        for (var id = scopeId; id is not null; id = instance.Elements.Get(id)?.ParentId)
        {
            chain.Add(id);
            if (id == instance.Id)
            {
                break;
            }
        }

        if (!chain.Contains(instance.Id))
        {
            chain.Add(instance.Id);
        }

        foreach (var id in chain)
        {
            foreach (var row in instance.Variables.All.Where(v => v.ScopeId == id))
            {
                result.TryAdd(row.Name, VariableValues.FromJson(row.Json));
            }
        }

        return result;
    }

    public static VariableRecord? Find(InstanceState instance, string scopeId, string name) =>
        instance.Variables.Find(static (v, key) => v.ScopeId == key.ScopeId && v.Name == key.Name, (ScopeId: scopeId, Name: name));
}
