using Kogge.Feel.Dmn;
using Kogge.Feel.Evaluation;

namespace Kogge.Feel.Tests.Dmn;

public sealed class DmnModelTests
{
    private const string Ns13 = "https://www.omg.org/spec/DMN/20191111/MODEL/";

    private static string FeeTable(string hitPolicy, string aggregation = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="{Ns13}" id="fees" name="Fees" namespace="http://kogge.example/fees">
          <decision id="fee" name="Fee">
            <informationRequirement id="r1"><requiredInput href="#applicant" /></informationRequirement>
            <informationRequirement id="r2"><requiredInput href="#kind" /></informationRequirement>
            <decisionTable id="table" hitPolicy="{hitPolicy}" {aggregation}>
              <input id="i1" label="Age"><inputExpression id="e1" typeRef="number"><text>Applicant Age</text></inputExpression></input>
              <input id="i2" label="Kind"><inputExpression id="e2" typeRef="string"><text>kind</text></inputExpression></input>
              <output id="o1" name="amount" typeRef="number" />
              <rule id="a"><inputEntry id="a1"><text>&lt; 18</text></inputEntry><inputEntry id="a2"><text>-</text></inputEntry><outputEntry id="a3"><text>0</text></outputEntry></rule>
              <rule id="b"><inputEntry id="b1"><text>[18..65)</text></inputEntry><inputEntry id="b2"><text>"passport"</text></inputEntry><outputEntry id="b3"><text>37.50</text></outputEntry></rule>
              <rule id="c"><inputEntry id="c1"><text>&gt;= 18</text></inputEntry><inputEntry id="c2"><text>"passport", "id card"</text></inputEntry><outputEntry id="c3"><text>22.80</text></outputEntry></rule>
            </decisionTable>
          </decision>
          <inputData id="applicant" name="Applicant Age"><variable id="v1" name="Applicant Age" typeRef="number" /></inputData>
          <inputData id="kind" name="kind"><variable id="v2" name="kind" typeRef="string" /></inputData>
        </definitions>
        """;

    private static object? Fee(string hitPolicy, int age, string kind, string aggregation = "") =>
        DmnModel.Parse(FeeTable(hitPolicy, aggregation)).Evaluate("Fee", new Dictionary<string, object?> { ["Applicant Age"] = age, ["kind"] = kind }).Value;

    [Fact]
    public void DecisionTable_Unique_OneMatchingRule_GivesItsOutput()
    {
        Assert.Equal(0m, Fee("UNIQUE", 10, "passport"));
    }

    [Fact]
    public void DecisionTable_Unique_TwoMatchingRules_GivesNullWithWarning()
    {
        var result = DmnModel.Parse(FeeTable("UNIQUE")).Evaluate("Fee", new Dictionary<string, object?> { ["Applicant Age"] = 30, ["kind"] = "passport" });

        Assert.Null(result.Value);
        Assert.Contains(result.Warnings, w => w.Contains("UNIQUE", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_IsCollectionNotABoolean_IsRefusedWithTheElement()
    {
        var xml = $"""
            <definitions xmlns="{Ns13}" name="m" namespace="m">
              <itemDefinition id="tNames" name="tNames" isCollection="number"><typeRef>string</typeRef></itemDefinition>
            </definitions>
            """;

        var e = Assert.Throws<DmnException>(() => DmnModel.Parse(xml));

        Assert.Equal("tNames", e.ElementId);
        Assert.Contains("'isCollection' must be true or false, not 'number'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckInputs_StringWhereNumberDeclared_NamesTheInputAndTheType()
    {
        var model = DmnModel.Parse(FeeTable("FIRST"));

        var problems = model.CheckInputs(new Dictionary<string, object?> { ["Applicant Age"] = "30", ["kind"] = "passport", ["unknown"] = 1 });

        var problem = Assert.Single(problems);
        Assert.Equal("The input 'Applicant Age' is declared as number, but the string \"30\" was given", problem);
    }

    [Fact]
    public void CheckInputs_ConformingAndNullValues_HaveNoProblems()
    {
        var model = DmnModel.Parse(FeeTable("FIRST"));

        Assert.Empty(model.CheckInputs(new Dictionary<string, object?> { ["Applicant Age"] = 30, ["kind"] = null }));
    }

    [Fact]
    public void DecisionTable_First_TakesFirstMatchInRuleOrder()
    {
        Assert.Equal(37.50m, Fee("FIRST", 30, "passport"));
    }

    [Fact]
    public void DecisionTable_RuleOrder_ListsAllMatches()
    {
        Assert.Equal([37.50m, 22.80m], Assert.IsType<List<object?>>(Fee("RULE ORDER", 30, "passport")));
    }

    [Theory]
    [InlineData("aggregation=\"SUM\"", "60.30")]
    [InlineData("aggregation=\"MIN\"", "22.80")]
    [InlineData("aggregation=\"MAX\"", "37.50")]
    [InlineData("aggregation=\"COUNT\"", "2")]
    public void DecisionTable_CollectWithAggregation_Aggregates(string aggregation, string expected)
    {
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Fee("COLLECT", 30, "passport", aggregation));
    }

    [Fact]
    public void DecisionTable_NoMatch_GivesNull()
    {
        Assert.Null(Fee("UNIQUE", 70, "driving licence"));
    }

    [Fact]
    public void DecisionTable_Any_DifferentOutputs_GivesNull()
    {
        Assert.Null(Fee("ANY", 30, "passport"));
    }

    [Fact]
    public void DecisionTable_InputOfWrongType_GivesNull()
    {
        var result = DmnModel.Parse(FeeTable("FIRST")).Evaluate("Fee", new Dictionary<string, object?> { ["Applicant Age"] = "thirty", ["kind"] = "passport" });

        Assert.Null(result.Value);
        Assert.NotEmpty(result.Warnings);
    }

    [Fact]
    public void Parse_Dtd_IsRefused()
    {
        const string xml = """
            <?xml version="1.0"?>
            <!DOCTYPE definitions [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" name="x" namespace="x">&x;</definitions>
            """;

        var error = Assert.Throws<DmnException>(() => DmnModel.Parse(xml));

        Assert.Contains("DTD", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Parse_NotDmn_IsRefusedWithMessage()
    {
        var error = Assert.Throws<DmnException>(() => DmnModel.Parse("<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" />"));

        Assert.Contains("DMN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingRequirement_NamesTheElement()
    {
        var xml = $"""
            <definitions xmlns="{Ns13}" name="m" namespace="m">
              <decision id="d1" name="D"><informationRequirement><requiredDecision href="#missing" /></informationRequirement>
                <literalExpression><text>1</text></literalExpression></decision>
            </definitions>
            """;

        var error = Assert.Throws<DmnException>(() => DmnModel.Parse(xml));

        Assert.Equal("d1", error.ElementId);
    }

    [Fact]
    public void Evaluate_RequiredDecisionsAndKnowledgeModel_ChainThroughTheGraph()
    {
        var xml = $"""
            <definitions xmlns="{Ns13}" name="m" namespace="m">
              <inputData id="in" name="Net Amount"><variable name="Net Amount" typeRef="number" /></inputData>
              <businessKnowledgeModel id="vat" name="add vat">
                <encapsulatedLogic><formalParameter name="net" typeRef="number" /><literalExpression><text>net * 1.19</text></literalExpression></encapsulatedLogic>
              </businessKnowledgeModel>
              <decision id="gross" name="Gross">
                <variable name="Gross" typeRef="number" />
                <informationRequirement><requiredInput href="#in" /></informationRequirement>
                <knowledgeRequirement><requiredKnowledge href="#vat" /></knowledgeRequirement>
                <invocation><literalExpression><text>add vat</text></literalExpression>
                  <binding><parameter name="net" /><literalExpression><text>Net Amount</text></literalExpression></binding></invocation>
              </decision>
              <decision id="label" name="Label">
                <informationRequirement><requiredDecision href="#gross" /></informationRequirement>
                <context>
                  <contextEntry><variable name="rounded" /><literalExpression><text>decimal(Gross, 2)</text></literalExpression></contextEntry>
                  <contextEntry><literalExpression><text>"EUR " + string(rounded)</text></literalExpression></contextEntry>
                </context>
              </decision>
            </definitions>
            """;

        var result = DmnModel.Parse(xml).Evaluate("Label", new Dictionary<string, object?> { ["Net Amount"] = 100 });

        Assert.Equal("EUR 119", result.Value);
    }

    [Fact]
    public void Evaluate_ItemDefinitionWithAllowedValues_RejectsOtherValues()
    {
        var xml = $"""
            <definitions xmlns="{Ns13}" name="m" namespace="m">
              <itemDefinition name="tStatus"><typeRef>string</typeRef><allowedValues><text>"open", "closed"</text></allowedValues></itemDefinition>
              <inputData id="in" name="status"><variable name="status" typeRef="tStatus" /></inputData>
              <decision id="d" name="echo"><informationRequirement><requiredInput href="#in" /></informationRequirement>
                <literalExpression><text>status</text></literalExpression></decision>
            </definitions>
            """;
        var model = DmnModel.Parse(xml);

        Assert.Equal("open", model.Evaluate("echo", new Dictionary<string, object?> { ["status"] = "open" }).Value);
        Assert.Null(model.Evaluate("echo", new Dictionary<string, object?> { ["status"] = "lost" }).Value);
    }

    [Fact]
    public void Evaluate_UnknownDecision_Throws()
    {
        var model = DmnModel.Parse(FeeTable("FIRST"));

        Assert.Throws<KeyNotFoundException>(() => model.Evaluate("Nope"));
    }

    [Fact]
    public void Parse_KnowledgeModelCallingItself_IsRejected()
    {
        var xml = $"""
            <definitions xmlns="{Ns13}" name="m" namespace="m">
              <businessKnowledgeModel id="f" name="fib">
                <encapsulatedLogic><formalParameter name="n" /><literalExpression><text>if n &lt; 2 then n else fib(n - 1) + fib(n - 2)</text></literalExpression></encapsulatedLogic>
              </businessKnowledgeModel>
            </definitions>
            """;

        var error = Assert.Throws<DmnException>(() => DmnModel.Parse(xml));

        Assert.Contains("calls itself", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvokeDecisionService_WithInputs_ReturnsOutputDecision()
    {
        var xml = $"""
            <definitions xmlns="{Ns13}" name="m" namespace="m">
              <inputData id="in" name="x"><variable name="x" typeRef="number" /></inputData>
              <decision id="d" name="double"><informationRequirement><requiredInput href="#in" /></informationRequirement>
                <literalExpression><text>x * 2</text></literalExpression></decision>
              <decisionService id="s" name="Doubler"><outputDecision href="#d" /><inputData href="#in" /></decisionService>
            </definitions>
            """;

        var result = DmnModel.Parse(xml).InvokeDecisionService("Doubler", new Dictionary<string, object?> { ["x"] = 21 });

        Assert.Equal(42m, result.Value);
    }

    [Fact]
    public void Parse_SyntaxErrorInCell_EvaluatesToNullWithTheMessage()
    {
        var xml = $"""
            <definitions xmlns="{Ns13}" name="m" namespace="m">
              <decision id="d" name="broken"><literalExpression><text>1 +</text></literalExpression></decision>
            </definitions>
            """;

        var result = DmnModel.Parse(xml).Evaluate("broken");

        Assert.Null(result.Value);
        Assert.Contains(result.Warnings, w => w.Contains("column", StringComparison.Ordinal));
    }

    [Fact]
    public void ResultValues_AreFeelTypes()
    {
        var result = DmnModel.Parse(FeeTable("COLLECT")).Evaluate("Fee", new Dictionary<string, object?> { ["Applicant Age"] = 30, ["kind"] = "passport" });

        Assert.All(Assert.IsType<List<object?>>(result.Value), v => Assert.IsType<decimal>(v));
        Assert.Equal("[37.5, 22.8]", Values.Format(result.Value));
    }

    [Fact]
    public void Parse_DeeplyNestedBoxedContexts_IsRefusedNotStackOverflow()
    {
        var open = string.Concat(Enumerable.Repeat("<context><contextEntry>", 5000));
        var close = string.Concat(Enumerable.Repeat("</contextEntry></context>", 5000));
        var xml = $"<definitions xmlns=\"{Ns13}\" name=\"m\" namespace=\"m\"><decision id=\"d\" name=\"deep\">{open}<literalExpression><text>1</text></literalExpression>{close}</decision></definitions>";

        var error = Assert.Throws<DmnException>(() => DmnModel.Parse(xml));

        Assert.Contains("nested", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Dmn12Namespace_IsRead()
    {
        const string xml = """
            <definitions xmlns="http://www.omg.org/spec/DMN/20180521/MODEL/" name="m" namespace="m">
              <decision id="d" name="answer"><variable name="answer" typeRef="number" /><literalExpression><text>6 * 7</text></literalExpression></decision>
            </definitions>
            """;

        Assert.Equal(42m, DmnModel.Parse(xml).Evaluate("answer").Value);
    }

    [Fact]
    public void Evaluate_ImportedKnowledgeModel_IsCalledByQualifiedName()
    {
        const string imported = """
            <definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" name="lib" namespace="http://kogge.example/lib">
              <businessKnowledgeModel id="greet" name="Say Hello">
                <encapsulatedLogic><formalParameter name="who" typeRef="string" /><literalExpression><text>"Hello " + who</text></literalExpression></encapsulatedLogic>
              </businessKnowledgeModel>
            </definitions>
            """;
        const string main = """
            <definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" name="main" namespace="http://kogge.example/main">
              <import namespace="http://kogge.example/lib" name="lib" importType="https://www.omg.org/spec/DMN/20230324/MODEL/" />
              <decision id="d" name="greeting">
                <knowledgeRequirement><requiredKnowledge href="http://kogge.example/lib#greet" /></knowledgeRequirement>
                <literalExpression><text>lib.Say Hello("Rostock")</text></literalExpression>
              </decision>
            </definitions>
            """;

        var library = DmnModel.Parse(imported);

        Assert.Equal("Hello Rostock", DmnModel.Parse(main, [library]).Evaluate("greeting").Value);
    }

    [Fact]
    public void Evaluate_FromManyThreads_GivesTheSameResults()
    {
        var model = DmnModel.Parse(FeeTable("FIRST"));

        var results = new System.Collections.Concurrent.ConcurrentBag<object?>();
        Parallel.For(0, 2000, i => results.Add(model.Evaluate("Fee", new Dictionary<string, object?> { ["Applicant Age"] = 30 + (i % 2), ["kind"] = "passport" }).Value));

        Assert.All(results, r => Assert.Equal(37.50m, r));
    }

    [Fact]
    public void Model_ListsDecisionsAndTypedInputs()
    {
        var model = DmnModel.Parse(FeeTable("FIRST"));

        Assert.Equal(["Fee"], model.DecisionNames);
        Assert.Contains(new KeyValuePair<string, string?>("Applicant Age", "number"), model.InputData);
        Assert.Empty(model.DecisionServiceNames);
    }
}
