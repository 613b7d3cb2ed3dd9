using System.Text.Json;
using Kogge.Bpmn.Engine;
using Kogge.Bpmn.Expressions;
using Kogge.Bpmn.Expressions.Feel;
using Kogge.Web.Modules.Catalog;
using Kogge.Web.Platform.Persistence;
using Kogge.Web.Platform.Processes;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Cases;

/// <summary>
/// Decides a business rule task with the DMN tables of the case's own service version (job type
/// <see cref="JobType"/>, headers <c>decisionId</c> and <c>resultVariable</c>). The engine's built-in decisions are
/// shared by every municipality; these belong to one version of one service, so a newer version's rules never
/// reach the cases already running.
/// </summary>
public sealed class ServiceDecisions(KoggeDbContext db, TenantProcesses processes, TimeProvider clock) : IJobHandler
{
    public const string JobType = "kogge-entscheidung";

    public async Task<JobOutcome> HandleAsync(JobContext job, CancellationToken cancellationToken)
    {
        var instance = await processes.InstanceAsync(job.ProcessInstanceId, cancellationToken);
        var caseId = Guid.TryParse(instance.BusinessKey, out var id) ? id : Guid.Empty;
        var versionId = await db.Cases.Where(c => c.Id == caseId).Select(c => (Guid?)c.ServiceVersionId).FirstOrDefaultAsync(cancellationToken);
        if (versionId is null)
        {
            return JobOutcome.Fail("The process instance belongs to no case.");
        }

        var tables = await db.ServiceArtifacts.AsNoTracking().Where(a => a.VersionId == versionId && a.Kind == ArtifactKind.Decision)
            .Select(a => a.Content).ToListAsync(cancellationToken);
        return Decide(tables, job, clock);
    }

    /// <summary>Decides the job's <c>decisionId</c> with <paramref name="tables"/> (the version's DMN files) into its result variable.</summary>
    public static JobOutcome Decide(IEnumerable<string> tables, JobContext job, TimeProvider clock)
    {
        if (!job.Headers.TryGetValue("decisionId", out var decisionId) || decisionId.Length == 0)
        {
            return JobOutcome.Fail("The task names no decisionId header.");
        }

        var value = new FeelDecisionEvaluator(tables, clock).Evaluate(decisionId, new JobVariables(job.Variables));
        var result = job.Headers.TryGetValue("resultVariable", out var name) && name.Length > 0 ? name : "ergebnis";
        return JobOutcome.Complete(new Dictionary<string, object?> { [result] = value });
    }

    /// <summary>
    /// The job's variables for FEEL. Form data arrives as JSON elements; their numbers, booleans and texts are handed
    /// over as such, or a rule comparing <c>nummerDesHundes</c> with <c>2</c> would never match.
    /// </summary>
    private sealed class JobVariables(IReadOnlyDictionary<string, object?> variables) : IVariableScope
    {
        public bool TryGetVariable(string name, out object? value)
        {
            if (!variables.TryGetValue(name, out value))
            {
                return false;
            }

            value = value is JsonElement element ? Plain(element) : value;
            return true;
        }

        private static object? Plain(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.Number => element.GetDecimal(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => element,
        };
    }
}
