using System.Diagnostics;
using Policy.Core.Decision;
using Policy.Core.Normalize;
using Policy.Core.Packs;
using Policy.Core.Rules;

namespace Policy.Core.Checking;

/// <summary>
/// The check pipeline: normalize → match → rules → decision. Stateless; the pack carries all
/// compiled state, so any number of checks run in parallel on one pack.
/// </summary>
public static class CheckEngine
{
    public static CheckResult Check(CompiledPack pack, CheckRequest request)
    {
        ArgumentNullException.ThrowIfNull(pack);
        ArgumentNullException.ThrowIfNull(request);

        var normalized = Normalizer.Normalize(request.Text);
        var terms = pack.Terms.Scan(normalized.Text);
        var scope = new CheckScope(request, normalized, terms, pack.Topics);

        // Index loops, not foreach over interfaces: each of those allocates an enumerator per check.
        var rules = pack.Rules;
        for (var r = 0; r < rules.Count; r++)
        {
            var rule = rules[r];
            if (!rule.When.Hold(scope))
            {
                continue;
            }

            try
            {
                rule.Evaluate(scope);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A rule that cannot decide must not let the draft through: it reports itself for review.
                Trace.TraceError("rule {0} failed: {1}", rule.Id, ex.GetType().Name);
                scope.ReportOriginal(
                    rule,
                    (0, 0),
                    rule.Severity > Severity.Review ? rule.Severity : Severity.Review,
                    evidence: string.Empty);
            }
        }

        return scope.FindingCount == 0
            ? CheckResult.Allowed(scope.LanguageIfKnown)
            : DecisionMaker.Decide(scope.Findings, scope.AllowedSoFar, scope.Language);
    }
}
