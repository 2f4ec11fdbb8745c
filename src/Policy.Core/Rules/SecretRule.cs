using Policy.Core.Checking;
using Policy.Core.Match.Detectors;

namespace Policy.Core.Rules;

/// <summary>kind: secret. Runs the named secret detectors (or all of them) and reports each hit once.</summary>
public sealed class SecretRule : Rule
{
    internal static readonly RuleKind Definition = new(
        "secret",
        ["detectors"],
        ["detectors: all"],
        (header, r) => new SecretRule { Header = header, Detectors = r.Detectors("detectors") });

    public required IReadOnlyList<IDetector> Detectors { get; init; }

    private int[] _keywordSets = [];

    // The keyword sets of all detectors as one bit mask over the term sets, and whether some detector
    // has no keywords (runs on every draft): with ~150 detectors, "no keyword of any" is one pass over
    // a few words of bits instead of a look-up per detector.
    private ulong[] _keywordMask = [];
    private bool _someUngated;

    internal override void Bind(IReadOnlyDictionary<string, int> detectorKeywordSets)
    {
        _keywordSets = KeywordSetsOf(Detectors, detectorKeywordSets);
        _someUngated = Array.IndexOf(_keywordSets, -1) >= 0;
        _keywordMask = new ulong[(_keywordSets.Length == 0 ? 0 : _keywordSets.Max() / 64) + 1];
        foreach (var set in _keywordSets)
        {
            if (set >= 0)
            {
                _keywordMask[set >> 6] |= 1UL << (set & 63);
            }
        }
    }

    internal override bool FindsNothingIn(CheckScope scope) => !_someUngated && !scope.Terms.AnyOf(_keywordMask);

    internal override void Evaluate(CheckScope scope)
    {
        if (FindsNothingIn(scope))
        {
            return;
        }

        List<(DetectorHit Hit, DetectorInput Input)>? hits = null;
        for (var i = 0; i < Detectors.Count; i++)
        {
            // Most drafts contain none of a detector's keywords: a look at its set's bit skips it.
            if (_keywordSets[i] >= 0 && !scope.Terms.Any(_keywordSets[i]))
            {
                continue;
            }

            var detector = Detectors[i];
            foreach (var hit in scope.Detect(detector))
            {
                (hits ??= []).Add((hit, detector.Input));
            }
        }

        if (hits is null)
        {
            return;
        }

        // Several detectors may see the same token (a specific key format and the generic one).
        var spans = hits
            .Select(h => (Span: h.Input == DetectorInput.Original ? (h.Hit.Start, h.Hit.Length) : scope.Text.ToOriginal(h.Hit.Start, h.Hit.Length), h.Hit.Entity))
            .OrderBy(h => h.Span.Item1).ThenByDescending(h => h.Span.Item2);
        var lastEnd = -1;
        foreach (var (span, entity) in spans)
        {
            if (span.Item1 < lastEnd)
            {
                continue;
            }

            ReportOriginal(scope, span, entity: entity);
            lastEnd = span.Item1 + span.Item2;
        }
    }
}
