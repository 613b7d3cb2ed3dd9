using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Kogge.Web.Modules.Notices;

/// <summary>
/// The layout of a notice on A4 (DIN 5008 margins, simplified): letterhead, recipient, date and reference, the body
/// from the template, the fee table and the Rechtsbehelfsbelehrung. Lines wrap at word boundaries; a block that
/// does not fit continues on a new page.
/// </summary>
internal sealed class NoticePdf : IDisposable
{
    private const double Left = 70;      // 25 mm
    private const double Right = 57;     // 20 mm
    private const double Top = 50;
    private const double Bottom = 60;
    private const double BodySize = 10.5;

    private static readonly XFont Body = Font(BodySize, XFontStyleEx.Regular);
    private static readonly XFont BodyBold = Font(BodySize, XFontStyleEx.Bold);
    private static readonly XFont Small = Font(8.5, XFontStyleEx.Regular);
    private static readonly XFont Heading = Font(12, XFontStyleEx.Bold);
    private static readonly XFont Letterhead = Font(16, XFontStyleEx.Bold);

    private readonly PdfDocument _document = new();
    private PdfPage _page = null!;
    private XGraphics _gfx = null!;
    private double _y;
    private NoticeBlockKind? _previous;

    private double Width => _page.Width.Point - Left - Right;

