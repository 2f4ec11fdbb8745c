using System.Text.RegularExpressions;
using Policy.Core.Match;
using Policy.Core.Match.Detectors;

namespace Policy.Core.Rules;

/// <summary>
/// kind: pattern. Either a built-in detector (IBAN, card, e-mail, phone, tax id …, each with its
/// validator) or a pack's own regular expression, optionally checked by a named validator.
/// </summary>
public sealed class PatternRule : Rule
{
    public IDetector? Detector { get; init; }

    /// <summary>A pack's own pattern, compiled non-backtracking so its cost is linear in the text.</summary>
    public Regex? Regex { get; init; }

    public Func<string, bool>? Validator { get; init; }

    public DetectorInput Input { get; init; } = DetectorInput.Normalized;

    /// <summary>Gate for <see cref="Regex"/>: it runs only if one of these occurs.</summary>
    public TermSet? Keywords { get; init; }

    internal override void Register(TermIndexBuilder terms) => Keywords?.Register(terms);

    private int _keywordSet = -1;

    internal override void Bind(IReadOnlyDictionary<string, int> detectorKeywordSets)
    {
        if (Detector is not null)
        {
            _keywordSet = KeywordSetsOf([Detector], detectorKeywordSets)[0];
        }
    }

    internal override void Evaluate(CheckScope scope)
    {
        if (Detector is not null)
        {
            if (_keywordSet >= 0 && !scope.Terms.Any(_keywordSet))
            {
                return;
            }

            var lastEnd = -1;
            var hits = scope.Detect(Detector);
            if (hits.Count == 0)
            {
                return;
            }

            foreach (var hit in hits.Count == 1 ? hits : (IEnumerable<DetectorHit>)hits.OrderBy(h => h.Start))
            {
                if (hit.Start < lastEnd)
                {
                    continue;
                }

                Report(scope, Detector.Input, hit.Start, hit.Length, hit.Entity);
                lastEnd = hit.Start + hit.Length;
            }

            return;
        }

        if (Keywords is not null && !scope.Terms.Any(Keywords.Id))
        {
            return;
        }

        var text = Input == DetectorInput.Original ? scope.Text.Original : scope.Text.Text;
        foreach (var m in Regex!.EnumerateMatches(text))
        {
            if (Validator is null || Validator(text.Substring(m.Index, m.Length)))
            {
                Report(scope, Input, m.Index, m.Length, Id);
            }
        }
    }

    private void Report(CheckScope scope, DetectorInput input, int start, int length, string entity)
    {
        if (input == DetectorInput.Original)
        {
            scope.ReportOriginal(this, (start, length), entity: entity);
        }
        else
        {
            scope.Report(this, start, length, entity: entity);
        }
    }
}
