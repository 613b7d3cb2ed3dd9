using System.Xml.Linq;
using CsCheck;
using Kogge.Bpmn.Parsing;
using Kogge.Bpmn.Tests.TestDoubles;
using Kogge.Bpmn.Validation;
using Kogge.Testing;

namespace Kogge.Bpmn.Tests.Parsing;

/// <summary>Property tests over mutated MIWG files: the reader never crashes or hangs; it reads or refuses with a parse error.</summary>
public sealed class ParserFuzzTests
{
    private static readonly string[] Files =
    [
        "A.1.0.bpmn", "A.2.0.bpmn", "A.2.1.bpmn", "A.3.0.bpmn", "A.4.0.bpmn", "A.4.1.bpmn",
        "B.1.0.bpmn", "C.1.0.bpmn", "C.1.1.bpmn", "C.3.0.bpmn", "C.9.0.bpmn",
    ];

    private static readonly string[] ReferenceAttributes =
        ["id", "sourceRef", "targetRef", "attachedToRef", "default", "processRef", "bpmnElement", "messageRef", "errorRef", "calledElement"];

    private static byte[][] LoadAll() => [.. Files.Select(f => File.ReadAllBytes(SharedData.Path($"bpmn-miwg/{f}")))];

    [Fact]
    public void Parse_ByteMutatedMiwgFiles_ReadsOrRefusesCleanly()
    {
        var files = LoadAll();
        var mutation = Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[0, 3], Gen.Int[1, 64], Gen.Byte);
        var gen = Gen.Select(Gen.Int[0, files.Length - 1], mutation.Array[1, 6]);

        gen.Sample(
            t =>
            {
                var bytes = Mutate(files[t.Item1], t.Item2);
                ReadWriteOrRefuse(new MemoryStream(bytes));
            },
            iter: 400,
            threads: 1);
    }

    [Fact]
    public void Parse_StructurallyMutatedMiwgFiles_ReportsProblemsWithoutCrashing()
    {
        var documents = LoadAll().Select(b => XDocument.Load(new MemoryStream(b))).ToArray();
        var gen = Gen.Select(Gen.Int[0, documents.Length - 1], Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[0, 2], Gen.Int[0, int.MaxValue]).Array[1, 5]);

        gen.Sample(
            t =>
            {
                var document = new XDocument(documents[t.Item1]);
                foreach (var (pick, kind, other) in t.Item2)
                {
                    var elements = document.Descendants().ToList();
                    var element = elements[pick % elements.Count];
                    switch (kind)
                    {
                        case 0 when element.Parent is not null:
                            element.Remove();
                            break;
                        case 1:
                            var ids = elements.Select(e => (string?)e.Attribute("id")).OfType<string>().ToList();
                            var value = other % 3 == 0 || ids.Count == 0 ? "missing-" + other : ids[other % ids.Count];
                            element.SetAttributeValue(ReferenceAttributes[other % ReferenceAttributes.Length], value);
                            break;
                        case 2 when element.Parent is not null:
                            element.AddAfterSelf(new XElement(element));
                            break;
                    }
                }

                var result = ReadWriteOrRefuse(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(document.ToString())));
                if (result is not null)
                {
                    DeploymentValidator.Validate(result, new TestExpressionLanguage());
                }
            },
            iter: 300,
            threads: 1);
    }

    private static BpmnParseResult? ReadWriteOrRefuse(Stream stream)
    {
        try
        {
            var result = BpmnParser.Parse(stream);
            BpmnWriter.ToXml(result.Definitions);
            return result;
        }
        catch (BpmnParseException)
        {
            return null;
        }
    }

    private static byte[] Mutate(byte[] original, (int Position, int Kind, int Length, byte Value)[] mutations)
    {
        var bytes = new List<byte>(original);
        foreach (var (position, kind, length, value) in mutations)
        {
            var at = position % Math.Max(1, bytes.Count);
            var span = Math.Min(length, bytes.Count - at);
            switch (kind)
            {
                case 0:
                    bytes[at] = value;
                    break;
                case 1:
                    bytes.RemoveRange(at, span);
                    break;
                case 2:
                    bytes.InsertRange(at, bytes.GetRange(at, span));
                    break;
                default:
                    bytes.InsertRange(at, "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>&e;"u8.ToArray().Take(length));
                    break;
            }
        }

        return [.. bytes];
    }
}
