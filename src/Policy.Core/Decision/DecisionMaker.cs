using Policy.Core.Checking;
using Policy.Core.Model;

namespace Policy.Core.Decision;

/// <summary>
/// Last stage: drops findings an allowlist exempts, keeps one finding per fix (two rules asking for
/// the same disclaimer are one thing to do), orders the rest by position and takes the highest
/// severity as the decision (allow &lt; info &lt; warn &lt; review &lt; block).
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
            findings.RemoveAll(f => Exemptions.Cover(allowed, f));
        }

        if (findings.Count == 0)
        {
            return new CheckResult(Severity.Allow, [], language);
        }

        DropRepeatedInserts(findings);
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

    /// <summary>Of findings that offer the same insert for the same category, the strongest (then first) stays.</summary>
    private static void DropRepeatedInserts(List<Finding> findings)
    {
        for (var i = findings.Count - 1; i > 0; i--)
        {
            var f = findings[i];
            if (f.Insert is null)
            {
                continue;
            }

            for (var j = 0; j < i; j++)
            {
                var g = findings[j];
                if (g.Insert == f.Insert && g.Category == f.Category && g.Severity >= f.Severity)
                {
                    findings.RemoveAt(i);
                    break;
                }
            }
        }
    }
}
