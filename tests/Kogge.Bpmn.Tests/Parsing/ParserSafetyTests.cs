using System.Text;
using Kogge.Bpmn.Model;
using Kogge.Bpmn.Parsing;

namespace Kogge.Bpmn.Tests.Parsing;

public sealed class ParserSafetyTests
{
    private const string Body = """
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
          <process id="p" isExecutable="true">
            <startEvent id="start" name="Antrag eingegangen" />
            <sequenceFlow id="f1" sourceRef="start" targetRef="check" />
            <userTask id="check" name="Prüfung" />
          </process>
        </definitions>
        """;

    [Fact]
    public void Parse_NoXmlDeclaration_ReadsTheProcess()
    {
        var result = BpmnParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(Body)));

        Assert.Equal("Prüfung", result.Definitions.FindProcess("p")!.FlowElements.OfType<UserTask>().Single().Name);
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void Parse_DeclaredIso88591_DecodesUmlauts()
    {
        var bytes = Encoding.Latin1.GetBytes("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n" + Body);

        var result = BpmnParser.Parse(new MemoryStream(bytes));

        Assert.Equal("Prüfung", result.Definitions.FindProcess("p")!.FlowElements.OfType<UserTask>().Single().Name);
    }

    [Fact]
    public void Parse_DeclaredWindows1252_DecodesUmlauts()
    {
        var bytes = Encoding.GetEncoding(1252).GetBytes("<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n" + Body);

        var result = BpmnParser.Parse(new MemoryStream(bytes));

        Assert.Equal("Prüfung", result.Definitions.FindProcess("p")!.FlowElements.OfType<UserTask>().Single().Name);
    }

    [Fact]
    public void Parse_UnusualPrefix_MatchesByNamespace()
    {
        var xml = Body.Replace("<definitions xmlns=", "<x:definitions xmlns:x=", StringComparison.Ordinal)
            .Replace("</definitions>", "</x:definitions>", StringComparison.Ordinal)
            .Replace("<process", "<x:process", StringComparison.Ordinal).Replace("</process>", "</x:process>", StringComparison.Ordinal)
            .Replace("<startEvent", "<x:startEvent", StringComparison.Ordinal)
            .Replace("<sequenceFlow", "<x:sequenceFlow", StringComparison.Ordinal)
            .Replace("<userTask", "<x:userTask", StringComparison.Ordinal);

        var result = BpmnParser.ParseXml(xml);

        Assert.Equal(3, result.Definitions.FindProcess("p")!.FlowElements.Count);
    }

    [Fact]
    public void Parse_WrongNamespaceWithBpmnPrefix_IsRejected()
    {
        const string xml = """<bpmn:definitions xmlns:bpmn="http://example.org/not-bpmn" id="d" targetNamespace="t" />""";

        Assert.Throws<BpmnParseException>(() => BpmnParser.ParseXml(xml));
    }

    [Fact]
    public void Parse_Dtd_IsRefused()
    {
        const string xml = """
            <?xml version="1.0"?>
            <!DOCTYPE definitions [ <!ENTITY lol "lol"> ]>
            <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="&lol;" />
            """;

        var error = Assert.Throws<BpmnParseException>(() => BpmnParser.ParseXml(xml));
        Assert.NotNull(error.Line);
    }

    [Fact]
    public void Parse_ExternalEntity_IsRefused()
    {
        const string xml = """
            <?xml version="1.0"?>
            <!DOCTYPE definitions [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
            <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t"><documentation>&secret;</documentation></definitions>
            """;

        Assert.Throws<BpmnParseException>(() => BpmnParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(xml))));
    }

    [Fact]
    public void Parse_BrokenXml_ReportsTheLine()
    {
        var error = Assert.Throws<BpmnParseException>(() => BpmnParser.ParseXml("<definitions>\n<process>\n</definitions>"));

        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Parse_UnresolvedReferences_AreReportedWithElementId()
    {
        const string xml = """
            <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
              <process id="p">
                <startEvent id="start"><messageEventDefinition id="m" messageRef="nowhere" /></startEvent>
                <sequenceFlow id="f1" name="weiter" sourceRef="start" targetRef="missing" />
                <boundaryEvent id="b" attachedToRef="alsoMissing" />
                <exclusiveGateway id="g" default="f1" />
              </process>
            </definitions>
            """;

        var result = BpmnParser.ParseXml(xml);

        Assert.Contains(result.Problems, p => p.ElementId == "f1" && p.ElementName == "weiter" && p.Message.Contains("missing", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.ElementId == "m" && p.Message.Contains("nowhere", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.ElementId == "b" && p.Message.Contains("alsoMissing", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.ElementId == "g" && p.Message.Contains("does not leave", StringComparison.Ordinal));
        Assert.True(result.HasErrors);
        Assert.All(result.Problems, p => Assert.NotNull(p.Line));
    }

    [Fact]
    public void Parse_DuplicateIds_AreReported()
    {
        const string xml = """
            <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
              <process id="p"><task id="a" /><task id="a" /></process>
            </definitions>
            """;

        var result = BpmnParser.ParseXml(xml);

        Assert.Contains(result.Problems, p => p.ElementId == "a" && p.Message.Contains("more than once", StringComparison.Ordinal));
    }
}
