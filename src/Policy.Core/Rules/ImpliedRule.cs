using Policy.Core.Checking;
using Policy.Core.Match;
using Policy.Core.Model;

namespace Policy.Core.Rules;

/// <summary>
/// kind: implied. A finding of its own category wherever an earlier rule found one of the
/// categories in <c>from</c>: what one category means by definition belongs to another too. Insider
/// information is non-public, price-relevant information, so it is always also an unpublished
/// business fact; a draft that leaks it breaks both parts of the guideline, and both are reported
/// (the statistics of either would otherwise miss it). The finding points where the first such
/// finding points and reuses its (already masked) evidence. Silent when a rule already reported the
/// rule's category at its severity or more, and for findings an allowlist has exempted. With
/// <c>near</c>, only in drafts that also hold one of its terms ("bei uns", "talk to us": a disparaging
/// comparison that sends readers to the writer's employer also promotes it); with <c>unless</c>, never
/// in drafts that hold one of its terms (the employee note the promotion lacks). <c>insert</c> is the
/// text the finding offers, as a must-contain rule's.
/// </summary>
public sealed class ImpliedRule : Rule
{
    internal static readonly RuleKind Definition = new(
        "implied",
        ["from", "near", "unless", "insert"],
        ["from: [a]"],
        (header, r) =>
        {
            var from = r.Texts("from", 10);
            if (from.Contains(header.Category, StringComparer.Ordinal))
            {
                throw r.Error("from", $"an implied rule cannot follow its own category '{header.Category}'");
            }

            return new ImpliedRule
            {
                Header = header,
                From = from,
                Near = r.OptionalTerms("near"),
                Unless = r.OptionalTerms("unless"),
                Insert = r.Has("insert") ? r.Localized("insert") : LocalizedText.Empty,
            };
        });

    /// <summary>The categories whose findings imply this rule's category.</summary>
    public required IReadOnlyList<string> From { get; init; }

    /// <summary>If set, one of these terms must be in the draft.</summary>
    public TermSet? Near { get; init; }

    /// <summary>If set, none of these terms may be in the draft.</summary>
    public TermSet? Unless { get; init; }

    public LocalizedText Insert { get; init; } = LocalizedText.Empty;

    internal override void Register(TermIndexBuilder terms)
    {
        Near?.Register(terms);
        Unless?.Register(terms);
    }

    internal override bool FindsNothingIn(CheckScope scope) =>
        scope.FindingCount == 0 || (Near is not null && !scope.Terms.Any(Near.Id)) || (Unless is not null && scope.Terms.Any(Unless.Id));

    internal override void Evaluate(CheckScope scope)
    {
        if (FindsNothingIn(scope))
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
            var insert = Insert.In(scope.Language);
            ReportOriginal(scope, (source.Start, source.Length), insert: insert.Length > 0 ? insert : null, evidence: source.Evidence);
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
