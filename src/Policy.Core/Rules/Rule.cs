using Policy.Core.Decision;
using Policy.Core.Match;
using Policy.Core.Packs;

namespace Policy.Core.Rules;

/// <summary>
/// A compiled rule of a pack. Each kind lives in its own file and only knows how to turn what the
/// match stage found into findings; the common parts (section, messages, conditions) live here.
/// Compiled rules are immutable and shared by every check.
/// </summary>
public abstract class Rule
{
    /// <summary>The keys every rule has (id, kind, category, severity, section, texts, conditions).</summary>
    private RuleHeader _header = null!;

    public required RuleHeader Header { get => _header; init => _header = value; }

    public string Id => Header.Id;

    public string Kind => Header.Kind;

    public string Category => Header.Category;

    public Severity Severity => Header.Severity;

    public Section Section => Header.Section;

    public LocalizedText Message => Header.Message;

    public LocalizedText Suggestion => Header.Suggestion;

    public Conditions When => Header.When;

    /// <summary>Adds the rule's term sets to the pack's single automaton.</summary>
    internal virtual void Register(TermIndexBuilder terms)
    {
    }

    /// <summary>Learns, once per pack, which keyword set gates each of the rule's detectors.</summary>
    internal virtual void Bind(IReadOnlyDictionary<string, int> detectorKeywordSets)
    {
    }

    internal abstract void Evaluate(CheckScope scope);

    /// <summary>The keyword set of each detector, or -1 for a detector that always runs.</summary>
    private protected static int[] KeywordSetsOf(IEnumerable<Match.Detectors.IDetector> detectors, IReadOnlyDictionary<string, int> sets) =>
        [.. detectors.Select(d => sets.TryGetValue(d.Name, out var set) ? set : -1)];

    /// <summary>A copy with another header, for a company pack's override of a base rule.</summary>
    internal Rule WithHeader(RuleHeader header)
    {
        var copy = (Rule)MemberwiseClone();
        copy._header = header;
        return copy;
    }

    /// <summary>A copy whose term set <see cref="RuleKind.TermsKey"/> is <paramref name="terms"/>
    /// (an override's addTerms/removeTerms); null for a kind without one.</summary>
    internal virtual Rule? WithTerms(TermSet terms) => null;

    /// <summary>The term set an override may change, or null.</summary>
    internal virtual TermSet? ChangeableTerms => null;

    /// <summary>
    /// The pack lets the author proceed past a review finding of this rule with a justification
    /// (pack key <c>overridable</c>). Warn findings may always be overridden and block findings never,
    /// whatever this says.
    /// </summary>
    public bool Overridable { get; private set; }

    /// <summary>A copy whose review findings the author may override.</summary>
    internal Rule AllowingOverride()
    {
        var copy = (Rule)MemberwiseClone();
        copy.Overridable = true;
        return copy;
    }

    /// <summary>
    /// The rule's findings point at a word of the pack's own list (a keyword such as "Passwort"), not
    /// at data the author typed: the word is written in the pack for everyone, so it is no secret.
    /// </summary>
    internal virtual bool FindsListedWords => false;

    /// <summary>
    /// Whether findings of this rule carry data that must never be shown in full: personal data and
    /// credentials, except where the finding is a listed keyword (the secret beside it is never the evidence).
    /// </summary>
    public bool IsSensitive => Category is "pii" or "credential" && !FindsListedWords;
}
