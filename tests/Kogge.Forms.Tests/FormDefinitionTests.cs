using Kogge.Forms.Schema;
using Kogge.Testing;

namespace Kogge.Forms.Tests;

public sealed class FormDefinitionTests
{

    [Fact]
    public void Parse_EveryFormJsTestForm_Loads()
    {
        var dir = SharedData.Path("form-js/forms");
        var files = Directory.GetFiles(dir, "*.json");

        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var form = FormDefinition.Parse(File.ReadAllText(file));
            Assert.NotEmpty(form.AllComponents);
            FormChecker.Check(form);
        }
    }

    [Fact]
    public void Check_FormJsTestForms_FindOnlyTheCustomComponentType()
    {
        var dir = SharedData.Path("form-js/forms");
        var problems = Directory.GetFiles(dir, "*.json")
            .SelectMany(f => FormChecker.Check(FormDefinition.Parse(File.ReadAllText(f))).Select(p => (File: Path.GetFileName(f), p.Component, p.Message)))
            .ToList();

        // customField.json uses a "range" component that a custom renderer provides; everything else is standard.
        Assert.All(problems, p => Assert.Contains("range", p.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_NotJson_SaysSo()
    {
        var error = Assert.Throws<FormDefinitionException>(() => FormDefinition.Parse("{ components: "));

        Assert.Contains("JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DuplicateProperty_IsRefusedWithAMessage()
    {
        var e = Assert.Throws<FormDefinitionException>(() => FormDefinition.Parse("""{"components": [{"type": "textfield", "id": "a", "id": "b", "key": "k"}]}"""));

        Assert.Contains("Duplicate", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Parse_LoneSurrogate_IsRefusedWithAMessage()
    {
        var json = "{\"components\": [{\"type\": \"text\", \"text\": \"" + '\uD800' + "\"}]}";

        var e = Assert.Throws<FormDefinitionException>(() => FormDefinition.Parse(json));

        Assert.Contains("not valid text", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DeeplyNestedJson_IsRefused()
    {
        var json = "{\"components\":[" + string.Concat(Enumerable.Repeat("[", 1000)) + string.Concat(Enumerable.Repeat("]", 1000)) + "]}";

        Assert.Throws<FormDefinitionException>(() => FormDefinition.Parse(json));
    }

    [Fact]
    public void Check_DuplicateKeysMissingKeyAndOptions_AreReportedByComponent()
    {
        const string json = """
            {"type": "default", "components": [
              {"id": "a", "type": "textfield", "key": "name"},
              {"id": "b", "type": "textfield", "key": "name"},
              {"id": "c", "type": "number"},
              {"id": "d", "type": "unknown", "key": "kind"},
              {"id": "e", "type": "textfield", "key": "zip", "validate": {"pattern": "[0-9"}},
              {"id": "f", "type": "textfield", "key": "x", "conditional": {"hide": "=a +"}}
            ]}
            """;

        var problems = FormChecker.Check(FormDefinition.Parse(json));

        Assert.Contains(problems, p => p.Component == "name" && p.Message.Contains("twice", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Component == "c" && p.Message.Contains("needs a key", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Component == "kind" && p.Message.Contains("Unknown component type", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Component == "zip" && p.Message.Contains("regular expression", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Component == "x" && p.Message.Contains("FEEL", StringComparison.Ordinal));
    }
}
