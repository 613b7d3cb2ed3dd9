using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Xml.Linq;
using Kogge.Bpmn.Model;

namespace Kogge.Bpmn.Tests.Parsing;

/// <summary>
/// A canonical text dump of a model, built by reflection over every public property, so that two
/// models compare equal exactly when every value the reader produced is the same.
/// </summary>
internal static class ModelSnapshot
{
    public static string Of(Definitions definitions)
    {
        var builder = new StringBuilder();
        Write(builder, definitions, 0, new HashSet<object>(ReferenceEqualityComparer.Instance));
        return builder.ToString();
    }

    private static void Write(StringBuilder b, object? value, int depth, HashSet<object> visited)
    {
        switch (value)
        {
            case null:
                b.Append("null");
                return;
            case string s:
                b.Append('"').Append(s).Append('"');
                return;
            case double d:
                b.Append(d.ToString("R", CultureInfo.InvariantCulture));
                return;
            case bool or int or Enum:
                b.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                return;
            case XElement e:
                b.Append(Canonical(e));
                return;
            case XAttribute a:
                b.Append(a.Name).Append('=').Append(a.Value);
                return;
            case IEnumerable items:
                b.Append('[');
                foreach (var item in items)
                {
                    Write(b, item, depth + 1, visited);
                    b.Append(',');
                }

                b.Append(']');
                return;
        }

        if (value is BaseElement element && !visited.Add(element))
        {
            b.Append("ref(").Append(element.ElementName).Append(':').Append(element.Id).Append(')');
            return;
        }

        var type = value.GetType();
        b.Append('\n').Append(' ', depth * 2).Append(type.Name).Append(" {");
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            // Prefixes carry no meaning (the writer chooses its own), and Container points back up the tree.
            if (property.GetIndexParameters().Length > 0 || property.Name is "Container" or "EqualityContract" or "NamespaceDeclarations")
            {
                continue;
            }

            b.Append(' ').Append(property.Name).Append('=');
            Write(b, property.GetValue(value), depth + 1, visited);
        }

        b.Append(" }");
    }

    private static string Canonical(XElement e)
    {
        var attributes = e.Attributes()
            .Where(a => !a.IsNamespaceDeclaration)
            .Select(a => $"{a.Name}={a.Value}")
            .Order(StringComparer.Ordinal);
        var children = e.Nodes().Select(n => n switch
        {
            XElement child => Canonical(child),
            XText text => text.Value,
            _ => string.Empty,
        });
        return $"<{e.Name} {string.Join(' ', attributes)}>{string.Concat(children)}</>";
    }
}
