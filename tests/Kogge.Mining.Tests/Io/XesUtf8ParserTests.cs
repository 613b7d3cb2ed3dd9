using System.IO.Compression;
using System.Text;
using Kogge.Mining.EventLogs;
using Kogge.Mining.Io;
using Kogge.Mining.Io.Xes;
using Kogge.Testing;

namespace Kogge.Mining.Tests.Io;

/// <summary>
/// UTF-8 XES is read from bytes by Kogge's own parser, other encodings by XmlReader. The same document in
/// UTF-16 takes the XmlReader path, so comparing both shows the byte parser gives XmlReader's result.
/// </summary>
public sealed class XesUtf8ParserTests
{
    [Theory]
    [InlineData("receipt.xes.gz")]
    [InlineData("BPIC15_1.xes.gz")]
    [InlineData("BPIC20_permit_1t_per_variant.xes.gz")]
    [InlineData("roadtraffic_1t_per_variant.xes.gz")]
    public void Read_RealLogUtf8AndUtf16_SameLogAttributesAndReport(string file)
    {
        var utf8 = Decompress(File.ReadAllBytes(SharedData.Path("eventlogs/" + file)));

        var fast = Read(utf8);
        var reference = Read(Utf16(utf8));

        Assert.Equal(Everything(reference), Everything(fast));
    }

    [Fact]
    public void Read_EntitiesLineEndsAndReferences_DecodedAsXmlReaderDoes()
    {
        var xes = Document("<string key=\"concept:name\" value=\"a&amp;b &lt;&gt;&quot;&apos; &#228;&#xE4;&#x1F600;\ttab\r\nline\nend\"/>");

        var fast = Read(Encoding.UTF8.GetBytes(xes));
        var reference = Read(Utf16(Encoding.UTF8.GetBytes(xes)));

        Assert.Equal("a&b <>\"' ää\U0001F600 tab line end", fast.Log.ActivityNames[0]);
        Assert.Equal(reference.Log.ActivityNames[0], fast.Log.ActivityNames[0]);
    }

    [Fact]
    public void Read_PrefixesCommentsCdataAndBom_Tolerated()
    {
        var xes = "\uFEFF<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- exported -->\n<xes:log xmlns:xes=\"http://www.xes-standard.org/\">"
            + "<xes:trace><xes:string key='concept:name' value='c1'/><!-- a comment --><xes:event><![CDATA[ <ignored> ]]>"
            + "<xes:string key = \"concept:name\" value = \"A\" /></xes:event></xes:trace></xes:log>\n<!-- end -->\n";

        var result = Read(Encoding.UTF8.GetBytes(xes));

        Assert.Equal(["c1"], result.Log.CaseIds);
        Assert.Equal(["A"], result.Log.ActivityNames);
    }

    [Fact]
    public void Read_ValueLongerThanTheReadBuffer_Read()
    {
        var long1 = new string('x', 3 << 20);
        var xes = Document($"""<string key="concept:name" value="A"/><string key="note" value="{long1}"/>""");

        var result = Read(Encoding.UTF8.GetBytes(xes));

        Assert.Equal(long1, result.Log.EventAttributes.Get(0, "note")?.Text);
    }

    [Fact]
    public void Read_SkippedEvents_ReportedOnTheirLines()
    {
        var xes = Document("<string key=\"org:resource\" value=\"r\"/>") + "\n";
        xes = xes.Replace("<trace>", "<trace>\n<event>\n<string key=\"concept:name\" value=\"B\"/>\n<date key=\"time:timestamp\" value=\"yesterday\"/>\n</event>\n", StringComparison.Ordinal);

        var fast = Read(Encoding.UTF8.GetBytes(xes));
        var reference = Read(Utf16(Encoding.UTF8.GetBytes(xes)));

        Assert.Equal(2, fast.Report.SkippedCount);
        Assert.Equal(reference.Report.Issues.Select(i => (i.Line, i.Message)), fast.Report.Issues.Select(i => (i.Line, i.Message)));
    }

    [Fact]
    public void Read_Latin1Declared_DecodedByDeclaration()
    {
        var xes = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" + Document("<string key=\"concept:name\" value=\"Prüfung\"/>");

