namespace Policy.Core.Decision;

/// <summary>
/// Last stage: drops findings an allowlist exempts, orders the rest by position and takes the
/// highest severity as the decision (allow &lt; info &lt; warn &lt; review &lt; block).
/// </summary>
public static class DecisionMaker
{
    public static CheckResult Decide(
        List<Finding> findings,
        IReadOnlyList<(int Start, int End, IReadOnlyList<string> Categories)> allowed,
        string language)
    {
        if (allowed.Count > 0)
        {
            findings.RemoveAll(f => IsAllowed(f, allowed));
        }

        if (findings.Count == 0)
        {
            return new CheckResult(Severity.Allow, [], language);
        }

        findings.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Severity.CompareTo(a.Severity));
        var decision = Severity.Allow;
        foreach (var f in findings)
        {
            if (f.Severity > decision)
            {
                decision = f.Severity;
            }
        }

        return new CheckResult(decision, findings, language);
    }

    private static bool IsAllowed(Finding f, IReadOnlyList<(int Start, int End, IReadOnlyList<string> Categories)> allowed)
    {
        foreach (var (start, end, categories) in allowed)
        {
            if (f.Start >= start && f.Start + f.Length <= end && categories.Contains(f.Category, StringComparer.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
