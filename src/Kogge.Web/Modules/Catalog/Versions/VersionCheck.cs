using System.Xml;
using System.Xml.Linq;
using Fluid;
using Kogge.Bpmn.Expressions.Feel;
using Kogge.Bpmn.Model;
using Kogge.Bpmn.Parsing;
using Kogge.Bpmn.Validation;
using Kogge.Feel.Dmn;
using Kogge.Forms.Schema;
using Microsoft.Extensions.Localization;

namespace Kogge.Web.Modules.Catalog.Versions;

/// <summary>One problem of a version, tied to the artifact and, where known, the element or component in it.</summary>
public sealed record VersionFinding(ArtifactKind Kind, string Artifact, string? ElementId, string Message);

/// <summary>What stands between a version and its publication; publishing is refused while it lists anything.</summary>
public sealed record VersionReport(IReadOnlyList<VersionFinding> Findings)
{
    public bool IsValid => Findings.Count == 0;
}

/// <summary>
/// The check before publishing: the process reads and passes the engine's deployment validation, every form it names
/// is there and passes the form check, every DMN file reads and every decision a business rule task calls exists,
/// and every notice template parses. The engine would refuse the same things later, in front of a citizen.
/// </summary>
public sealed class VersionCheck(TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    private static readonly FluidParser Liquid = new();

    public VersionReport Check(IReadOnlyCollection<ServiceArtifact> artifacts)
    {
        var findings = new List<VersionFinding>();
        var forms = CheckForms(artifacts.Where(a => a.Kind == ArtifactKind.Form), findings);
        var decisions = CheckDecisions(artifacts.Where(a => a.Kind == ArtifactKind.Decision), findings);
        var process = artifacts.FirstOrDefault(a => a.Kind == ArtifactKind.Process);
        if (process is null)
        {
            findings.Add(new(ArtifactKind.Process, ServiceArtifact.ProcessName, null, l["Es fehlt der Prozess (BPMN-Datei)."]));
        }
        else
        {
            CheckProcess(process, forms, decisions, findings);
        }

        foreach (var template in artifacts.Where(a => a.Kind == ArtifactKind.NoticeTemplate).OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            if (!Liquid.TryParse(template.Content, out _, out var error))
            {
                findings.Add(new(ArtifactKind.NoticeTemplate, template.Name, null, l["Die Vorlage ist kein gültiges Liquid: {0}", error]));
            }
        }

        return new VersionReport(findings);
    }

    private void CheckProcess(ServiceArtifact process, HashSet<string> forms, HashSet<string> decisions, List<VersionFinding> findings)
    {
        BpmnParseResult parsed;
        try
        {
            parsed = BpmnParser.ParseXml(process.Content);
        }
        catch (BpmnParseException e)
        {
            findings.Add(new(ArtifactKind.Process, process.Name, null, e.Line is { } line
                ? l["Die BPMN-Datei ist nicht lesbar (Zeile {0}): {1}", line, e.Message]
                : l["Die BPMN-Datei ist nicht lesbar: {0}", e.Message]));
            return;
        }

        foreach (var problem in DeploymentValidator.Validate(parsed, new FeelExpressionLanguage(clock)))
        {
            findings.Add(new(ArtifactKind.Process, process.Name, problem.ElementId, problem.Line is { } line
                ? l["Die Prozess-Engine kann das nicht ausführen (Zeile {0}): {1}", line, problem.Message]
                : l["Die Prozess-Engine kann das nicht ausführen: {0}", problem.Message]));
        }

        // A case runs one process; a file with several would leave open which one an application starts.
        var executable = parsed.Definitions.Processes.Where(p => p.IsExecutable == true).ToList();
        if (executable.Count != 1)
        {
            findings.Add(new(ArtifactKind.Process, process.Name, null, l["Die BPMN-Datei muss genau einen ausführbaren Prozess enthalten; sie enthält {0}.", executable.Count]));
        }
        else if (!executable[0].FlowElements.OfType<StartEvent>().Any(s => s.EventDefinitions.Count == 0))
        {
            findings.Add(new(ArtifactKind.Process, process.Name, executable[0].Id, l["Der Prozess braucht ein einfaches Startereignis, mit dem ein Antrag ihn startet."]));
        }

        foreach (var element in parsed.Definitions.AllElements())
        {
            if (element.Extensions.FormDefinition?.FormId is { Length: > 0 } formId && !formId.StartsWith('=') && !forms.Contains(formId))
            {
                findings.Add(new(ArtifactKind.Process, process.Name, element.Id, l["Der Prozess verweist auf das Formular „{0}“, das in dieser Version fehlt.", formId]));
            }

            // Either the engine's own call or a job decided with this version's tables (header decisionId).
            var called = element is BusinessRuleTask task
                ? task.Extensions.CalledDecision?.DecisionId ?? task.Extensions.TaskHeaders.FirstOrDefault(h => h.Key == "decisionId").Value
                : null;
            if (called is { Length: > 0 } decisionId && !decisionId.StartsWith('=') && !decisions.Contains(decisionId))
            {
                findings.Add(new(ArtifactKind.Process, process.Name, element.Id, l["Der Prozess ruft die Entscheidung „{0}“ auf, die in keiner DMN-Datei dieser Version steht.", decisionId]));
            }
        }
    }

    private HashSet<string> CheckForms(IEnumerable<ServiceArtifact> artifacts, List<VersionFinding> findings)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var artifact in artifacts.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            ids.Add(artifact.Name);
            FormDefinition form;
            try
            {
                form = FormDefinition.Parse(artifact.Content);
            }
            catch (FormDefinitionException e)
            {
                findings.Add(new(ArtifactKind.Form, artifact.Name, null, l["Das Formular ist nicht lesbar: {0}", e.Message]));
                continue;
            }

            if (form.Id != artifact.Name)
            {
                findings.Add(new(ArtifactKind.Form, artifact.Name, form.Id, l["Die Formular-ID in der Datei („{0}“) passt nicht zum Namen „{1}“.", form.Id ?? "", artifact.Name]));
            }

            foreach (var problem in FormChecker.Check(form))
            {
                findings.Add(new(ArtifactKind.Form, artifact.Name, problem.Component, l["Das Formular ist fehlerhaft: {0}", problem.Message]));
            }
        }

        return ids;
    }

    private HashSet<string> CheckDecisions(IEnumerable<ServiceArtifact> artifacts, List<VersionFinding> findings)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var artifact in artifacts.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            try
            {
                DmnModel.Parse(artifact.Content);
            }
            catch (DmnException e)
            {
                findings.Add(new(ArtifactKind.Decision, artifact.Name, null, l["Die DMN-Datei ist nicht lesbar: {0}", e.Message]));
                continue;
            }

            // Business rule tasks call decisions by their DMN id, which the model does not list; read the ids directly.
            foreach (var id in DecisionIds(artifact.Content))
            {
                if (!ids.Add(id))
                {
                    findings.Add(new(ArtifactKind.Decision, artifact.Name, id, l["Die Entscheidung „{0}“ steht in mehr als einer DMN-Datei.", id]));
                }
            }
        }

        return ids;
    }

    internal static IEnumerable<string> DecisionIds(string xml)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        var root = XDocument.Load(reader).Root;
        return root is null
            ? []
            : [.. root.Elements().Where(e => e.Name.LocalName == "decision").Select(e => (string?)e.Attribute("id")).OfType<string>()];
    }
}