    public static byte[] Write(NoticeData data, IReadOnlyList<NoticeBlock> blocks)
    {
        using var pdf = new NoticePdf();
        pdf._document.Info.Title = $"Bescheid {data.Reference}";
        pdf._document.Info.Author = data.Municipality;
        pdf.NewPage();
        pdf.WriteLetterhead(data);
        foreach (var block in blocks)
        {
            pdf.WriteBlock(block);
        }

        if (data.Fees.Count > 0)
        {
            pdf.WriteFees(data.Fees);
        }

        pdf.WriteBlock(new NoticeBlock(NoticeBlockKind.Heading, [new("Rechtsbehelfsbelehrung", true)]));
        pdf.WriteBlock(new NoticeBlock(NoticeBlockKind.Paragraph, [new(data.LegalRemedyText, false)]));
        pdf._gfx.Dispose();
        pdf._gfx = null!;
        using var stream = new MemoryStream();
        pdf._document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    public void Dispose()
    {
        _gfx?.Dispose();
        _document.Dispose();
    }

    private void NewPage()
    {
        _gfx?.Dispose();
        _page = _document.AddPage();
        _page.Size = PdfSharp.PageSize.A4;
        _gfx = XGraphics.FromPdfPage(_page);
        _y = Top;
        if (_document.PageCount > 1)
        {
            _gfx.DrawString($"Seite {_document.PageCount}", Small, XBrushes.Gray, new XPoint(Left, _page.Height.Point - 30), XStringFormats.TopLeft);
        }
    }

    private void Need(double height)
    {
        if (_y + height > _page.Height.Point - Bottom)
        {
            NewPage();
        }
    }

    private void WriteLetterhead(NoticeData data)
    {
        _gfx.DrawString(data.Municipality, Letterhead, XBrushes.Black, new XPoint(Left, _y), XStringFormats.TopLeft);
        _y += 22;
        foreach (var line in new[] { data.Office }.Concat(data.OfficeAddress.Split('\n')).Where(l => l.Trim().Length > 0))
        {
            _gfx.DrawString(line.Trim(), Small, XBrushes.Black, new XPoint(Left, _y), XStringFormats.TopLeft);
            _y += 11;
        }

        _gfx.DrawLine(new XPen(XColors.Black, 0.5), Left, _y + 4, Left + Width, _y + 4);
        _y += 30;

        var recipientTop = _y;
        foreach (var line in new[] { data.RecipientName }.Concat(data.RecipientAddress.Split('\n')).Where(l => l.Trim().Length > 0))
        {
            _gfx.DrawString(line.Trim(), Body, XBrushes.Black, new XPoint(Left, _y), XStringFormats.TopLeft);
            _y += LineHeight(Body);
        }

        var right = new XRect(Left, recipientTop, Width, LineHeight(Body));
        _gfx.DrawString($"Datum: {data.Date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)}", Body, XBrushes.Black, right, XStringFormats.TopRight);
        right.Offset(0, LineHeight(Body));
        _gfx.DrawString($"Aktenzeichen: {data.Reference}", Body, XBrushes.Black, right, XStringFormats.TopRight);
        _y = Math.Max(_y, right.Bottom) + 28;
    }

    private void WriteBlock(NoticeBlock block)
    {
        var (font, bold, indent, before) = block.Kind switch
        {
            NoticeBlockKind.Heading => (Heading, Heading, 0.0, 10.0),
            NoticeBlockKind.ListItem => (Body, BodyBold, 14.0, 0.0),
            _ => (Body, BodyBold, 0.0, 0.0),
        };
        // A list ends with the same space as a paragraph.
        _y += before + (_previous == NoticeBlockKind.ListItem && block.Kind != NoticeBlockKind.ListItem ? 6 : 0);
        _previous = block.Kind;
        var lines = Wrap(block.Runs, font, bold, Width - indent);
        var height = LineHeight(font);
        for (var i = 0; i < lines.Count; i++)
        {
            Need(height);
            if (i == 0 && block.Kind == NoticeBlockKind.ListItem)
            {
                _gfx.DrawString("•", Body, XBrushes.Black, new XPoint(Left + 3, _y), XStringFormats.TopLeft);
            }

            var x = Left + indent;
            foreach (var (text, isBold) in lines[i])
            {
                var f = isBold ? bold : font;
                _gfx.DrawString(text, f, XBrushes.Black, new XPoint(x, _y), XStringFormats.TopLeft);
                x += _gfx.MeasureString(text, f).Width;
            }

            _y += height;
        }

        _y += block.Kind == NoticeBlockKind.ListItem ? 2 : 8;
    }

    private void WriteFees(IReadOnlyList<NoticeFeeLine> fees)
    {
        WriteBlock(new NoticeBlock(NoticeBlockKind.Heading, [new("Gebühren", true)]));
        var height = LineHeight(Body) + 4;
        var pen = new XPen(XColors.Gray, 0.5);
        foreach (var fee in fees)
        {
            Need(height);
            _gfx.DrawString(fee.Label, Body, XBrushes.Black, new XPoint(Left, _y), XStringFormats.TopLeft);
            _gfx.DrawString(NoticeDocument.Money(fee.Amount), Body, XBrushes.Black, new XRect(Left, _y, Width, height), XStringFormats.TopRight);
            _y += height;
            _gfx.DrawLine(pen, Left, _y - 3, Left + Width, _y - 3);
        }

        Need(height);
        _gfx.DrawString("Summe", BodyBold, XBrushes.Black, new XPoint(Left, _y), XStringFormats.TopLeft);
        _gfx.DrawString(NoticeDocument.Money(fees.Sum(f => f.Amount)), BodyBold, XBrushes.Black, new XRect(Left, _y, Width, height), XStringFormats.TopRight);
        _y += height + 8;
    }

    /// <summary>Word wrap over runs of mixed weight; each line is a list of (text, bold) pieces.</summary>
    private List<List<(string Text, bool Bold)>> Wrap(IReadOnlyList<NoticeRun> runs, XFont font, XFont bold, double width)
    {
        var lines = new List<List<(string, bool)>> { new() };
        var x = 0.0;
        var space = _gfx.MeasureString(" ", font).Width;
        var spaceBefore = false;
        foreach (var run in runs)
        {
            var f = run.Bold ? bold : font;
            var words = run.Text.Replace("\n", " \n ", StringComparison.Ordinal).Split(' ');
            for (var i = 0; i < words.Length; i++)
            {
                var word = words[i];
                spaceBefore |= i > 0;
                if (word == "\n")
                {
                    lines.Add([]);
                    x = 0;
                    spaceBefore = false;
                    continue;
                }

                if (word.Length == 0)
                {
                    continue;
                }

                var w = _gfx.MeasureString(word, f).Width;
                var gap = x > 0 && spaceBefore ? space : 0;
                if (x > 0 && x + gap + w > width)
                {
                    lines.Add([]);
                    x = 0;
                    gap = 0;
                }

                lines[^1].Add((gap > 0 ? " " + word : word, run.Bold));
                x += gap + w;
                spaceBefore = false;
            }
        }

        return lines;
    }

    private static double LineHeight(XFont font) => font.Size * 1.4;

    private static XFont Font(double size, XFontStyleEx style)
    {
        NoticeFonts.EnsureInstalled();
        // Unicode encoding embeds the glyphs used, so every letter of a name prints and can be copied back out.
        return new XFont(NoticeFonts.Family, size, style, new XPdfFontOptions(PdfFontEncoding.Unicode));
    }
}
