using Policy.Core.Checking;
using Policy.Core.Model;

namespace Policy.Core.Rules;

/// <summary>
/// kind: implied. A finding of its own category wherever an earlier rule found one of the
/// categories in <c>from</c>: what one category means by definition belongs to another too. Insider
/// information is non-public, price-relevant information, so it is always also an unpublished
/// business fact; a draft that leaks it breaks both parts of the guideline, and both are reported
/// (the statistics of either would otherwise miss it). The finding points where the first such
/// finding points and reuses its (already masked) evidence. Silent when a rule already reported the
/// rule's category at its severity or more, and for findings an allowlist has exempted.
/// </summary>
public sealed class ImpliedRule : Rule
{
    internal static readonly RuleKind Definition = new(
        "implied",
        ["from"],
        ["from: [a]"],
        (header, r) =>
        {
            var from = r.Texts("from", 10);
            if (from.Contains(header.Category, StringComparer.Ordinal))
            {
                throw r.Error("from", $"an implied rule cannot follow its own category '{header.Category}'");
            }

            return new ImpliedRule { Header = header, From = from };
        });

    /// <summary>The categories whose findings imply this rule's category.</summary>
    public required IReadOnlyList<string> From { get; init; }

    internal override bool FindsNothingIn(CheckScope scope) => scope.FindingCount == 0;

    internal override void Evaluate(CheckScope scope)
    {
        if (scope.FindingCount == 0)
        {
            return;
        }

        var findings = scope.Findings;
        Finding? source = null;
        for (var i = 0; i < findings.Count; i++)
        {
            var f = findings[i];
            if (f.Category == Category && f.Severity >= Severity)
            {
                return;
            }

            if (source is null && f.Kind == FindingKind.Hit && f.Attachment is null && Contains(From, f.Category) && !Exemptions.Cover(scope.AllowedSoFar, f))
            {
                source = f;
            }
        }

        if (source is not null)
        {
            ReportOriginal(scope, (source.Start, source.Length), evidence: source.Evidence);
        }
    }

    private static bool Contains(IReadOnlyList<string> categories, string category)
    {
        for (var i = 0; i < categories.Count; i++)
        {
            if (string.Equals(categories[i], category, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
