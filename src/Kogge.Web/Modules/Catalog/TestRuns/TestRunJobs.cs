using System.Text.Json;
using System.Text.Json.Nodes;
using Kogge.Bpmn.Engine;
using Kogge.Web.Modules.Cases;
using Kogge.Web.Modules.Cases.Decide;
using Kogge.Web.Modules.Notices;

namespace Kogge.Web.Modules.Catalog.TestRuns;

/// <summary>
/// The job handlers of a test run, one for every job type of the model. Decisions are made for real, with the
/// version's DMN tables, because the path the process takes depends on them. Everything that would leave a trace —
/// the notice, a timeline entry, telling another body, an unknown worker — is only recorded, with the data it would
/// have been done with, and completed as the real handler would complete it.
/// </summary>
internal sealed class TestRunJobs(TestRun run, IReadOnlyList<string> tables) : IJobHandler
{
    /// <summary>The name the notices of a test run are addressed to.</summary>
    public const string SampleApplicant = "Erika Mustermann";

    public Task<JobOutcome> HandleAsync(JobContext job, CancellationToken cancellationToken) => Task.FromResult(job.JobType switch
    {
        ServiceDecisions.JobType => Decide(job),
        NoticeIssuing.JobType => Notice(job),
        ReceiptConfirmation.JobType => Record(job, TestRunEffectKind.Receipt, ""),
        BodyNotification.JobType => job.Headers.TryGetValue("stelle", out var body) && body.Length > 0
            ? Record(job, TestRunEffectKind.BodyNotified, body)
            : JobOutcome.Fail("The task names no body (header stelle)."),
        _ => Record(job, TestRunEffectKind.Other, job.JobType),
    });

    private JobOutcome Decide(JobContext job)
    {
        var outcome = ServiceDecisions.Decide(tables, job, run.Clock);
        if (outcome is JobOutcome.Completed { Variables: { } result })
        {
            var detail = string.Join(", ", result.Select(r => $"{r.Key} = {JsonSerializer.Serialize(r.Value)}"));
            run.Effects.Add(new TestRunEffect(run.Clock.GetUtcNow(), job.ElementId, TestRunEffectKind.Decision, $"{job.Headers["decisionId"]}: {detail}"));
        }

        return outcome;
    }

    private JobOutcome Notice(JobContext job)
    {
        if (NoticeIssuing.DecisionOf(job) is not { } decision)
        {
            return JobOutcome.Fail(NoticeIssuing.NoDecision);
        }

        var templateName = NoticeIssuing.TemplateOf(job);
        var template = run.Version.Artifacts.FirstOrDefault(a => a.Kind == ArtifactKind.NoticeTemplate && a.Name == templateName);
        if (template is null)
        {
            return JobOutcome.Fail($"The service version has no notice template '{templateName}'.");
        }

        var now = run.Clock.GetUtcNow();
        var fees = run.Fee is { Ok: true } fee ? NoticeIssuing.Fees(job, Fees.ServiceFees.Breakdown(fee.Lines), fee.Amount) : NoticeIssuing.Fees(job, null, null);
        var data = NoticeIssuing.Data(run.Municipality, run.Service, TestRun.Reference, run.StartedAt, (JsonObject)run.FormData.DeepClone(), fees,
            SampleApplicant, decision, job.Variables, now);
        try
        {
            // Filled in once here, so that a broken template shows as the incident it would be.
            NoticeDocument.RenderText(template.Content, data);
        }
        catch (NoticeTemplateException e)
        {
            return JobOutcome.Fail(e.Message);
        }

        run.Notices.Add((template.Content, data));
        run.Effects.Add(new TestRunEffect(now, job.ElementId, TestRunEffectKind.Notice, $"{templateName}: {decision}", run.Notices.Count - 1));
        return JobOutcome.Complete(new Dictionary<string, object?> { ["bescheidId"] = Guid.NewGuid().ToString() });
    }

    private JobOutcome Record(JobContext job, TestRunEffectKind kind, string detail)
    {
        run.Effects.Add(new TestRunEffect(run.Clock.GetUtcNow(), job.ElementId, kind, detail));
        return JobOutcome.Complete();
    }
}
