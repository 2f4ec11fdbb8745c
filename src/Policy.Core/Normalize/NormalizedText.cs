namespace Policy.Core.Normalize;

/// <summary>
/// The draft after normalization, with a map from every normalized character back to the
/// original characters it came from, so findings point into the text the employee wrote.
/// </summary>
public sealed class NormalizedText
{
    // Null when normalization moved nothing: offsets are then the same in both texts.
    private readonly int[]? _originalStart;
    private readonly int[]? _originalEnd;

    internal NormalizedText(string original, string text, int[]? originalStart, int[]? originalEnd)
    {
        Original = original;
        Text = text;
        _originalStart = originalStart;
        _originalEnd = originalEnd;
    }

    public string Original { get; }

    /// <summary>Lower case, evasions removed; what rules match against.</summary>
    public string Text { get; }

    /// <summary>Maps the normalized range [start, start+length) to the original range it came from.</summary>
    public (int Start, int Length) ToOriginal(int start, int length)
    {
        if (_originalStart is null || _originalEnd is null)
        {
            var s0 = Math.Clamp(start, 0, Original.Length);
            return (s0, Math.Clamp(length, 0, Original.Length - s0));
        }

        if (length <= 0 || Text.Length == 0)
        {
            var at = start >= _originalStart.Length ? Original.Length : _originalStart[Math.Max(0, start)];
            return (at, 0);
        }

        var s = _originalStart[start];
        var e = _originalEnd[start + length - 1];
        return (s, e - s);
    }
}
