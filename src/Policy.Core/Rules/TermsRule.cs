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

    internal override int Gate => GateOf(Terms.Id);

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

    /// <summary>By start, longest first, so a longer term wins over one it contains; hits equal in
    /// both keep their order. A few hits (a draft's usual handful per set) are sorted in place, in
    /// <paramref name="hits"/> itself (a fresh array from <see cref="TermHits.Of"/>), by an insertion
    /// sort, stable as OrderBy is and without its allocations; more go through OrderBy, whose time
    /// stays n log n on a draft built to hold thousands.</summary>
    internal static TermHit[] Ordered(TermHit[] hits)
    {
        if (hits.Length > MaxSortedInPlace)
        {
            return [.. hits.OrderBy(h => h.Start).ThenByDescending(h => h.Length)];
        }

        for (var i = 1; i < hits.Length; i++)
        {
            var hit = hits[i];
            var j = i - 1;
            while (j >= 0 && (hits[j].Start > hit.Start || (hits[j].Start == hit.Start && hits[j].Length < hit.Length)))
            {
                hits[j + 1] = hits[j];
                j--;
            }

            hits[j + 1] = hit;
        }

        return hits;
    }

    private const int MaxSortedInPlace = 16;
}
