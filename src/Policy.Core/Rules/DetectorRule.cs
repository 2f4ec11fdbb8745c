using Policy.Core.Checking;
using Policy.Core.Packs;
using Policy.Core.Match.Detectors;
using Policy.Core.Model;

namespace Policy.Core.Rules;

/// <summary>
/// kind: pattern with <c>detector:</c>. A built-in detector (IBAN, card, e-mail, phone, tax id …,
/// each with its own validation); overlapping hits are reported once. Optional near groups, as for
/// proximity, weigh a hit by the words around it: a colleague's work address "passed on at her
/// request" is hers to give (none), unless it is a private one.
/// </summary>
public sealed class DetectorRule : Rule
{
    internal static readonly RuleKind Definition = new(
        "pattern",
        ["detector", "near"],
        ["detector: iban"],
        (header, r) => new DetectorRule
        {
            Header = header,
            Detector = r.Detector("detector"),
            Near = r.Has("near") ? NearGroup.Read(r) : [],
        },
        Selector: "detector");

    public required IDetector Detector { get; init; }

    public IReadOnlyList<NearGroup> Near { get; init; } = [];

    internal override void Register(Match.TermIndexBuilder terms)
    {
        foreach (var group in Near)
        {
            group.Terms.Register(terms);
        }
    }

    private int _keywordSet = -1;

    // What the detector needs of the normalized text's digits (none: always called).
    private DigitNeed _digitNeed;

    internal override void Bind(IReadOnlyDictionary<string, int> detectorKeywordSets)
    {
        _keywordSet = KeywordSetsOf([Detector], detectorKeywordSets)[0];
        _digitNeed = Detector is INeedsDigits n && Detector.Input == DetectorInput.Normalized ? n.Needs : default;
    }

    internal override bool FindsNothingIn(CheckScope scope) => _keywordSet >= 0 && !scope.Terms.Any(_keywordSet);

    internal override int Gate => _keywordSet >= 0 ? _keywordSet : RuleRun.NoGate;

    internal override void Evaluate(CheckScope scope)
    {
        if (_keywordSet >= 0 && !scope.Terms.Any(_keywordSet))
        {
            return;
        }

        // Ten personal-data detectors run on every draft and each begins by counting its digits; the
        // check counts them once, and a detector whose need is not met would have found nothing.
        if (!_digitNeed.IsNone && !scope.HasDigits(_digitNeed))
        {
            return;
        }

        var hits = scope.Detect(Detector);
        if (hits.Count == 0)
        {
            return;
        }

        var lastEnd = -1;
        foreach (var hit in hits.Count == 1 ? hits : (IEnumerable<DetectorHit>)hits.OrderBy(h => h.Start))
        {
            if (hit.Start < lastEnd)
            {
                continue;
            }

            lastEnd = hit.Start + hit.Length;
            Severity? severity = null;
            if (Near.Count > 0)
            {
                var (start, end) = Detector.Input == DetectorInput.Original
                    ? (scope.Text.FromOriginal(hit.Start), scope.Text.FromOriginal(hit.Start + hit.Length))
                    : (hit.Start, hit.Start + hit.Length);
                severity = NearGroup.Decide(scope, Near, start, Math.Max(start + 1, end), Severity, out var decided);
                if (decided && severity is null)
                {
                    continue;
                }
            }

            if (Detector.Input == DetectorInput.Original)
            {
                ReportOriginal(scope, (hit.Start, hit.Length), severity, entity: hit.Entity);
            }
            else
            {
                Report(scope, hit.Start, hit.Length, severity, entity: hit.Entity);
            }
        }
    }
}
