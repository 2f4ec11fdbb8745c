using System.Collections.Frozen;
using Policy.Core.Checking;
using Policy.Core.Match;
using Policy.Core.Model;
using Policy.Core.Rules;

namespace Policy.Core.Packs;

/// <summary>An example HR wrote into the pack: a draft, its context and the expected outcome.</summary>
public sealed record PackExample(
    int Line,
    Policy.Core.Model.CheckRequest Request,
    Policy.Core.Model.Severity ExpectedDecision,
    IReadOnlyList<string> ExpectedRules,
    IReadOnlyList<string> ForbiddenRules);

/// <summary>
/// A pack ready to check drafts: sections, rules and one automaton for all their terms.
/// Immutable and thread-safe; a new version replaces it as a whole, never piece by piece.
/// </summary>
public sealed class CompiledPack
{
    internal CompiledPack(
        string id,
        string version,
        LocalizedText title,
        IReadOnlyList<string> languages,
        string sha256,
        IReadOnlyList<Section> sections,
        IReadOnlyList<Rule> rules,
        PackLists lists,
        IReadOnlyList<PackExample> examples,
        IReadOnlyList<string> chain,
        IReadOnlyList<Topic>? topics = null,
        Match.Model.TextModel? model = null)
    {
        Model = model;
        Topics = topics ?? [];
        Id = id;
        Version = version;
        Title = title;
        Languages = languages;
        Sha256 = sha256;
        Sections = sections;
        Rules = rules;
        Lists = lists;
        Examples = examples;
        Chain = chain;

        var builder = new TermIndexBuilder();
        foreach (var rule in rules)
        {
            rule.Register(builder);
        }

        foreach (var topic in Topics)
        {
            topic.Terms.Register(builder);
        }

        var keywordSets = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var detector in rules.SelectMany(DetectorsOf).DistinctBy(d => d.Name))
        {
            if (detector.Keywords.Count > 0)
            {
                keywordSets[detector.Name] = builder.AddSet(
                    [.. detector.Keywords.Select(k => new TermSpec(k, TermMode.Substring, TermDefaults.NoEndings))]);
            }
        }

        foreach (var rule in rules)
        {
            rule.Bind(keywordSets);
        }

        DetectorKeywordSets = keywordSets;
        Terms = builder.Build();
        ClassifierRuleIds = rules.OfType<ClassifierRule>().Select(r => r.Id).ToFrozenSet(StringComparer.Ordinal);
        Run = [.. rules.Select(r => new RuleRun(r, r.When.ReadLanguage(), r.When.Any.Count == 0, r.Gate))];
    }

    public string Id { get; }

    public string Version { get; }

    public LocalizedText Title { get; }

    public IReadOnlyList<string> Languages { get; }

    /// <summary>SHA-256 (hex) of the pack's source, and of its base's for a company pack.</summary>
    public string Sha256 { get; }

    public IReadOnlyList<Section> Sections { get; }

    public IReadOnlyList<Rule> Rules { get; }

    public PackLists Lists { get; }

    public IReadOnlyList<PackExample> Examples { get; }

    /// <summary>What makes a draft be about finance, products, people …: for spokesperson rules.</summary>
    public IReadOnlyList<Topic> Topics { get; }

    /// <summary>The trained layer that classifier rules read; null if the chain ships none.</summary>
    public Match.Model.TextModel? Model { get; }

    /// <summary>The pack ids from the base guideline down to this pack.</summary>
    public IReadOnlyList<string> Chain { get; }

    /// <summary>The ids of the rules that read the trained layer (kind: classifier). Made once with the pack:
    /// text read off an image is judged without them, and asks about every one of its findings.</summary>
    internal FrozenSet<string> ClassifierRuleIds { get; }

    internal TermIndex Terms { get; }

    /// <summary>The rules in order as the engine runs them: an array (no interface call per rule of
    /// every check) with what each rule's conditions need, worked out once with the pack.</summary>
    internal RuleRun[] Run { get; }

    /// <summary>The keyword set gating each detector that has keywords (for diagnostics and benchmarks).</summary>
    internal IReadOnlyDictionary<string, int> DetectorKeywordSets { get; }

    public int TermPatternCount => Terms.PatternCount;

    private static IEnumerable<Match.Detectors.IDetector> DetectorsOf(Rule rule) => rule switch
    {
        DetectorRule d => [d.Detector],
        SecretRule s => s.Detectors,
        _ => [],
    };
}

/// <summary>A rule as the engine runs it: whether asking its conditions may guess the draft's language
/// (then they are asked even where the rule finds nothing), whether it has none (always applies), and
/// its <see cref="Rule.Gate"/>.</summary>
internal readonly record struct RuleRun(Rule Rule, bool ReadsLanguage, bool Always, int Gate)
{
    /// <summary><see cref="Rule.FindsNothingIn"/> is always false.</summary>
    internal const int NoGate = -1;

    /// <summary><see cref="Rule.FindsNothingIn"/> must be asked.</summary>
    internal const int AskRule = -2;

    /// <summary><see cref="Rule.FindsNothingIn"/>, for most rules (terms, proximity, pattern, detector,
    /// classifier) without calling it: one bit test, where a virtual call per rule and draft, over a
    /// hundred rules of a dozen kinds from one call site, mispredicted often.</summary>
    public bool FindsNothingIn(CheckScope scope) =>
        Gate >= 0 ? !scope.Terms.Any(Gate) : Gate == AskRule && Rule.FindsNothingIn(scope);
}