        var result = Read(Encoding.Latin1.GetBytes(xes));

        Assert.Equal(["Prüfung"], result.Log.ActivityNames);
    }

    [Theory]
    [InlineData("<log><trace></event></log>", 1)]
    [InlineData("<log>\n<trace>\n<string key=concept:name value='x'/></trace></log>", 3)]
    [InlineData("<log>\n\n<trace><string key='a' value='x<y'/></trace></log>", 3)]
    [InlineData("<log><trace><string key='a' value='&nbsp;'/></trace></log>", 1)]
    [InlineData("<log><trace><string key='a' value='&amp'/></trace></log>", 1)]
    [InlineData("<log></log><log></log>", 1)]
    [InlineData("<log></log>\ntext", 2)]
    [InlineData("<log><trace><string key='a' value='x'value='y'/></trace></log>", 1)]
    [InlineData("<log><trace><string key='a' value='x'></trace></log>", 1)]
    [InlineData("<log><trace><string key 'a'/></trace></log>", 1)]
    [InlineData("<log><trace><1string key='a'/></trace></log>", 1)]
    [InlineData("<log><trace><string key='a' value='x'/", 1)]
    public void Read_NotWellFormed_FailsNamingTheLine(string xes, long line)
    {
        var ex = Assert.Throws<EventLogFormatException>(() => Read(Encoding.UTF8.GetBytes(xes)));

        Assert.Equal(line, ex.Line);
        Assert.StartsWith($"line {line}: XES", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_InvalidUtf8_FailsClearly()
    {
        var bytes = Encoding.UTF8.GetBytes(Document("<string key=\"concept:name\" value=\"AB\"/>"));
        bytes[Array.IndexOf(bytes, (byte)'B')] = 0xC3;

        var ex = Assert.Throws<EventLogFormatException>(() => Read(bytes));

        Assert.Contains("UTF-8", ex.Message, StringComparison.Ordinal);
    }

    private static ImportResult Read(byte[] bytes) => XesReader.Read(new MemoryStream(bytes), cancellationToken: TestContext.Current.CancellationToken);

    private static string Document(string eventContent) =>
        $"<log xes.version=\"1.0\"><trace><string key=\"concept:name\" value=\"c\"/><event>{eventContent}</event></trace></log>";

    private static byte[] Utf16(byte[] utf8)
    {
        var text = Encoding.UTF8.GetString(utf8).TrimStart('\uFEFF');
        if (text.StartsWith("<?xml", StringComparison.Ordinal))
        {
            text = text[(text.IndexOf("?>", StringComparison.Ordinal) + 2)..];
        }

        return [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("<?xml version=\"1.0\" encoding=\"utf-16\"?>" + text)];
    }

    private static byte[] Decompress(byte[] gz)
    {
        using var input = new GZipStream(new MemoryStream(gz), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>The fingerprint plus every attribute value of the log, its cases and events, and the report's counts.</summary>
    private static string Everything(ImportResult result)
    {
        var log = result.Log;
        var sb = new StringBuilder(LogComparison.Fingerprint(log));
        sb.Append(CultureInfo(result.Report.SkippedCount)).Append('/').Append(CultureInfo(result.Report.WarningCount)).Append('\n');
        foreach (var (key, value) in log.LogAttributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            sb.Append(key).Append('=').Append(value.Kind).Append(':').Append(value.Text).Append('\n');
        }

        foreach (var (table, rows) in new[] { (log.CaseAttributes, log.CaseCount), (log.EventAttributes, log.EventCount) })
        {
            foreach (var column in table.Columns)
            {
                sb.Append(column.Key).Append(':');
                for (var r = 0; r < rows; r++)
                {
                    sb.Append(column[r] is { } v ? $"{v.Kind}:{v.Text}" : "-").Append('|');
                }

                sb.Append('\n');
            }
        }

        for (var e = 0; e < log.EventCount; e++)
        {
            sb.Append(log.OffsetMinutes(e)).Append(log.Lifecycles[e] >= 0 ? log.LifecycleNames[log.Lifecycles[e]] : "-").Append(',');
        }

        return sb.ToString();
    }

    private static string CultureInfo(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
