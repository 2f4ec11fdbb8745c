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
        ArgumentNullException.ThrowIfNull(request);
        return Check(pack, request, Normalizer.Normalize(request.Text));
    }

    /// <summary>Checks with the draft already normalized (<see cref="Normalizer.Normalize"/> of
    /// <see cref="CheckRequest.Text"/>), for a caller that needs the normalized text itself as well.</summary>
    public static CheckResult Check(CompiledPack pack, CheckRequest request, NormalizedText normalized)
    {
        ArgumentNullException.ThrowIfNull(pack);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(normalized);
        if (!string.Equals(normalized.Original, request.Text, StringComparison.Ordinal))
        {
            throw new ArgumentException("The normalized text is not the request's text.", nameof(normalized));
        }

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
