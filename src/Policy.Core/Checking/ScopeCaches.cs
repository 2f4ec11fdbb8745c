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

    // The normalized text's ASCII digits (stored one up: 0 means not counted yet) and its longest
    // run of them, counted on first use.
    private int _digits;
    private int _digitRun;

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

    /// <summary>Whether the normalized text holds the digits <paramref name="need"/> names (see
    /// <see cref="DigitNeed"/>): counted once per check, by jumps from digit run to digit run.</summary>
    public bool HasDigits(CheckScope scope, DigitNeed need)
    {
        if (_digits == 0 && _digitRun == 0)
        {
            Count(scope.Text.Text, out _digits, out _digitRun);
            _digits++; // stored one up, so that 0 means "not counted yet"
        }

        return _digits - 1 >= need.Digits && _digitRun >= need.Run;

        static void Count(string text, out int digits, out int longest)
        {
            var span = text.AsSpan();
            digits = 0;
            longest = 0;
            var i = 0;
            while (true)
            {
                var j = span[i..].IndexOfAnyInRange('0', '9');
                if (j < 0)
                {
                    return;
                }

                i += j;
                var run = span[i..].IndexOfAnyExceptInRange('0', '9');
                run = run < 0 ? span.Length - i : run;
                digits += run;
                longest = Math.Max(longest, run);
                i += run;
            }
        }
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
