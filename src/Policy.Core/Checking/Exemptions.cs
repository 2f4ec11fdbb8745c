using Policy.Core.Model;

namespace Policy.Core.Checking;

/// <summary>Whether an allowlist's exempted ranges cover a finding: the decision drops such findings,
/// and a rule that builds on other findings must not build on them.</summary>
public static class Exemptions
{
    public static bool Cover(IReadOnlyList<(int Start, int End, IReadOnlyList<string> Categories)> allowed, Finding f)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        ArgumentNullException.ThrowIfNull(f);

        // A rule that failed saw nothing an allowlist could exempt: its empty span at 0 is no place in the text.
        if (f.Kind == FindingKind.Error)
        {
            return false;
        }

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
