using System.Text;
using Kogge.Mining.EventLogs;
using Kogge.Mining.Io;
using Kogge.Mining.Io.Csv;
using Kogge.Mining.Io.Xes;

namespace Kogge.Mining.Tests.Io;

public sealed class XesRoundTripTests
{
    [Theory]
    [InlineData("receipt.xes.gz")]
    [InlineData("BPIC15_1.xes.gz")]
    [InlineData("BPIC20_permit_1t_per_variant.xes.gz")]
    [InlineData("roadtraffic_1t_per_variant.xes.gz")]
    public void XesWriter_ExportThenImport_IdenticalLog(string file)
    {
        var original = RealLogs.Xes(file).Log;
        using var buffer = new MemoryStream();

        XesWriter.Write(original, buffer, TestContext.Current.CancellationToken);
        buffer.Position = 0;
        var reread = XesReader.Read(buffer, cancellationToken: TestContext.Current.CancellationToken).Log;

        Assert.Equal(LogComparison.Fingerprint(original), LogComparison.Fingerprint(reread));
        Assert.Equal(original.CaseAttributes.Columns.Count, reread.CaseAttributes.Columns.Count);
        Assert.All(original.EventAttributes.Columns, c => Assert.Equal(c[5], reread.EventAttributes.Get(5, c.Key)));
        Assert.Equal(original.OffsetMinutes(7), reread.OffsetMinutes(7));
    }

    [Fact]
    public void XesWriter_GzFile_WrittenCompressedAndReadBack()
    {
        var original = RealLogs.Xes("roadtraffic_1t_per_variant.xes.gz").Log;
        var path = Path.Combine(Path.GetTempPath(), $"kogge-mining-{Guid.NewGuid():N}.xes.gz");
        try
        {
            XesWriter.Write(original, path, TestContext.Current.CancellationToken);

            var head = File.ReadAllBytes(path)[..2];
            Assert.Equal(new byte[] { 0x1f, 0x8b }, head);
            Assert.Equal(LogComparison.Fingerprint(original), LogComparison.Fingerprint(XesReader.Read(path, cancellationToken: TestContext.Current.CancellationToken).Log));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void XesWriter_Output_DeclaresExtensionsGlobalsAndClassifier()
    {
        var log = RealLogs.Xes("roadtraffic_1t_per_variant.xes.gz").Log;
        using var buffer = new MemoryStream();

        XesWriter.Write(log, buffer, TestContext.Current.CancellationToken);
        var xml = Encoding.UTF8.GetString(buffer.ToArray());

        Assert.Contains("<extension name=\"Time\" prefix=\"time\" uri=\"http://www.xes-standard.org/time.xesext\" />", xml, StringComparison.Ordinal);
        Assert.Contains("<global scope=\"event\">", xml, StringComparison.Ordinal);
        Assert.Contains("<classifier name=\"Activity\" keys=\"concept:name\" />", xml, StringComparison.Ordinal);
        Assert.Matches("<date key=\"time:timestamp\" value=\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d\\d:\\d\\d\" />", xml);
    }

    [Fact]
    public void CsvEventLogWriter_ExportThenImport_IdenticalLog()
    {
        var original = RealLogs.Xes("receipt.xes.gz").Log;
        using var buffer = new MemoryStream();

        CsvEventLogWriter.Write(original, buffer, cancellationToken: TestContext.Current.CancellationToken);
        buffer.Position = 0;
        var reread = CsvEventLogReader.Read(buffer, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0, reread.Report.SkippedCount);
        Assert.Equal(LogComparison.Fingerprint(original), LogComparison.Fingerprint(reread.Log));
    }

    [Fact]
    public void XesReader_NestedAttributesListsAndNoNamespace_Tolerated()
    {
        const string xes = """
            <?xml version="1.0"?>
            <!DOCTYPE log [<!ENTITY x "boom">]>
            <log xes.version="2.0">
              <trace>
                <string key="concept:name" value="t1"/>
                <list key="items"><values><string key="a" value="1"/></values></list>
                <event>
                  <string key="concept:name" value="A"><string key="nested" value="x"/></string>
                  <date key="time:timestamp" value="2020-01-01T10:00:00Z"/>
                  <string key="lifecycle:transition" value="start"/>
                </event>
                <event>
                  <string key="concept:name" value="A"/>
                  <date key="time:timestamp" value="2020-01-01T11:00:00.5+01:00"/>
                  <string key="lifecycle:transition" value="complete"/>
                </event>
                <event><date key="time:timestamp" value="2020-01-01T12:00:00Z"/></event>
              </trace>
            </log>
            """;

        var result = XesReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(xes)), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("t1", result.Log.CaseIds[0]);
        Assert.Equal(2, result.Log.EventCount);
        Assert.Equal(1, result.Report.SkippedCount);
        Assert.Equal(AttributeKind.List, result.Log.CaseAttributes.Get(0, "items")?.Kind);
        Assert.Equal(1, result.Log.Instances.Count);
        Assert.Equal(TimeSpan.FromSeconds(0.5), TimeSpan.FromTicks(result.Log.Instances.Ends[0] - result.Log.Instances.Starts[0]));
    }

    [Theory]
    [InlineData("<log><trace><event>")]
    [InlineData("<notxes/>")]
    [InlineData("")]
    public void XesReader_BrokenInput_ThrowsFormatException(string text)
    {
        Assert.Throws<EventLogFormatException>(() => XesReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public void XesReader_TruncatedGzip_ThrowsFormatException()
    {
        var path = Kogge.Testing.SharedData.Path("eventlogs/roadtraffic_1t_per_variant.xes.gz");
        var bytes = File.ReadAllBytes(path);

        Assert.Throws<EventLogFormatException>(() => XesReader.Read(new MemoryStream(bytes[..(bytes.Length / 2)]), cancellationToken: TestContext.Current.CancellationToken));
    }
}
