namespace Policy.Core.Normalize;

/// <summary>
/// The draft after normalization, with a map from every normalized character back to the
/// original characters it came from, so findings point into the text the employee wrote.
/// </summary>
public sealed class NormalizedText
{
    private readonly bool _foldCase;

    // True when normalization moved nothing: offsets are then the same in both texts.
    private readonly bool _identity;

    // Built on the first ToOriginal: a clean draft (no finding, the common case) never needs it.
    // Interleaved start/end per normalized character; one reference, so a race only builds it twice.
    private int[]? _map;

    internal NormalizedText(string original, string text, bool foldCase, bool identity)
    {
        Original = original;
        Text = text;
        _foldCase = foldCase;
        _identity = identity;
    }

    public string Original { get; }

    /// <summary>Lower case, evasions removed; what rules match against.</summary>
    public string Text { get; }

    /// <summary>Maps the normalized range [start, start+length) to the original range it came from.</summary>
    public (int Start, int Length) ToOriginal(int start, int length)
    {
        if (_identity)
        {
            var s0 = Math.Clamp(start, 0, Original.Length);
            return (s0, Math.Clamp(length, 0, Original.Length - s0));
        }

        var map = _map ??= Normalizer.OffsetMap(Original, _foldCase);
        var count = map.Length / 2;
        if (length <= 0 || Text.Length == 0)
        {
            var at = start >= count ? Original.Length : map[2 * Math.Max(0, start)];
            return (at, 0);
        }

        var s = map[2 * start];
        var e = map[(2 * (start + length - 1)) + 1];
        return (s, e - s);
    }

    /// <summary>The first normalized character that came from the original position or after it
    /// (for a detector that reads the original text and a rule that measures distance in words).</summary>
    public int FromOriginal(int position)
    {
        if (_identity)
        {
            return Math.Clamp(position, 0, Text.Length);
        }

        var map = _map ??= Normalizer.OffsetMap(Original, _foldCase);
        int lo = 0, hi = map.Length / 2;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (map[2 * mid] < position)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return Math.Min(lo, Text.Length);
    }
}
