using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Policy.Core.Checking;
using Policy.Core.Decision;
using Policy.Core.Model;
using Policy.Core.Normalize;
using Policy.Core.Packs;
using Policy.Core.Rules;

namespace Policy.Core.Decision;

/// <summary>
/// The check pipeline: normalize → match → rules → decision. Stateless; the pack carries all
/// compiled state, so any number of checks run in parallel on one pack.
/// </summary>
public static class CheckEngine
{
    public static CheckResult Check(CompiledPack pack, CheckRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);

        // The draft is normalized here and seen by nothing after the check, so its fold's offsets can
        // serve as its map during the check and go back to the pool after it.
        var normalized = Normalizer.NormalizeHeld(request.Text);
        try
        {
            return Check(pack, request, normalized);
        }
        finally
        {
            normalized.Release();
        }
    }

    /// <summary>Checks with the draft already normalized (<see cref="Normalizer.Normalize"/> of
    /// <see cref="CheckRequest.Text"/>), for a caller that needs the normalized text itself as well.</summary>
    public static CheckResult Check(CompiledPack pack, CheckRequest request, NormalizedText normalized) =>
        Check(pack, request, normalized, CheckBudget.Unlimited);

    /// <summary>Checks within <paramref name="budget"/>: once it is spent, the rules not yet run are
    /// skipped and the draft goes to review with a finding that says why; its cancellation throws
    /// <see cref="OperationCanceledException"/>.</summary>
    public static CheckResult Check(CompiledPack pack, CheckRequest request, NormalizedText normalized, CheckBudget budget) =>
        Check(pack, request, normalized, budget, NullLogger.Instance);

    /// <summary>Checks within <paramref name="budget"/> and logs to <paramref name="log"/> each rule
    /// that fails while evaluating (its finding is of kind <see cref="FindingKind.Error"/>).</summary>
    public static CheckResult Check(CompiledPack pack, CheckRequest request, NormalizedText normalized, CheckBudget budget, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(pack);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(normalized);
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(log);
        if (!string.Equals(normalized.Original, request.Text, StringComparison.Ordinal))
        {
            throw new ArgumentException("The normalized text is not the request's text.", nameof(normalized));
        }

        budget.CancellationToken.ThrowIfCancellationRequested();
        var terms = pack.Terms.Scan(normalized.Text);
        var scope = new CheckScope(request, normalized, terms, pack.Topics);

        // Index loops, not foreach over interfaces: each of those allocates an enumerator per check.
        var rules = pack.Run;
        var limited = budget.IsLimited;
        Finding? spent = null;
        for (var r = 0; r < rules.Length; r++)
        {
            var rule = rules[r].Rule;

            // Every rule runs in time linear in the draft, so looking at the clock every 16 rules bounds
            // the overrun and keeps the clock's cost (~20 ns a read) out of the ordinary check.
            if (limited && r % BudgetStride == 0)
            {
                budget.CancellationToken.ThrowIfCancellationRequested();
                if (budget.IsSpent)
                {
                    spent = BudgetSpent(rule, budget, rules.Length - r, scope.Language);
                    break;
                }
            }

            // A rule whose terms are absent does nothing: skipped before its conditions, which are
            // asked all the same where they may guess the language (a clean draft's result shows it).
            if (!rules[r].ReadsLanguage && rules[r].FindsNothingIn(scope))
            {
                continue;
            }

            if (!rules[r].Always && !rule.When.Hold(scope))
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
                // The log names the rule, the pack and the exception; never the draft, which may hold a secret.
                EngineLog.RuleFailed(log, ex, rule.Id, pack.Id, pack.Version);
                scope.Findings.Add(rule.Failed(scope.Language));
            }
        }

        var result = scope.FindingCount == 0
            ? CheckResult.Allowed(scope.LanguageIfKnown)
            : DecisionMaker.Decide(scope.Findings, scope.AllowedSoFar, scope.Language);

        // Added after the decision so no allowlist can drop it: an unfinished check is never allowed.
        return spent is null
            ? result
            : new CheckResult(result.Decision > Severity.Review ? result.Decision : Severity.Review, [spent, .. result.Findings], scope.Language);
    }

    /// <summary>Rules run between two looks at the budget's clock.</summary>
    internal const int BudgetStride = 16;

    /// <summary>The rule id of the finding a spent budget adds.</summary>
    public const string BudgetRuleId = "check.budget";

    private static Finding BudgetSpent(Rule next, CheckBudget budget, int skipped, string language)
    {
        var ms = (long)budget.Limit.TotalMilliseconds;
        var message = language == "de"
            ? $"Die Prüfung hat ihr Zeitbudget von {ms} ms überschritten; {skipped} Regeln wurden nicht mehr geprüft. Der Entwurf geht deshalb zur Prüfung an einen Menschen."
            : $"The check ran over its time budget of {ms} ms; {skipped} rules were not run. The draft therefore goes to a person for review.";
        var suggestion = language == "de"
            ? "Kürzen Sie den Entwurf oder entfernen Sie lange Wiederholungen und Code, dann prüfen Sie erneut."
            : "Shorten the draft or remove long repetitions and code, then check again.";

        // Cited under the section of the first rule not run: the guideline part that went unchecked.
        return new Finding(BudgetRuleId, next.Category, Severity.Review, next.Section, 0, 0, string.Empty, message, suggestion);
    }
}
