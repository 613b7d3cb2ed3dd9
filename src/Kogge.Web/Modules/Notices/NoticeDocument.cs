using System.Globalization;
using System.Text.Json.Nodes;
using Fluid;
using Fluid.Values;
using Microsoft.Extensions.FileProviders;

namespace Kogge.Web.Modules.Notices;

/// <summary>One line of the fee table.</summary>
public sealed record NoticeFeeLine(string Label, decimal Amount);

/// <summary>
/// What a notice is made from: the letterhead (municipality, office, date, reference), the recipient, the case and
/// form data the template reads, the fee and the legal-remedy text.
/// </summary>
public sealed record NoticeData
{
    public required string Municipality { get; init; }

    public string Office { get; init; } = "";

    public string OfficeAddress { get; init; } = "";

    public required string Reference { get; init; }

    public required DateOnly Date { get; init; }

    public required string RecipientName { get; init; }

    public string RecipientAddress { get; init; } = "";

    /// <summary>The template's root: <c>{{ entscheidung }}</c>, <c>{{ antragsteller.name }}</c>, …</summary>
    public JsonObject Case { get; init; } = [];

    /// <summary>The submitted form, as <c>{{ formular.kennzeichen }}</c>.</summary>
    public JsonObject Form { get; init; } = [];

    public IReadOnlyList<NoticeFeeLine> Fees { get; init; } = [];

    /// <summary>The Rechtsbehelfsbelehrung; without one, the general Widerspruch text naming the municipality.</summary>
    public string? LegalRemedy { get; init; }

    public string LegalRemedyText => LegalRemedy ?? $"Gegen diesen Bescheid können Sie innerhalb eines Monats nach Bekanntgabe Widerspruch erheben. "
        + $"Der Widerspruch ist schriftlich oder zur Niederschrift bei der {Municipality}{(OfficeAddress.Length > 0 ? ", " + OfficeAddress.Replace("\n", ", ", StringComparison.Ordinal) : "")} einzulegen.";
}

/// <summary>A notice template that does not read or cannot be filled in; the message is German and safe to show the designer.</summary>
public sealed class NoticeTemplateException(string message) : Exception(message);

/// <summary>
/// Renders a version's notice template (Liquid through Fluid) with a case's data and lays it out as a PDF. The template
/// sees only the data given to it: no files (no <c>include</c>/<c>render</c> from disk), no .NET objects (the model is
/// made of plain values), and a step limit stops endless loops.
/// </summary>
public static class NoticeDocument
{
    private static readonly FluidParser Parser = new();
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    private static readonly TemplateOptions Options = new()
    {
        FileProvider = new NullFileProvider(),
        MemberAccessStrategy = new DefaultMemberAccessStrategy(),
        MaxSteps = 200_000,
        MaxRecursion = 20,
        CultureInfo = German,
        TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"),
    };

    /// <summary>Parses the template; the exception's message names the problem in German.</summary>
    public static IFluidTemplate Parse(string template) =>
        Parser.TryParse(template, out var parsed, out var error)
            ? parsed
            : throw new NoticeTemplateException($"Die Bescheidvorlage ist kein gültiges Liquid: {error}");

    /// <summary>The template filled in with the data: the notice's text before layout.</summary>
    public static string RenderText(string template, NoticeData data) => RenderText(Parse(template), data);

    public static string RenderText(IFluidTemplate template, NoticeData data)
    {
        var context = new TemplateContext(Options);
        foreach (var (key, value) in data.Case)
        {
            context.SetValue(key, ToFluid(value));
        }

        context.SetValue("formular", ToFluid(data.Form));
        context.SetValue("kommune", ToFluid(new JsonObject { ["name"] = data.Municipality, ["stelle"] = data.Office }));
        context.SetValue("aktenzeichen", new StringValue(data.Reference));
        context.SetValue("datum", new StringValue(data.Date.ToString("dd.MM.yyyy", German)));
        context.SetValue("gebuehr", new StringValue(Money(data.Fees.Sum(f => f.Amount))));
        try
        {
            return template.Render(context);
        }
        catch (Exception e) when (e is InvalidOperationException or ParseException or ArgumentException or FormatException or IOException)
        {
            throw new NoticeTemplateException($"Die Bescheidvorlage lässt sich mit diesen Daten nicht ausfüllen: {e.Message}");
        }
    }

    /// <summary>The finished notice as PDF with embedded fonts.</summary>
    public static byte[] RenderPdf(string template, NoticeData data) => RenderPdf(Parse(template), data);

    public static byte[] RenderPdf(IFluidTemplate template, NoticeData data) => TextToPdf(RenderText(template, data), data);

    /// <summary>Text that is already filled in (the Markdown-lite of <see cref="NoticeText"/>) set as the notice.</summary>
    public static byte[] TextToPdf(string text, NoticeData data) => NoticePdf.Write(data, NoticeText.Parse(text));

    public static string Money(decimal amount) => amount.ToString("#,##0.00", German) + " €";

    private static FluidValue ToFluid(JsonNode? node) => node switch
    {
        null => NilValue.Instance,
        JsonObject o => new DictionaryValue(new FluidValueDictionaryFluidIndexable(
            o.ToDictionary(p => p.Key, p => ToFluid(p.Value), StringComparer.Ordinal))),
        JsonArray a => new ArrayValue([.. a.Select(ToFluid)]),
        JsonValue v when v.TryGetValue<bool>(out var b) => BooleanValue.Create(b),
        JsonValue v when v.TryGetValue<decimal>(out var d) => NumberValue.Create(d),
        JsonValue v when v.TryGetValue<string>(out var s) => new StringValue(s),
        _ => new StringValue(node.ToJsonString()),
    };
}
