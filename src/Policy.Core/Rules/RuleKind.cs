using System.Text.RegularExpressions;
using Policy.Core.Decision;
using Policy.Core.Match.Detectors;
using Policy.Core.Match;
using Policy.Core.Model;
using Policy.Core.Packs;

namespace Policy.Core.Rules;

/// <summary>The keys every rule has, whatever its kind: what a finding names and cites.</summary>
public sealed record RuleHeader(
    string Id,
    string Kind,
    string Category,
    Severity Severity,
    Section Section,
    LocalizedText Message,
    LocalizedText Suggestion,
    Conditions When);

/// <summary>
/// A rule kind as the pack format knows it: its name, its own keys, a minimal valid set of them (for
/// the schema test and the docs), and its compile step from the rule's keys to the rule. Each kind
/// declares one in its own file and <see cref="RuleKinds.All"/> lists them; the compiler, the schema
/// test and the docs test read that list, nothing else knows the kinds.
/// </summary>
/// <param name="Name">The <c>kind:</c> of the YAML.</param>
/// <param name="Keys">The kind's keys besides the common ones.</param>
/// <param name="Example">A minimal set of the kind's keys that loads, as YAML (<c>terms: [a]</c>).</param>
/// <param name="Compile">Builds the rule from its header and a reader of its keys; throws the reader's errors.</param>
/// <param name="Selector">For a name shared by two kinds (<c>pattern</c>): the key whose presence chooses this one.</param>
/// <param name="ReportsNothing">Severity, message and suggestion are optional (an allowlist reports nothing itself).</param>
/// <param name="TermsKey">The term set that an override's <c>addTerms</c>/<c>removeTerms</c> change; null if none.</param>
public sealed record RuleKind(
    string Name,
    IReadOnlyList<string> Keys,
    IReadOnlyList<string> Example,
    Func<RuleHeader, IRuleReader, Rule> Compile,
    string? Selector = null,
    bool ReportsNothing = false,
    string? TermsKey = null);

/// <summary>Every rule kind, in the order the docs and the schema list them.</summary>
public static class RuleKinds
{
    public static IReadOnlyList<RuleKind> All { get; } =
    [
        TermsRule.Definition,
        DetectorRule.Definition,
        RegexRule.Definition,
        SecretRule.Definition,
        ProximityRule.Definition,
        MustContainRule.Definition,
        AttachmentRule.Definition,
        AllowlistRule.Definition,
        ContextRule.Definition,
        ClassifierRule.Definition,
        CoOccurrenceRule.Definition,
        ImpliedRule.Definition,
    ];

    /// <summary>The <c>kind:</c> names, each once, in order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(k => k.Name).Distinct(StringComparer.Ordinal)];

    /// <summary>The kinds of one name: one, or two told apart by their <see cref="RuleKind.Selector"/>.</summary>
    public static IReadOnlyList<RuleKind> Named(string name) => [.. All.Where(k => k.Name == name)];
}

/// <summary>
/// What a kind's compile step reads its keys through. Every value knows its file, line and column:
/// a wrong one is an error there (the packs stage's <c>PackLoadException</c>), naming the rule.
/// </summary>
public interface IRuleReader
{
    /// <summary>"a proximity rule": for messages.</summary>
    string What { get; }

    bool Has(string key);

    /// <summary>An error at the key's value, or at the rule if the key is absent, to throw. Typed as
    /// <see cref="Exception"/> so the rules stage does not know the packs stage that reads them.</summary>
    Exception Error(string? key, string message);

    /// <summary>A term set given as a plain list or a mapping {terms, lists, match, endings}; required.</summary>
    TermSet Terms(string key);

    TermSet? OptionalTerms(string key);

    /// <summary>A term set whose keys (<paramref name="termsKey"/>, lists, match, endings) sit in the rule itself.</summary>
    TermSet TermsHere(string termsKey);

    /// <summary>A list of term sets (2 to <paramref name="max"/>), each a plain list or a mapping.</summary>
    IReadOnlyList<TermSet> TermSets(string key, int min, int max);

    bool Bool(string key, bool fallback);

    int Int(string key, int min, int max, int fallback);

    /// <summary>A probability strictly between 0 and 1; required.</summary>
    double Probability(string key);

    /// <summary>A non-empty text, or null if absent.</summary>
    string? Text(string key);

    /// <summary>A text or a list of texts; required.</summary>
    IReadOnlyList<string> Texts(string key, int max);

    /// <summary>One of <paramref name="choices"/>, or <paramref name="fallback"/> if absent.</summary>
    string Choice(string key, IReadOnlyList<string> choices, string fallback);

    LocalizedText Localized(string key);

    IDetector Detector(string key);

    /// <summary><c>all</c> (every secret detector) or a list of detector names.</summary>
    IReadOnlyList<IDetector> Detectors(string key);

    Regex Regex(string key, DetectorInput input);

    IReadOnlyList<Regex> Regexes(string key, int max);

    /// <summary>Substrings of which one must occur for a rule's regexes to run (<c>keywords</c>), or null.</summary>
    TermSet? Keywords();

    /// <summary>Each mapping of a list, read with its own keys.</summary>
    IReadOnlyList<T> Each<T>(string key, int max, IReadOnlyList<string> keys, string what, Func<IRuleReader, T> read);

    /// <summary>The trained layer of the pack's chain, or an error if there is none.</summary>
    Match.Model.TextModel Model();
}
