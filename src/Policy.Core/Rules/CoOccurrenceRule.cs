using Policy.Core.Checking;
using Policy.Core.Match;

namespace Policy.Core.Rules;

/// <summary>
/// kind: co-occurrence. A finding when a term of every one of its term sets occurs in the same
/// sentence: a customer's name is harmless, and so is "Vertrag", but "Wir haben mit Globex den
/// Vertrag unterschrieben" names a customer relationship. One finding per sentence, from the
/// first to the last of the words that made it.
/// </summary>
public sealed class CoOccurrenceRule : Rule
{
    internal static readonly RuleKind Definition = new(
        "co-occurrence",
        ["all"],
        ["all: [[a], [b]]"],
        (header, r) => new CoOccurrenceRule { Header = header, All = r.TermSets("all", 2, 5) });

    /// <summary>The term sets that must all occur in one sentence (2 to 5).</summary>
    public required IReadOnlyList<TermSet> All { get; init; }

    internal override void Register(TermIndexBuilder terms)
    {
        foreach (var set in All)
        {
            set.Register(terms);
        }
    }

    internal override bool FindsNothingIn(CheckScope scope)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (!scope.Terms.Any(All[i].Id))
            {
                return true;
            }
        }

        return false;
    }

    internal override void Evaluate(CheckScope scope)
    {
        // The common case: one of the sets has no hit at all, and the sentence split is never made.
        for (var i = 0; i < All.Count; i++)
        {
            if (!scope.Terms.Any(All[i].Id))
            {
                return;
            }
        }

        var text = scope.Text.Text;
        var sentenceStart = 0;
        for (var end = 0; end <= text.Length; end++)
        {
            if (end < text.Length && !EndsSentence(text, end))
            {
                continue;
            }

            ReportIfAllIn(scope, sentenceStart, end + 1);
            sentenceStart = end + 1;
        }
    }

    /// <summary>'.', '!', '?' or '…' followed by a space or the end; a dot inside a word (a domain,
    /// "z.b.") does not end a sentence.</summary>
    private static bool EndsSentence(string text, int at) =>
        text[at] is '.' or '!' or '?' or '…' && (at + 1 == text.Length || text[at + 1] == ' ');

    private void ReportIfAllIn(CheckScope scope, int from, int to)
    {
        var first = int.MaxValue;
        var last = -1;
        for (var i = 0; i < All.Count; i++)
        {
            var found = false;
            foreach (var hit in scope.Terms.Of(All[i].Id))
            {
                if (hit.Start >= from && hit.Start + hit.Length <= to)
                {
                    first = Math.Min(first, hit.Start);
                    last = Math.Max(last, hit.Start + hit.Length);
                    found = true;
                }
            }

            if (!found)
            {
                return;
            }
        }

        Report(scope, first, last - first);
    }
}
