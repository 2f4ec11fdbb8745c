using Policy.Core.Checking;
using Policy.Core.Decision;
using Policy.Core.Match;
using Policy.Core.Model;

namespace Policy.Core.Rules;

/// <summary>A group of supporting words and the severity they give an anchor within reach.</summary>
/// <param name="Severity">null: the supporting words clear the anchor (no finding).</param>
public sealed record NearGroup(TermSet Terms, int Within, Severity? Severity)
{
    internal static readonly string[] Keys = ["terms", "lists", "cues", "match", "endings", "within", "severity"];

    internal static IReadOnlyList<NearGroup> Read(IRuleReader r) =>
        r.Each("near", 20, Keys, "a near group", g => new NearGroup(
            g.TermsHere("terms"),
            g.Int("within", 0, 100, 5),
            g.Choice("severity", ["none", "info", "warn", "review", "block"], string.Empty) switch
            {
                "" => throw g.Error(null, "a near group needs 'severity'"),
                "none" => null,
                var s => SeverityNames.TryParse(s, out var v) ? v : null,
            }));

    /// <summary>The severity the first group (in pack order) with a word within reach of the
    /// normalized span [start, end) gives it; <paramref name="decided"/> false when no group reaches.</summary>
    internal static Severity? Decide(CheckScope scope, IReadOnlyList<NearGroup> groups, int start, int end, Severity? otherwise, out bool decided)
    {
        var firstToken = scope.TokenAt(start);
        var lastToken = scope.TokenAt(Math.Max(start, end - 1));
        for (var g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            foreach (var hit in scope.Terms.Of(group.Terms.Id))
            {
                var token = scope.TokenAt(hit.Start);
                var distance = token < firstToken ? firstToken - scope.TokenAt(hit.Start + hit.Length - 1) : token - lastToken;
                if (distance <= group.Within && !(hit.Start == start && hit.Start + hit.Length == end))
                {
                    decided = true;
                    return group.Severity;
                }
            }
        }

        decided = false;
        return otherwise;
    }
}

/// <summary>
/// kind: proximity. An anchor term whose weight depends on the words around it: "Umsatz" is
/// harmless in "Umsatz im Geschäftsbericht", but not near "vor Veröffentlichung". The first near
/// group (in pack order) with a word within reach decides; without one, the rule's own severity
/// applies, or nothing if the rule says alone: false.
/// </summary>
public sealed class ProximityRule : Rule
{
    internal static readonly RuleKind Definition = new(
        "proximity",
        ["anchor", "near", "alone", "mentions", "questions"],
        ["anchor: [a]", "near: [{ terms: [b], severity: warn }]"],
        (header, r) => new ProximityRule
        {
            Header = header,
            Anchor = r.Terms("anchor"),
            Near = NearGroup.Read(r),
            Alone = r.Bool("alone", true),
            SkipMentions = r.Choice("mentions", ["count", "skip"], "count") == "skip",
            SkipQuestions = r.Choice("questions", ["count", "skip"], "count") == "skip",
        },
        TermsKey: "anchor");

    /// <summary>A finding is one of the listed words (the span of the word, nothing around it).</summary>
    internal override bool FindsListedWords => true;

    internal override TermSet ChangeableTerms => Anchor;

    internal override Rule WithTerms(TermSet terms) =>
        new ProximityRule { Header = Header, Anchor = terms, Near = Near, Alone = Alone, SkipMentions = SkipMentions, SkipQuestions = SkipQuestions };

    public required TermSet Anchor { get; init; }

    public required IReadOnlyList<NearGroup> Near { get; init; }

    public bool Alone { get; init; } = true;

    /// <summary>Whether an anchor written as a mention is skipped: in quotation marks ('Vertraulich'
    /// as a word people talk about) or as part of a hyphenated name (#confidential-memes).</summary>
    public bool SkipMentions { get; init; }

    /// <summary>Whether an anchor in a sentence that ends in a question mark is skipped: "Wie geht ihr
    /// mit NDAs um?", "Ist das vertraulich?" ask about the label, they do not put it on anything.</summary>
    public bool SkipQuestions { get; init; }

    internal override void Register(TermIndexBuilder terms)
    {
        Anchor.Register(terms);
        foreach (var group in Near)
        {
            group.Terms.Register(terms);
        }
    }

    internal override bool FindsNothingIn(CheckScope scope) => !scope.Terms.Any(Anchor.Id);

