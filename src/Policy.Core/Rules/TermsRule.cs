using Policy.Core.Checking;
using Policy.Core.Match;

namespace Policy.Core.Rules;

/// <summary>kind: terms. A finding for every occurrence of one of the rule's terms.</summary>
public sealed class TermsRule : Rule
{
    internal static readonly RuleKind Definition = new(
        "terms",
        ["terms", "lists", "cues", "match", "endings"],
        ["terms: [a]"],
        (header, r) => new TermsRule { Header = header, Terms = r.TermsHere("terms") },
        TermsKey: "terms");

    public required TermSet Terms { get; init; }

    /// <summary>A finding is one of the listed words (the span of the word, nothing around it).</summary>
    internal override bool FindsListedWords => true;

    internal override TermSet ChangeableTerms => Terms;

    internal override Rule WithTerms(TermSet terms) => new TermsRule { Header = Header, Terms = terms };

    internal override void Register(TermIndexBuilder terms) => Terms.Register(terms);

    internal override bool FindsNothingIn(CheckScope scope) => !scope.Terms.Any(Terms.Id);

    internal override void Evaluate(CheckScope scope)
    {
        var lastEnd = -1;
        foreach (var hit in Ordered(scope.Terms.Of(Terms.Id)))
        {
            // Overlapping terms of one rule ("Geschäftsgeheimnis", "Geheimnis") are one finding.
            if (hit.Start < lastEnd)
            {
                continue;
            }

            Report(scope, hit.Start, hit.Length);
            lastEnd = hit.Start + hit.Length;
        }
    }

    /// <summary>By start, longest first, so a longer term wins over one it contains.</summary>
    internal static IEnumerable<TermHit> Ordered(IReadOnlyList<TermHit> hits) =>
        hits.Count <= 1 ? hits : hits.OrderBy(h => h.Start).ThenByDescending(h => h.Length);
}
