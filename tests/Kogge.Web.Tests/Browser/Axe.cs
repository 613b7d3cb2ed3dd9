using System.Text.Json;
using Deque.AxeCore.Commons;
using Microsoft.Playwright;

namespace Kogge.Web.Tests.Browser;

/// <summary>
/// axe-core as bundled by Deque.AxeCore, run in the page under test with the WCAG 2.0/2.1 A and AA rules.
/// The script goes into each browser context once as an init script; Deque's <c>RunAxe</c> instead injects it per call
/// and finishes every run in a freshly created page, which doubles the time per page without changing the rules.
/// </summary>
public static class Axe
{
    public static readonly string[] Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    private static readonly Lazy<string> Script = new(() => new BundledAxeScriptProvider().GetScript());

    public static Task AddToAsync(IBrowserContext context) => context.AddInitScriptAsync(Script.Value);

    /// <summary>The violations on the page as it is now, one line each: rule, impact, help, and every element it found.</summary>
    public static async Task<IReadOnlyList<string>> ViolationsAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.EvaluateAsync(Script.Value);
        }

        var json = await page.EvaluateAsync<string>(
            """
            async tags => {
                const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
                return JSON.stringify(result.violations.map(v => ({
                    id: v.id,
                    impact: v.impact ?? '',
                    help: v.help,
                    nodes: v.nodes.map(n => ({ target: n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t).join(', '), html: n.html })),
                })));
            }
            """,
            Tags);
        var violations = JsonSerializer.Deserialize<List<Violation>>(json, JsonOptions) ?? [];
        return [.. violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help}" + string.Concat(v.Nodes.Select(n => $"\n      at {n.Target}: {n.Html}")))];
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private sealed record Violation(string Id, string Impact, string Help, List<ViolationNode> Nodes);

    private sealed record ViolationNode(string Target, string Html);
}
