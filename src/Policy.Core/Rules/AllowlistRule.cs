using System.Text.RegularExpressions;
using Policy.Core.Checking;
using Policy.Core.Match;

namespace Policy.Core.Rules;

/// <summary>
/// kind: allowlist. Values that look like findings but are meant to be public (0800 hotlines, role
/// mailboxes such as jobs@, documented test values). Findings of the named categories that lie
/// inside an allowed span are dropped at the decision stage. Reports nothing itself.
/// </summary>
public sealed class AllowlistRule : Rule
{
    internal static readonly RuleKind Definition = new(
        "allowlist",
        ["values", "lists", "cues", "patterns", "appliesTo", "keywords", "unless"],
        ["values: [a]", "appliesTo: [pii]"],
        (header, r) => new AllowlistRule
        {
            Header = header,
            // Patterns alone are a complete allowlist; values and lists are optional then.
            Values = r.Has("patterns") && !r.Has("values") && !r.Has("lists") && !r.Has("cues") ? new TermSet([]) : r.TermsHere("values"),
            Patterns = r.Has("patterns") ? r.Regexes("patterns", 200) : [],
            AppliesTo = r.Texts("appliesTo", 20),
            Keywords = r.Keywords(),
            Unless = r.OptionalTerms("unless"),
        },
        ReportsNothing: true,
        TermsKey: "values");

    internal override TermSet ChangeableTerms => Values;

    internal override Rule WithTerms(TermSet terms) =>
        new AllowlistRule { Header = Header, Values = terms, Patterns = Patterns, AppliesTo = AppliesTo, Keywords = Keywords, Unless = Unless };

    public required TermSet Values { get; init; }

    /// <summary>Patterns on the normalized text, non-backtracking.</summary>
    public IReadOnlyList<Regex> Patterns
    {
        get => _patterns;
        init
        {
            _patterns = value;
            _prefilters = [.. value.Select(RegexPrefilter.For)];
        }
    }

    private readonly IReadOnlyList<Regex> _patterns = [];

    /// <summary>Per pattern, strings one of which each of its matches holds (null: none known), as
    /// pattern rules have them: the keywords of these rules ('-', '0', "service", "fragen") are in
    /// most drafts, the phone numbers the patterns look for in few, and a pattern walks the whole
    /// draft at several nanoseconds a character where its strings are looked for in a few.</summary>
    private readonly RegexPrefilter?[] _prefilters = [];

    /// <summary>The prefilter of each of <see cref="Patterns"/> (for tests and benchmarks).</summary>
    internal IReadOnlyList<RegexPrefilter?> Prefilters => _prefilters;

    public required IReadOnlyList<string> AppliesTo { get; init; }

    /// <summary>Gate for <see cref="Patterns"/>: they run only if one of these occurs.</summary>
    public TermSet? Keywords { get; init; }

    /// <summary>Words that make the whole draft private ("Privatnummer", a freemail domain): then
    /// nothing in it is exempt.</summary>
    public TermSet? Unless { get; init; }

    internal override void Register(TermIndexBuilder terms)
    {
        Values.Register(terms);
        Keywords?.Register(terms);
        Unless?.Register(terms);
    }

    internal override bool FindsNothingIn(CheckScope scope) =>
        (Unless is not null && scope.Terms.Any(Unless.Id))
        || (!scope.Terms.Any(Values.Id) && (Patterns.Count == 0 || (Keywords is not null && !scope.Terms.Any(Keywords.Id))));

    internal override void Evaluate(CheckScope scope)
    {
        if (Unless is not null && scope.Terms.Any(Unless.Id))
        {
            return;
        }

        foreach (var hit in scope.Terms.Of(Values.Id))
        {
            Allow(scope, hit.Start, hit.Length);
        }

        if (Keywords is not null && !scope.Terms.Any(Keywords.Id))
        {
            return;
        }

        var text = scope.Text.Text;
        for (var p = 0; p < _patterns.Count; p++)
        {
            if (_prefilters[p] is { } prefilter && !prefilter.MayMatch(text))
            {
                continue;
            }

            foreach (var m in _patterns[p].EnumerateMatches(text))
            {
                Allow(scope, m.Index, m.Length);
            }
        }
    }

    private void Allow(CheckScope scope, int start, int length)
    {
        var (s, l) = scope.Text.ToOriginal(start, length);
        scope.Allowed.Add((s, s + l, AppliesTo));
    }
}
