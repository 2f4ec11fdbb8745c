using Policy.Core.Match;
using Policy.Core.Match.Detectors;
using Policy.Core.Normalize;

namespace Policy.Core.Checking;

/// <summary>
/// What one check computes once and hands to every rule that asks: detector hits, the word index
/// of each position (for proximity) and the trained layer's scores. A struct held in its
/// <see cref="CheckScope"/>'s field (never copied), so the split costs no allocation per check;
/// each part is computed on first use.
/// </summary>
internal struct ScopeCaches
{
    private List<(IDetector Detector, IReadOnlyList<DetectorHit> Hits)>? _detectorHits;
    private int[]? _tokenAt;
    private NormalizedText? _cleaned;
    private Match.Model.ModelScores? _modelScores;
    private Match.Model.TextModel? _modelScoresOf;

    // Scratch for detector hits, reused by every check on this thread (detectors never call back into a scope).
    [ThreadStatic]
    private static List<DetectorHit>? t_scratch;

    /// <summary>Hits of a detector, in the offsets of the text it reads. Hits are kept, so a detector
    /// that found something runs once per check however many rules ask; one that found nothing (the
    /// common case, 50–90 ns) runs again if a second rule asks, which only packs that name a detector
    /// twice do: remembering every empty run cost ~340 bytes per check. Callers skip detectors whose
    /// keywords are absent (see Rule.Bind).</summary>
    public IReadOnlyList<DetectorHit> Detect(CheckScope scope, IDetector detector)
    {
        if (_detectorHits is not null)
        {
            for (var i = 0; i < _detectorHits.Count; i++)
            {
                if (ReferenceEquals(_detectorHits[i].Detector, detector))
                {
                    return _detectorHits[i].Hits;
                }
            }
        }

        // Detectors append to a per-thread scratch list; most find nothing, and then nothing is allocated.
        var scratch = t_scratch ??= new List<DetectorHit>(8);
        scratch.Clear();
        var text = scope.Text;
        if (detector.Input == DetectorInput.Original)
        {
            // Original-text detectors read the cleaned view (case kept, evasions undone) and
            // report in original offsets.
            _cleaned ??= Normalizer.Clean(text.Original);
            detector.Scan(_cleaned.Text, scratch);
            if (scratch.Count > 0 && _cleaned.Text != text.Original)
            {
                for (var i = 0; i < scratch.Count; i++)
                {
                    var (start, length) = _cleaned.ToOriginal(scratch[i].Start, scratch[i].Length);
                    scratch[i] = scratch[i] with { Start = start, Length = length };
                }
            }
        }
        else
        {
            detector.Scan(text.Text, scratch);
        }

        if (scratch.Count == 0)
        {
            return [];
        }

        IReadOnlyList<DetectorHit> hits = [.. scratch];
        scratch.Clear();
        if (scratch.Capacity > 1_024)
        {
            // A pathological draft must not leave a large list behind on this thread.
            t_scratch = null;
        }

        (_detectorHits ??= new(4)).Add((detector, hits));
        return hits;
    }

    /// <summary>The index of the word a normalized offset lies in (or follows), for proximity.</summary>
    public int TokenAt(CheckScope scope, int position)
    {
        if (_tokenAt is null)
        {
            var text = scope.Text.Text;
            _tokenAt = new int[text.Length + 1];
            var token = 0;
            for (var i = 0; i < text.Length; i++)
            {
                if (TermIndex.IsWordChar(text[i]) && (i == 0 || !TermIndex.IsWordChar(text[i - 1])))
                {
                    token++;
                }

                _tokenAt[i] = token;
            }

            _tokenAt[text.Length] = token;
        }

        return _tokenAt[Math.Clamp(position, 0, _tokenAt.Length - 1)];
    }

    /// <summary>The trained layer's scores, computed once per model however many classifier rules ask.</summary>
    public Match.Model.ModelScores ModelScores(CheckScope scope, Match.Model.TextModel model)
    {
        if (_modelScores is null || !ReferenceEquals(_modelScoresOf, model))
        {
            _modelScores = model.Score(scope.Text.Text, scope.Request);
            _modelScoresOf = model;
        }

        return _modelScores;
    }
}
