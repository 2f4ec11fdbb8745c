using Policy.Core.Checking;
using Policy.Core.Match;
using Policy.Core.Model;
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

    /// <summary>
    /// Whether <see cref="Evaluate"/> certainly reports and allows nothing on this draft, told from
    /// the term hits alone (the terms or keywords the rule needs are absent); false when unsure.
    /// Most rules need a term most drafts lack, so the engine asks this before the rule's
    /// conditions (which may work out the draft's topics) and before the call itself.
    /// </summary>
    internal virtual bool FindsNothingIn(CheckScope scope) => false;

    /// <summary>
    /// <see cref="FindsNothingIn"/> as data, for the engine's loop to read without a virtual call
    /// per rule and draft: a term set id (≥ 0) whose absence is exactly <see cref="FindsNothingIn"/>,
    /// <see cref="RuleRun.NoGate"/> where it is always false, else <see cref="RuleRun.AskRule"/>
    /// (the safe default: the loop calls <see cref="FindsNothingIn"/>). Read once, when the pack is
    /// compiled, after <see cref="Bind"/>.
    /// </summary>
    internal virtual int Gate => RuleRun.AskRule;

    /// <summary>A gate of one term set: <see cref="RuleRun.AskRule"/> for an id that is no set
    /// (<see cref="TermHits.Any"/> is false for it, so the rule's own answer is asked).</summary>
    private protected static int GateOf(int set) => set >= 0 ? set : RuleRun.AskRule;

    /// <summary>Reports a finding of this rule at a span of the normalized text.</summary>
    private protected void Report(CheckScope scope, int start, int length, Severity? severity = null, string? entity = null, string? insert = null) =>
        ReportOriginal(scope, scope.Text.ToOriginal(start, length), severity, entity, insert);

    /// <summary>Reports a finding of this rule at a span of the original text: evidence masked where
    /// the rule's category is sensitive, placeholders of message and suggestion filled.</summary>
    private protected void ReportOriginal(CheckScope scope, (int Start, int Length) span, Severity? severity = null, string? entity = null, string? insert = null, string? evidence = null, int? attachment = null)
    {
        var raw = evidence ?? scope.Text.Original.Substring(span.Start, span.Length);
        var (message, suggestion) = MessageTemplate.Fill(scope, Message, Suggestion, entity);
        scope.Findings.Add(new Finding(
            Id,
            Category,
            severity ?? Severity,
            Section,
            span.Start,
            span.Length,
            IsSensitive ? EvidenceMask.Mask(raw, entity) : EvidenceMask.Shorten(raw),
            message,
            suggestion,
            insert)
        { Attachment = attachment });
    }

    /// <summary>
    /// The finding of a rule that failed while evaluating (a regex timeout, a bug): kind
    /// <see cref="FindingKind.Error"/>, no span and no evidence, at review or the rule's own
    /// severity if higher, so an error never lets a draft through. Its message says that the rule
    /// could not be checked, not what the rule looks for: nothing was found.
    /// </summary>
    internal Finding Failed(string language)
    {
        var message = language == "de"
            ? $"Die Regel „{Id}“ konnte nicht geprüft werden (interner Fehler). Der Entwurf geht deshalb zur Prüfung an einen Menschen."
            : $"The rule '{Id}' could not be checked (internal error). The draft therefore goes to a person for review.";
        var suggestion = language == "de"
            ? "Sie müssen nichts ändern; eine Prüferin oder ein Prüfer sieht sich den Entwurf an. Der Fehler wurde protokolliert."
            : "You need not change anything; a reviewer will look at the draft. The error was logged.";
        return new Finding(Id, Category, Severity > Severity.Review ? Severity : Severity.Review, Section, 0, 0, string.Empty, message, suggestion)
        {
            Kind = FindingKind.Error,
        };
    }

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