    internal override int Gate => GateOf(Anchor.Id);

    internal override void Evaluate(CheckScope scope)
    {
        var lastEnd = -1;
        foreach (var anchor in TermsRule.Ordered(scope.Terms.Of(Anchor.Id)))
        {
            if (anchor.Start < lastEnd)
            {
                continue;
            }

            lastEnd = anchor.Start + anchor.Length;
            if ((SkipMentions && IsMention(scope.Text, anchor)) || (SkipQuestions && InQuestion(scope.Text.Text, anchor)))
            {
                continue;
            }

            var severity = SeverityFor(scope, anchor, out var decided);
            if (!decided && !Alone)
            {
                continue;
            }

            if (severity is { } s)
            {
                Report(scope, anchor.Start, anchor.Length, s);
            }
        }
    }

    private const int SentenceReach = 300;

    /// <summary>Whether the anchor stands inside (not at the start of) a sentence that ends with '?'
    /// (a sentence ends at '.', '!', '?' or '…' followed by a space or the end of the text, as for
    /// co-occurrence; a colon starts a new one for this purpose, as after "Vertraulich:").</summary>
    private static bool InQuestion(string text, TermHit anchor)
    {
        var after = anchor.Start + anchor.Length;
        if (after < text.Length && text[after] == '?')
        {
            return true; // "Vertraulich? Nein." asks, whatever its place
        }

        // A label opens its sentence: "Confidential draft of our partner agreement, thoughts?" asks
        // about the content it marks.
        for (var i = anchor.Start - 1; ; i--)
        {
            if (i < 0 || text[i] is '.' or '!' or '?' or '…' or ':')
            {
                return false;
            }

            if (char.IsLetterOrDigit(text[i]))
            {
                break;
            }
        }

        var limit = Math.Min(text.Length, after + SentenceReach);
        for (var i = after; i < limit; i++)
        {
            if (text[i] is not ('.' or '!' or '?' or '…'))
            {
                continue;
            }

            // A closing quotation mark may stand between the mark and the space: „Ist das vertraulich?“ – …
            var next = i + 1;
            while (next < text.Length && IsQuote(text[next]))
            {
                next++;
            }

            if (next == text.Length || text[next] == ' ')
            {
                return text[i] == '?';
            }
        }

        return false;
    }

    private static bool IsMention(Normalize.NormalizedText text, TermHit anchor)
    {
        var (start, length) = text.ToOriginal(anchor.Start, anchor.Length);
        var original = text.Original;
        var before = start > 0 ? original[start - 1] : ' ';
        var after = start + length < original.Length ? original[start + length] : ' ';
        if (IsQuote(before) && IsQuote(after))
        {
            return true;
        }

        // Inside a short quotation: a title or a sign ("'The Confidential Agent'", „ganz vertraulich“).
        if (QuoteWithin(original, start - 1, -1) && QuoteWithin(original, start + length, 1))
        {
            return true;
        }

        // A name built from the word: "#confidential-memes", "Vertraulich-Stempel".
        return (after == '-' && start + length + 1 < original.Length && char.IsLetter(original[start + length + 1]))
            || (before == '-' && start > 1 && char.IsLetter(original[start - 2]));
    }

    private const int QuoteReach = 30;

    /// <summary>Whether a quotation mark opens (step -1) or closes (step 1) within reach on the same
    /// sentence. An apostrophe between letters ("it's", "don't") is no quotation mark.</summary>
    private static bool QuoteWithin(string text, int from, int step)
    {
        for (int i = from, n = 0; i >= 0 && i < text.Length && n < QuoteReach; i += step, n++)
        {
            var c = text[i];
            if (c is '\n' or '.' or '!' or '?' or ':' or ';')
            {
                return false;
            }

            if (IsQuote(c))
            {
                var outside = i + step;
                var inside = i - step;
                var letterOutside = outside >= 0 && outside < text.Length && char.IsLetter(text[outside]);
                var letterInside = inside >= 0 && inside < text.Length && char.IsLetter(text[inside]);
                if (!(letterOutside && letterInside))
                {
                    return !letterOutside;
                }
            }
        }

        return false;
    }

    private static bool IsQuote(char c) => Normalize.Quotes.IsQuote(c);

    private Severity? SeverityFor(CheckScope scope, TermHit anchor, out bool decided) =>
        NearGroup.Decide(scope, Near, anchor.Start, anchor.Start + anchor.Length, Severity, out decided);
}
