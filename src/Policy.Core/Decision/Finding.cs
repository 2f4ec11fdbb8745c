using Policy.Core.Packs;

namespace Policy.Core.Decision;

/// <summary>
/// One reason for a decision: which rule, which guideline section, where in the original text,
/// what it saw (masked where the datum is secret or personal) and how to fix it.
/// </summary>
public sealed record Finding(
    string RuleId,
    string Category,
    Severity Severity,
    Section Section,
    int Start,
    int Length,
    string Evidence,
    string Message,
    string Suggestion,
    string? Insert = null);

/// <summary>The answer to "may I post this?" with every finding that led to it.</summary>
public sealed record CheckResult(Severity Decision, IReadOnlyList<Finding> Findings, string Language)
{
    public IEnumerable<string> RuleIds => Findings.Select(f => f.RuleId).Distinct(StringComparer.Ordinal);
}
