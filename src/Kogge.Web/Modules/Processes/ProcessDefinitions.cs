using System.Text;
using System.Text.RegularExpressions;
using Kogge.Bpmn.Engine;
using Kogge.Web.Platform.Processes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kogge.Web.Modules.Processes;

/// <summary>Deploying BPMN models and reading the deployed versions.</summary>
internal static partial class ProcessDefinitions
{
    private static readonly string[] XmlTypes = ["application/xml", "text/xml", "application/bpmn+xml"];

    public static void Map(RouteGroupBuilder admin, RouteGroupBuilder worker)
    {
        admin.MapPost("/deployments", DeployAsync).WithName("CreateDeployment")
            .WithSummary("Deploys a BPMN model: raw XML (application/xml) or one file in multipart/form-data. A changed process gets a new version.")
            .Accepts<string>("application/xml", "text/xml", "multipart/form-data")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        worker.MapGet("/process-definitions", ListAsync).WithName("ListProcessDefinitions")
            .WithSummary("Deployed process versions, optionally of one process id.");
        worker.MapGet("/process-definitions/{processId}/versions/{version:int}", GetAsync).WithName("GetProcessDefinition")
            .WithSummary("One version of a process.").ProducesProblem(StatusCodes.Status404NotFound);
        worker.MapGet("/process-definitions/{processId}/versions/{version:int}/xml", XmlAsync).WithName("GetProcessDefinitionXml")
            .WithSummary("The BPMN XML of one version.").Produces<string>(StatusCodes.Status200OK, "application/xml").ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Created<DeploymentDto>, ProblemHttpResult>> DeployAsync(
        HttpRequest request, ProcessEngine engine, TenantProcesses processes, ProcessOptions options, string? name, CancellationToken cancellationToken)
    {
        string resourceName;
        byte[] bytes;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            if (form.Files.Count != 1)
            {
                return Problem(StatusCodes.Status400BadRequest, "Upload exactly one BPMN file.");
            }

            var file = form.Files[0];
            if (file.Length > options.MaxBpmnBytes)
            {
                return TooLarge(options);
            }

            resourceName = Path.GetFileName(file.FileName);
            await using var stream = file.OpenReadStream();
            bytes = await ReadAsync(stream, options.MaxBpmnBytes, cancellationToken) ?? [];
        }
        else if (request.ContentType is { } type && XmlTypes.Any(x => type.StartsWith(x, StringComparison.OrdinalIgnoreCase)))
        {
            resourceName = "process.bpmn";
            var read = await ReadAsync(request.Body, options.MaxBpmnBytes, cancellationToken);
            if (read is null)
            {
                return TooLarge(options);
            }

            bytes = read;
        }
        else
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Send the BPMN model as application/xml or as a file in multipart/form-data.");
        }

        if (bytes.Length == 0)
        {
            return Problem(StatusCodes.Status400BadRequest, "The BPMN model is empty.");
        }

        resourceName = string.IsNullOrWhiteSpace(resourceName) ? "process.bpmn" : resourceName[..Math.Min(resourceName.Length, 200)];
        var deploymentName = string.IsNullOrWhiteSpace(name) ? resourceName : name.Trim()[..Math.Min(name.Trim().Length, 200)];
        var deployment = await engine.Repository.DeployAsync(deploymentName, [new DeploymentResource(resourceName, Decode(bytes))], processes.TenantId, cancellationToken);
        return TypedResults.Created((string?)null, new DeploymentDto(deployment.Id, deployment.Name, deployment.DeployedAt, [.. deployment.Processes.Select(DefinitionDto.From)]));
    }

    private static async Task<Ok<List<DefinitionDto>>> ListAsync(ProcessEngine engine, TenantProcesses processes, string? processId, CancellationToken cancellationToken)
    {
        var definitions = await engine.Repository.ListDefinitionsAsync(processId, processes.TenantId, cancellationToken);
        return TypedResults.Ok(definitions.Select(DefinitionDto.From).ToList());
    }

    private static async Task<Ok<DefinitionDto>> GetAsync(TenantProcesses processes, string processId, int version, CancellationToken cancellationToken)
    {
        var d = await processes.DefinitionAsync(processId, version, cancellationToken);
        return TypedResults.Ok(new DefinitionDto(d.Id, d.ProcessId, d.Name, d.Version, d.DeploymentId));
    }

    private static async Task<ContentHttpResult> XmlAsync(TenantProcesses processes, string processId, int version, CancellationToken cancellationToken)
    {
        var d = await processes.DefinitionAsync(processId, version, cancellationToken);
        return TypedResults.Content(d.Xml, "application/xml", Encoding.UTF8);
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes; null when the content is longer.</summary>
    private static async Task<byte[]?> ReadAsync(Stream body, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int n;
        while ((n = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + n > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, n);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Text of the upload in the encoding it declares (byte order mark, else the XML declaration, else UTF-8), so that
    /// models saved in windows-1252 or ISO-8859-1 keep their umlauts. DTDs are refused when the engine parses it.
    /// </summary>
    internal static string Decode(byte[] bytes)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var head = Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 200));
        if (DeclaredEncoding().Match(head) is { Success: true } match)
        {
            try
            {
                return DecodeWith(bytes, Encoding.GetEncoding(match.Groups[1].Value));
            }
            catch (ArgumentException)
            {
                // An unknown encoding name: the parser reports what it cannot read.
            }
        }

        return DecodeWith(bytes, new UTF8Encoding(false));
    }

    private static string DecodeWith(byte[] bytes, Encoding fallback)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), fallback, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    private static ProblemHttpResult TooLarge(ProcessOptions options) =>
        Problem(StatusCodes.Status413PayloadTooLarge, $"A BPMN model may have at most {options.MaxBpmnBytes} bytes.");

    private static ProblemHttpResult Problem(int status, string detail) =>
        TypedResults.Problem(title: "The request is not valid.", detail: detail, statusCode: status);

    [GeneratedRegex("""^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")]
    private static partial Regex DeclaredEncoding();
}

public sealed record DeploymentDto(string Id, string Name, DateTimeOffset DeployedAt, IReadOnlyList<DefinitionDto> Processes);

public sealed record DefinitionDto(string Id, string ProcessId, string? Name, int Version, string DeploymentId)
{
    internal static DefinitionDto From(ProcessDefinitionInfo d) => new(d.Id, d.ProcessId, d.Name, d.Version, d.DeploymentId);
}
