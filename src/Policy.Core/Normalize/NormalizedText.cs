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
    // During a check (NormalizeHeld) it is instead the fold's pooled offsets, starts from 0 and ends
    // from _heldCapacity, until Release; 0 when the map is interleaved or not built.
    private int[]? _map;
    private int _heldCapacity;

    internal NormalizedText(string original, string text, bool foldCase, bool identity)
    {
        Original = original;
        Text = text;
        _foldCase = foldCase;
        _identity = identity;
    }

    internal NormalizedText(string original, string text, int[] heldOffsets, int heldCapacity)
    {
        Original = original;
        Text = text;
        _foldCase = true;
        _identity = false;
        _map = heldOffsets;
        _heldCapacity = heldCapacity;
    }

    public string Original { get; }

    /// <summary>Hands a held map back to the pool (end of the check that normalized the draft); any
    /// later mapping rebuilds the map by folding again, as for a text not held.</summary>
    internal void Release()
    {
        if (_heldCapacity > 0)
        {
            var offsets = _map!;
            _map = null;
            _heldCapacity = 0;
            System.Buffers.ArrayPool<int>.Shared.Return(offsets);
        }
    }

    // The original range of normalized character i, in either layout of the map. A held map is longer
    // than the text (pooled, with room to spare), so an index past the text throws here as it does
    // past the end of an interleaved map, instead of reading what is left in the pooled array.
    private int StartOf(int[] map, int i) => _heldCapacity > 0 ? map[Held(i)] : map[2 * i];

    private int EndOf(int[] map, int i) => _heldCapacity > 0 ? map[_heldCapacity + Held(i)] : map[(2 * i) + 1];

    private int Held(int i) => (uint)i < (uint)Text.Length ? i : throw new IndexOutOfRangeException();

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

        // One entry per normalized character in either layout (an interleaved map is 2 × Text.Length).
        var count = Text.Length;
        if (length <= 0 || Text.Length == 0)
        {
            var at = start >= count ? Original.Length : StartOf(map, Math.Max(0, start));
            return (at, 0);
        }

        var s = StartOf(map, start);
        var e = EndOf(map, start + length - 1);
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
        int lo = 0, hi = Text.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (StartOf(map, mid) < position)
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
