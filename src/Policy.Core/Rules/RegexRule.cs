using System.Text.RegularExpressions;
using Policy.Core.Checking;
using Policy.Core.Packs;
using Policy.Core.Match.Detectors;
using Policy.Core.Match;

namespace Policy.Core.Rules;

/// <summary>
/// kind: pattern with <c>regex:</c>. The pack's own regular expression, compiled non-backtracking
/// (its cost is linear in the text), optionally gated by keywords and checked by a built-in
/// detector as validator. Every match is a finding.
/// </summary>
public sealed class RegexRule : Rule
{
    internal static readonly RuleKind Definition = new("pattern", ["regex", "validator", "input", "keywords"], ["regex: a"], Compile, Selector: "regex");

    public required Regex Regex { get; init; }

    public Func<string, bool>? Validator { get; init; }

    public DetectorInput Input { get; init; } = DetectorInput.Normalized;

    /// <summary>Gate for <see cref="Regex"/>: it runs only if one of these occurs.</summary>
    public TermSet? Keywords { get; init; }

    /// <summary>Strings of which every match of <see cref="Regex"/> holds one, or null if none are
    /// known: a draft without them is not walked by the matcher.</summary>
    public RegexPrefilter? Prefilter { get; init; }

    private static RegexRule Compile(RuleHeader header, IRuleReader r)
    {
        var input = r.Choice("input", ["normalized", "original"], "normalized") == "original" ? DetectorInput.Original : DetectorInput.Normalized;
        Func<string, bool>? validator = null;
        if (r.Has("validator"))
        {
            // A validator is a built-in detector that must accept the whole matched text.
            var detector = r.Detector("validator");
            validator = value =>
            {
                var hits = new List<DetectorHit>();
                detector.Scan(value, hits);
                return hits.Exists(h => h.Start == 0 && h.Length == value.Length);
            };
        }

        var regex = r.Regex("regex", input);
        return new RegexRule { Header = header, Regex = regex, Input = input, Validator = validator, Keywords = r.Keywords(), Prefilter = RegexPrefilter.For(regex) };
    }

    internal override void Register(TermIndexBuilder terms) => Keywords?.Register(terms);

    internal override bool FindsNothingIn(CheckScope scope) => Keywords is not null && !scope.Terms.Any(Keywords.Id);

    internal override int Gate => Keywords is null ? RuleRun.NoGate : GateOf(Keywords.Id);

    internal override void Evaluate(CheckScope scope)
    {
        if (Keywords is not null && !scope.Terms.Any(Keywords.Id))
        {
            return;
        }

        var original = Input == DetectorInput.Original;
        var text = original ? scope.Text.Original : scope.Text.Text;
        if (Prefilter is not null && !Prefilter.MayMatch(text))
        {
            return;
        }

        foreach (var m in Regex.EnumerateMatches(text))
        {
            if (Validator is null || Validator(text.Substring(m.Index, m.Length)))
            {
                if (original)
                {
                    ReportOriginal(scope, (m.Index, m.Length), entity: Id);
                }
                else
                {
                    Report(scope, m.Index, m.Length, entity: Id);
                }
            }
        }
    }
}
