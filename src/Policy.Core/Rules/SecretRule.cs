using Policy.Core.Checking;
using Policy.Core.Match.Detectors;
using Policy.Core.Model;

namespace Policy.Core.Rules;

/// <summary>
/// kind: secret. Runs the named secret detectors (or all of them) and reports each hit once. Optional
/// near groups, as for proximity, weigh a hit by the words around it: "mein allererstes Passwort war
/// 'geheim'" tells of a dead secret (info), "Gäste-WLAN ohne Passwort: einfach 'Hopfenwerk-Gast'
/// wählen" names a network, not a key (none).
/// </summary>
public sealed class SecretRule : Rule
{
    internal static readonly RuleKind Definition = new(
        "secret",
        ["detectors", "near"],
        ["detectors: all"],
        (header, r) => new SecretRule
        {
            Header = header,
            Detectors = r.Detectors("detectors"),
            Near = r.Has("near") ? NearGroup.Read(r) : [],
        });

    public required IReadOnlyList<IDetector> Detectors { get; init; }

    public IReadOnlyList<NearGroup> Near { get; init; } = [];

    internal override void Register(Match.TermIndexBuilder terms)
    {
        foreach (var group in Near)
        {
            group.Terms.Register(terms);
        }
    }

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
            .Select(h => (Span: h.Input == DetectorInput.Original ? (h.Hit.Start, h.Hit.Length) : scope.Text.ToOriginal(h.Hit.Start, h.Hit.Length), h.Hit, h.Input))
            .OrderBy(h => h.Span.Item1).ThenByDescending(h => h.Span.Item2);
        var lastEnd = -1;
        foreach (var (span, hit, input) in spans)
        {
            if (span.Item1 < lastEnd)
            {
                continue;
            }

            lastEnd = span.Item1 + span.Item2;
            Severity? severity = null;
            if (Near.Count > 0)
            {
                // Near words are measured in the normalized text: a detector that reads it gave
                // normalized offsets already, one that reads the original needs them mapped back.
                var (start, end) = input == DetectorInput.Original
                    ? (scope.Text.FromOriginal(span.Item1), scope.Text.FromOriginal(span.Item1 + span.Item2))
                    : (hit.Start, hit.Start + hit.Length);
                severity = NearGroup.Decide(scope, Near, start, Math.Max(start + 1, end), Severity, out var decided);
                if (decided && severity is null)
                {
                    continue;
                }
            }

            ReportOriginal(scope, span, severity, entity: hit.Entity);
        }
    }
}
