using System.Xml;
using System.Xml.Linq;
using Kogge.Feel.Evaluation;
using Kogge.Feel.Parsing;
using NameTable = Kogge.Feel.Parsing.NameTable;

namespace Kogge.Feel.Dmn;

/// <summary>The result of evaluating a decision: its value and why parts of it became null.</summary>
/// <param name="Value">The FEEL value (see <see cref="FeelResult.Value"/> for the .NET types).</param>
/// <param name="Warnings">Problems met on the way; empty when everything evaluated cleanly.</param>
public sealed record DmnResult(object? Value, IReadOnlyList<string> Warnings);

/// <summary>
/// A DMN 1.2–1.5 model (definitions): decisions, input data, business knowledge models, decision services and
/// item definitions, read from XML as dmn-js and other modelers save it, compiled once and evaluated many times.
/// </summary>
public sealed partial class DmnModel
{
    internal static readonly HashSet<string> ModelNamespaces = new(StringComparer.Ordinal)
    {
        "http://www.omg.org/spec/DMN/20151101/dmn.xsd",
        "http://www.omg.org/spec/DMN/20180521/MODEL/",
        "https://www.omg.org/spec/DMN/20191111/MODEL/",
        "https://www.omg.org/spec/DMN/20211108/MODEL/",
        "https://www.omg.org/spec/DMN/20230324/MODEL/",
    };

    private readonly Dictionary<string, DrgElement> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DrgElement> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ItemDefinition> _itemDefinitions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FeelType?> _types = new(StringComparer.Ordinal);
    private readonly List<(string Prefix, DmnModel Model)> _imports = [];
    private readonly NameTable _names = new(null, FeelNames.BuiltIn);
    private XNamespace _ns = XNamespace.None;

    private DmnModel()
    {
    }

    /// <summary>The model name.</summary>
    public string Name { get; private set; } = string.Empty;

    /// <summary>The model namespace (used by imports).</summary>
    public string Namespace { get; private set; } = string.Empty;

    /// <summary>The names of the model's decisions.</summary>
    public IEnumerable<string> DecisionNames => _byName.Values.OfType<DecisionElement>().Where(d => d.Namespace == Namespace).Select(d => d.Name);

    /// <summary>The model's input data with their type names (null when untyped), for building input forms.</summary>
    public IEnumerable<KeyValuePair<string, string?>> InputData =>
        _byName.Values.OfType<InputDataElement>().Where(d => d.Namespace == Namespace).Select(d => new KeyValuePair<string, string?>(d.Name, d.TypeRef));

    /// <summary>The names of the model's decision services.</summary>
    public IEnumerable<string> DecisionServiceNames => _byName.Values.OfType<DecisionServiceElement>().Where(d => d.Namespace == Namespace).Select(d => d.Name);

    /// <summary>Reads a model from XML. DTDs and external entities are refused.</summary>
    /// <param name="xml">The DMN XML.</param>
    /// <param name="imports">Models that this one may import, matched by namespace.</param>
    /// <exception cref="DmnException">The XML is not a valid DMN model.</exception>
    public static DmnModel Parse(string xml, IEnumerable<DmnModel>? imports = null)
    {
        ArgumentNullException.ThrowIfNull(xml);
        using var reader = new StringReader(xml);
        return Load(reader, imports);
    }

    /// <summary>Reads a model from a text reader. DTDs and external entities are refused.</summary>
    /// <exception cref="DmnException">The XML is not a valid DMN model.</exception>
    public static DmnModel Load(TextReader reader, IEnumerable<DmnModel>? imports = null)
    {
        XDocument doc;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 50_000_000 };
            using var xml = XmlReader.Create(reader, settings);
            doc = XDocument.Load(xml, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            throw new DmnException($"The DMN file is not well-formed XML: {e.Message}", e);
        }

