using System.Text.Json.Nodes;
using Kogge.Bpmn.Model;
using Kogge.Bpmn.Parsing;
using Kogge.Forms.Schema;
using Kogge.Web.Modules.Catalog;
using Kogge.Web.Platform.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Kogge.Web.Modules.Cases.Apply;

/// <summary>
/// The published version of a service and the form its process starts with, cut into pages: each top-level group of
/// the form is a page of its own (one thing per page), the fields between groups share one.
/// </summary>
public sealed class StartForm
{
    private StartForm(PublicService service, ServiceVersion version, FormDefinition? form, IReadOnlyList<StartFormPage> pages)
    {
        Service = service;
        Version = version;
        Form = form;
        Pages = pages;
    }

    public PublicService Service { get; }

    public ServiceVersion Version { get; }

    /// <summary>The whole start form; null when the process starts without one.</summary>
    public FormDefinition? Form { get; }

    public IReadOnlyList<StartFormPage> Pages { get; }

    /// <summary>The service (by slug or id) with its published version, or null when there is none to apply for.</summary>
    public static async Task<StartForm?> LoadAsync(KoggeDbContext db, string key, CancellationToken cancellationToken)
    {
        var published = db.PublicServices.AsNoTracking().Where(s => s.PublishedVersionId != null);
        var service = Guid.TryParse(key, out var id)
            ? await published.FirstOrDefaultAsync(s => s.Id == id, cancellationToken)
            : await published.FirstOrDefaultAsync(s => s.Slug == key, cancellationToken);
        var version = service is null ? null : await db.ServiceVersions.AsNoTracking().Include(v => v.Artifacts)
            .FirstOrDefaultAsync(v => v.Id == service.PublishedVersionId && v.State == VersionState.Published, cancellationToken);
        if (service is null || version is null || version.EngineProcessId is null)
        {
            return null;
        }

        return From(service, version);
    }

    /// <summary>The start form of the version a case was filed under, whatever the version's state is now.</summary>
    public static async Task<StartForm?> OfVersionAsync(KoggeDbContext db, Guid versionId, CancellationToken cancellationToken)
    {
        var version = await db.ServiceVersions.AsNoTracking().Include(v => v.Service).Include(v => v.Artifacts)
            .FirstOrDefaultAsync(v => v.Id == versionId, cancellationToken);
        return version is null || version.Artifacts.All(a => a.Kind != ArtifactKind.Process) ? null : From(version.Service, version);
    }

    private static StartForm From(PublicService service, ServiceVersion version)
    {
        // A published or retired version never changes, so its parsed form serves every request; a draft may change at any time.
        var parsed = version.IsDraft ? Parse(version) : Parsed.GetOrCreate(version.Id, entry =>
        {
            entry.Size = 1;
            entry.SlidingExpiration = TimeSpan.FromHours(1);
            return Parse(version);
        })!;
        return new StartForm(service, version, parsed.Form, parsed.Pages);
    }

    /// <summary>
    /// The parsed start forms of published and retired versions by version id, so that an application does not parse
    /// the version's BPMN and form on every request. Bounded by count; the parsed forms are only read after parsing
    /// (System.Text.Json's nodes initialize safely under concurrent reads).
    /// </summary>
    private static readonly MemoryCache Parsed = new(new MemoryCacheOptions { SizeLimit = 500 });

    private static ParsedStartForm Parse(ServiceVersion version)
    {
        var formId = StartFormId(version.Artifacts.First(a => a.Kind == ArtifactKind.Process).Content);
        var artifact = formId is null ? null : version.Artifacts.FirstOrDefault(a => a.Kind == ArtifactKind.Form && a.Name == formId);
        return artifact is null ? new ParsedStartForm(null, []) : new ParsedStartForm(FormDefinition.Parse(artifact.Content), Split(artifact.Content));
    }

    private sealed record ParsedStartForm(FormDefinition? Form, IReadOnlyList<StartFormPage> Pages);

    /// <summary>The form id on the plain start event of the version's process (published versions passed the check).</summary>
    private static string? StartFormId(string bpmn)
    {
        var definitions = BpmnParser.ParseXml(bpmn).Definitions;
        var process = definitions.Processes.First(p => p.IsExecutable == true);
        return process.FlowElements.OfType<StartEvent>().First(s => s.EventDefinitions.Count == 0).Extensions.FormDefinition?.FormId;
    }

    private static List<StartFormPage> Split(string json)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        var components = root["components"] as JsonArray ?? [];
        var pages = new List<StartFormPage>();
        var loose = new JsonArray();
        void Flush()
        {
            if (loose.Count > 0)
            {
                pages.Add(Page(root, null, loose));
                loose = [];
            }
        }

        foreach (var component in components)
        {
            if (component is JsonObject c && (string?)c["type"] == "group" && c["path"] is null)
            {
                Flush();
                pages.Add(Page(root, (string?)c["label"], [component.DeepClone()]));
            }
            else if (component is not null)
            {
                loose.Add(component.DeepClone());
            }
        }

        Flush();
        return pages;
    }

    private static StartFormPage Page(JsonObject root, string? title, JsonArray components)
    {
        var page = new JsonObject { ["id"] = root["id"]?.DeepClone(), ["type"] = "default", ["components"] = components };
        if (root["schemaVersion"] is { } schema)
        {
            page["schemaVersion"] = schema.DeepClone();
        }

        return new StartFormPage(title, FormDefinition.Parse(page.ToJsonString()));
    }
}

/// <summary>One page of a start form: a group's title (or none) and the part of the form it shows.</summary>
public sealed record StartFormPage(string? Title, FormDefinition Form)
{
    /// <summary>The top-level data keys the page's fields write; a post of the page replaces exactly these.</summary>
    public IEnumerable<string> Keys => Form.AllComponents.Select(c => c.Key).OfType<string>().Where(k => !k.Contains('.', StringComparison.Ordinal))
        .Concat(Form.AllComponents.Select(c => c.Path).OfType<string>().Select(p => p.Split('.')[0]));

    public IEnumerable<FormComponent> FilePickers => Form.AllComponents.Where(c => c.Type == "filepicker" && c.Key is not null);
}