        var model = new DmnModel();
        model.Read(doc, imports?.ToList() ?? []);
        return model;
    }

    /// <summary>The namespaces a DMN file imports, so a caller can load those models first.</summary>
    public static IReadOnlyList<string> ImportedNamespaces(string xml)
    {
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using var sr = new StringReader(xml);
            using var reader = XmlReader.Create(sr, settings);
            var doc = XDocument.Load(reader);
            return doc.Root?.Elements().Where(e => e.Name.LocalName == "import").Select(e => (string?)e.Attribute("namespace") ?? string.Empty).ToList() ?? [];
        }
        catch (XmlException)
        {
            return [];
        }
    }

    private XName N(string local) => _ns + local;

    private void Read(XDocument doc, List<DmnModel> available)
    {
        var root = doc.Root ?? throw new DmnException("The DMN file is empty");
        if (root.Name.LocalName != "definitions" || !ModelNamespaces.Contains(root.Name.NamespaceName))
        {
            throw new DmnException($"The root element must be a DMN <definitions> element of DMN 1.1–1.5, not '{root.Name}'");
        }

        _ns = root.Name.Namespace;
        Name = (string?)root.Attribute("name") ?? string.Empty;
        Namespace = (string?)root.Attribute("namespace") ?? string.Empty;

        foreach (var imp in root.Elements(N("import")))
        {
            var ns = (string?)imp.Attribute("namespace");
            var prefix = (string?)imp.Attribute("name") ?? string.Empty;
            var importType = (string?)imp.Attribute("importType") ?? string.Empty;
            if (!importType.Contains("DMN", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var imported = available.FirstOrDefault(m => m.Namespace == ns)
                ?? throw new DmnException($"The imported model with namespace '{ns}' is not available", (string?)imp.Attribute("id"));
            _imports.Add((prefix, imported));
            if (prefix.Length > 0)
            {
                _names.Add(prefix);
            }

            foreach (var el in imported._byName.Values.Where(e => e.ImportPrefix is null))
            {
                _names.Add(prefix.Length > 0 ? prefix + "." + el.Name : el.Name);
                _names.Add(el.Name);
                _byId[el.Namespace + "#" + el.Id] = el;
                if (prefix.Length == 0)
                {
                    _byName.TryAdd(el.Name, el);
                }
            }

            foreach (var n in imported._names.Names)
            {
                _names.Add(n);
            }
        }

        foreach (var name in root.Descendants().Attributes().Where(a => a.Name.LocalName is "name" or "iteratorVariable" && a.Parent?.Name.Namespace == _ns))
        {
            _names.Add(name.Value);
        }

        foreach (var item in root.Elements(N("itemDefinition")))
        {
            var def = ReadItemDefinition(item);
            _itemDefinitions[def.Name] = def;
        }

        foreach (var el in root.Elements())
        {
            var id = (string?)el.Attribute("id") ?? Guid.NewGuid().ToString();
            var name = (string?)el.Attribute("name") ?? string.Empty;
            DrgElement? drg = el.Name.LocalName switch
            {
                "inputData" => new InputDataElement(id, name, Namespace, TypeRefOf(el)),
                "decision" => ReadDecision(el, id, name),
                "businessKnowledgeModel" => ReadKnowledge(el, id, name),
                "decisionService" => ReadDecisionService(el, id, name),
                _ => null,
            };
            if (drg is null)
            {
                continue;
            }

            if (_byName.TryGetValue(name, out var existing) && existing.ImportPrefix is null && existing.Namespace == Namespace)
            {
                throw new DmnException($"Two elements are named '{name}'", id);
            }

            _byId["#" + id] = drg;
            _byId[Namespace + "#" + id] = drg;
            _byName[name] = drg;
        }

        Validate();
        foreach (var d in _byName.Values.OfType<DecisionElement>().Where(d => d.Namespace == Namespace))
        {
            d.Compiled = d.Logic is null ? null : CompileChecked(d, d.Logic, d.RequiredDecisions.Concat(d.RequiredInputs).Concat(d.RequiredKnowledge));
        }

        foreach (var k in _byName.Values.OfType<KnowledgeElement>().Where(d => d.Namespace == Namespace))
        {
            k.Compiled = k.Logic is null ? null : CompileChecked(k, k.Logic, k.RequiredKnowledge);
        }
    }

    /// <summary>
    /// Compiles the logic of a decision or knowledge model and rejects one that calls itself by name without
    /// declaring that name itself: its requirements form a cycle, which DMN does not allow.
    /// </summary>
    private Eval CompileChecked(DrgElement owner, System.Xml.Linq.XElement logic, IEnumerable<string> requirements)
    {
        _calls = [];
        _declared = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var compiled = CompileExpression(logic, owner.Id);
            foreach (var a in logic.Descendants().Attributes().Where(a => a.Name.LocalName is "name" or "iteratorVariable"))
            {
                _declared.Add(a.Value.Trim());
            }

            foreach (var href in requirements)
            {
                if (Resolve(href) is { } el)
                {
                    _declared.Add(el.Name);
                }
            }

            // Calling an unknown function is an evaluation error (null), but calling oneself is a cycle in the graph.
            if (_calls.Contains(owner.Name) && !_declared.Contains(owner.Name) && !Builtins.TryGet(owner.Name, out _))
            {
                throw new DmnException($"'{owner.Name}' calls itself; DMN does not allow a knowledge model to require itself", owner.Id);
            }

            return compiled;
        }
        finally
        {
            _calls = null;
            _declared = null;
        }
    }

    private HashSet<string>? _calls;
    private HashSet<string>? _declared;

    private void Collect(Node node)
    {
        if (_calls is null || _declared is null)
        {
            return;
        }

        switch (node)
        {
            case CallNode { Function: NameNode n } c:
                _calls.Add(n.Name);
                foreach (var a in c.Positional)
                {
                    Collect(a);
                }

                foreach (var a in c.Named ?? [])
                {
                    Collect(a.Value);
                }

                return;
            case FunctionNode f:
                foreach (var p in f.Parameters)
                {
                    _declared.Add(p.Name);
                }

                break;
            case ForNode f:
                foreach (var i in f.Iterations)
                {
                    _declared.Add(i.Name);
                }

                break;
            case QuantifiedNode q:
                foreach (var i in q.Iterations)
                {
                    _declared.Add(i.Name);
                }

                break;
            case ContextNode c:
                foreach (var e in c.Entries)
                {
                    _declared.Add(e.Key);
                }

                break;
            case FilterNode:
                // Inside a filter the fields of each item are in scope; their names are not known here.
                return;
        }

        foreach (var child in Children(node))
        {
            Collect(child);
        }
    }

    private static IEnumerable<Node> Children(Node node) => node switch
    {
        NegateNode n => [n.Operand],
        BinaryNode b => [b.Left, b.Right],
        BetweenNode b => [b.Value, b.Low, b.High],
        InNode i => [i.Value],
        InstanceOfNode i => [i.Value],
        IfNode i => [i.Condition, i.Then, i.Else],
        ForNode f => f.Iterations.Select(i => i.Domain).Append(f.Body),
        QuantifiedNode q => q.Iterations.Select(i => i.Domain).Append(q.Condition),
        ListNode l => l.Items,
        ContextNode c => c.Entries.Select(e => e.Value),
        RangeNode r => new[] { r.Start, r.End }.OfType<Node>(),
        PathNode p => [p.Source],
        CallNode c => c.Positional.Concat(c.Named?.Select(n => n.Value) ?? []).Append(c.Function),
        FunctionNode f => [f.Body],
        _ => [],
    };

    private void Validate()
    {
        foreach (var el in _byName.Values.Where(e => e.Namespace == Namespace))
        {
            IEnumerable<string> refs = el switch
            {
                DecisionElement d => d.RequiredDecisions.Concat(d.RequiredInputs).Concat(d.RequiredKnowledge),
                KnowledgeElement k => k.RequiredKnowledge,
                DecisionServiceElement s => s.OutputDecisions.Concat(s.EncapsulatedDecisions).Concat(s.InputDecisions).Concat(s.InputData),
                _ => [],
            };
            foreach (var r in refs)
            {
                if (Resolve(r) is null)
                {
                    throw new DmnException($"'{el.Name}' refers to '{r}', which does not exist", el.Id);
                }
            }

            if (el is DecisionElement decision && DependsOn(decision, decision, []))
            {
                throw new DmnException($"The decision '{el.Name}' depends on itself", el.Id);
            }
        }
    }

    private bool DependsOn(DecisionElement start, DecisionElement current, HashSet<DecisionElement> seen)
    {
        foreach (var r in current.RequiredDecisions)
        {
            if (Resolve(r) is DecisionElement d)
            {
                if (ReferenceEquals(d, start))
                {
                    return true;
                }

                if (seen.Add(d) && DependsOn(start, d, seen))
                {
                    return true;
                }
            }
        }

        return false;
    }

    internal DrgElement? Resolve(string href)
    {
        if (_byId.TryGetValue(href, out var el))
        {
            return el;
        }

        var hash = href.IndexOf('#', StringComparison.Ordinal);
        if (hash > 0 && _byId.TryGetValue(href[hash..], out el) && href[..hash] == Namespace)
        {
            return el;
        }

        return null;
    }

    private string? TypeRefOf(XElement el) =>
        (string?)el.Element(N("variable"))?.Attribute("typeRef") ?? (string?)el.Attribute("typeRef");

    private static string Href(XElement e) => ((string?)e.Attribute("href") ?? string.Empty).Trim();

    private DecisionElement ReadDecision(XElement el, string id, string name)
    {
        var d = new DecisionElement(id, name, Namespace, TypeRefOf(el), ExpressionChild(el));
        foreach (var req in el.Elements(N("informationRequirement")))
        {
            foreach (var rd in req.Elements(N("requiredDecision")))
            {
                d.RequiredDecisions.Add(Href(rd));
            }

            foreach (var ri in req.Elements(N("requiredInput")))
            {
                d.RequiredInputs.Add(Href(ri));
            }
        }

        foreach (var req in el.Elements(N("knowledgeRequirement")))
        {
            foreach (var rk in req.Elements(N("requiredKnowledge")))
            {
                d.RequiredKnowledge.Add(Href(rk));
            }
        }

        return d;
    }

    private KnowledgeElement ReadKnowledge(XElement el, string id, string name)
    {
        var k = new KnowledgeElement(id, name, Namespace, el.Element(N("encapsulatedLogic")));
        foreach (var req in el.Elements(N("knowledgeRequirement")))
        {
            foreach (var rk in req.Elements(N("requiredKnowledge")))
            {
                k.RequiredKnowledge.Add(Href(rk));
            }
        }

        return k;
    }

    private DecisionServiceElement ReadDecisionService(XElement el, string id, string name)
    {
        var s = new DecisionServiceElement(id, name, Namespace) { TypeRef = TypeRefOf(el) };
        s.OutputDecisions.AddRange(el.Elements(N("outputDecision")).Select(Href));
        s.EncapsulatedDecisions.AddRange(el.Elements(N("encapsulatedDecision")).Select(Href));
        s.InputDecisions.AddRange(el.Elements(N("inputDecision")).Select(Href));
        s.InputData.AddRange(el.Elements(N("inputData")).Select(Href));
        return s;
    }

    private static readonly HashSet<string> NonExpressionChildren = new(StringComparer.Ordinal)
    {
        "description", "extensionElements", "variable", "question", "allowedAnswers", "informationRequirement", "knowledgeRequirement",
        "authorityRequirement", "supportedObjective", "impactedPerformanceIndicator", "decisionMaker", "decisionOwner", "usingProcess", "usingTask",
        "formalParameter", "inputExpression", "column", "parameter",
    };

    internal XElement? ExpressionChild(XElement el) =>
        el.Elements().FirstOrDefault(c => c.Name.Namespace == _ns && !NonExpressionChildren.Contains(c.Name.LocalName));

    private ItemDefinition ReadItemDefinition(XElement item)
    {
        var components = item.Elements(N("itemComponent")).Select(ReadItemDefinition).ToList();
        return new ItemDefinition(
            (string?)item.Attribute("name") ?? string.Empty,
            item.Element(N("typeRef"))?.Value.Trim(),
            XsdBoolean(item.Attribute("isCollection"), (string?)item.Attribute("id")),
            item.Element(N("allowedValues"))?.Element(N("text"))?.Value,
            item.Element(N("typeConstraint"))?.Element(N("text"))?.Value,
            components,
            item.Element(N("functionItem")) is not null);
    }

    /// <summary>An optional xsd:boolean attribute (true, false, 1, 0); anything else is a fault in the model.</summary>
    private static bool XsdBoolean(XAttribute? attribute, string? elementId) => attribute?.Value.Trim() switch
    {
        null => false,
        "true" or "1" => true,
        "false" or "0" => false,
        var other => throw new DmnException($"The attribute '{attribute.Name.LocalName}' must be true or false, not '{(other.Length > 40 ? other[..40] + "…" : other)}'", elementId),
    };

    /// <summary>The FEEL type of a typeRef: a built-in type or an item definition of this model or an import.</summary>
    internal FeelType? ResolveType(string? typeRef)
    {
        // Types are built lazily and a model is evaluated from many threads at once.
        lock (_types)
        {
            return ResolveTypeCore(typeRef);
        }
    }

    private FeelType? ResolveTypeCore(string? typeRef)
    {
        if (string.IsNullOrWhiteSpace(typeRef))
        {
            return null;
        }

        typeRef = typeRef.Trim();
        if (typeRef.StartsWith("feel:", StringComparison.Ordinal))
        {
            typeRef = typeRef[5..];
        }

        if (_types.TryGetValue(typeRef, out var cached))
        {
            return cached ?? FeelType.Any;
        }

        if (_itemDefinitions.TryGetValue(typeRef, out var def))
        {
            _types[typeRef] = null;
            var type = BuildType(def);
            _types[typeRef] = type;
            return type;
        }

        var dot = typeRef.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var prefix = typeRef[..dot];
            foreach (var (p, m) in _imports)
            {
                if (p == prefix)
                {
                    return m.ResolveType(typeRef[(dot + 1)..]);
                }
            }
        }

        if (FeelType.BuiltIn(typeRef) is { } builtin)
        {
            return builtin;
        }

        if (typeRef.Contains('<', StringComparison.Ordinal))
        {
            try
            {
                var p = new Parser("null instance of " + typeRef, _names);
                if (p.Expression() is InstanceOfNode io)
                {
                    return Compiler.ResolveType(io.Type, new EvalContext(DateTimeOffset.UnixEpoch) { TypeResolver = ResolveType });
                }
            }
            catch (FeelSyntaxException)
            {
                return null;
            }
        }

        return null;
    }

    private FeelType BuildType(ItemDefinition def)
    {
        FeelType element;
        if (def.IsFunction)
        {
            element = FeelType.Function;
        }
        else if (def.Components.Count > 0)
        {
            var fields = def.Components.Select(c => new KeyValuePair<string, FeelType>(c.Name, BuildType(c))).ToList();
            element = FeelType.ContextOf(fields, def.Name);
        }
        else
        {
            element = ResolveType(def.TypeRef) ?? FeelType.Any;
        }

        var constraint = Constraint(def.AllowedValues) ?? Constraint(def.TypeConstraint);
        if (def.IsCollection)
        {
            var inner = constraint is null ? element : FeelType.Alias(element.Name, element, constraint);
            return FeelType.Collection(def.Name, inner, null);
        }

        return constraint is null && ReferenceEquals(element.Name, def.Name) ? element : FeelType.Alias(def.Name, element, constraint);
    }

    private Func<object?, EvalContext, bool>? Constraint(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        Func<Env, object?> tests;
        try
        {
            tests = Compiler.CompileUnaryTests(Parser.ParseUnaryTests(text, new NameTable(null, _names)));
        }
        catch (FeelSyntaxException)
        {
            return null;
        }

        return (value, run) =>
        {
            if (value is List<object?> list)
            {
                return list.TrueForAll(v => tests(Env.Root(run, null).WithInput(v)) is true);
            }

            return tests(Env.Root(run, null).WithInput(value)) is true;
        };
    }

    internal Eval CompileFeel(string text, string? elementId)
    {
        try
        {
            var node = Parser.ParseExpression(text, new NameTable(null, _names));
            Collect(node);
            return Compiler.Compile(node);
        }
        catch (FeelSyntaxException e)
        {
            var message = $"Syntax error in '{Shorten(text)}' of element '{elementId}': {e.Message}";
            return env => env.Run.Warn(message);
        }
    }

    internal Func<Env, object?> CompileTests(string text, string? elementId)
    {
        try
        {
            return Compiler.CompileUnaryTests(Parser.ParseUnaryTests(text, new NameTable(null, _names)));
        }
        catch (FeelSyntaxException e)
        {
            var message = $"Syntax error in the test '{Shorten(text)}' of element '{elementId}': {e.Message}";
            return env => env.Run.Warn(message);
        }
    }

    private static string Shorten(string text) => text.Length > 60 ? text[..60] + "…" : text;
}

