using System.Text.RegularExpressions;

namespace Policy.Core.Match.Detectors.Pii;

/// <summary>
/// MAC addresses: six hex pairs joined by one kind of separator ("00:1a:2b:3c:4d:5e",
/// "00-1a-2b-3c-4d-5e") or Cisco dotted quads ("0012.3456.789a", which must contain a hex letter so
/// that "2024.1234.5678" stays clean). The broadcast and all-zero addresses are not personal and are
/// skipped, as are mixed separators.
/// </summary>
public sealed partial class MacAddressDetector : IDetector
{
    public string Name => "mac-address";

    public DetectorInput Input => DetectorInput.Normalized;

    public IReadOnlyList<string> Keywords => [];

    [GeneratedRegex(@"(?<![\p{L}\p{N}_:.-])(?:[0-9a-f]{2}(?<s>[:-])[0-9a-f]{2}(?:\k<s>[0-9a-f]{2}){4}|[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4})(?![\p{L}\p{N}_]|[:.-][0-9a-f])",
        PiiText.Options, PiiText.TimeoutMs)]
    private static partial Regex MacRegex();

    public void Scan(string text, List<DetectorHit> hits)
    {
        if (text.Length < 14 || !MayContainMac(text))
        {
            return;
        }

        Span<char> hex = stackalloc char[12];
        foreach (var m in MacRegex().EnumerateMatches(text))
        {
            var span = text.AsSpan(m.Index, m.Length);
            var n = 0;
            var letters = 0;
            foreach (var c in span)
            {
                if (PiiText.IsAsciiLetterOrDigit(c))
                {
                    hex[n++] = (char)(c | 0x20);
                    letters += PiiText.IsDigit(c) ? 0 : 1;
                }
            }

            if (PiiText.AllSame(hex) && hex[0] is '0' or 'f')
            {
                continue;
            }

            if (span[4] == '.' && letters == 0)
            {
                continue;
            }

            hits.Add(new DetectorHit(m.Index, m.Length, "MAC_ADDRESS"));
        }
    
    }

    /// <summary>Cheap pre-check: a ':' or '-' between hex pairs, or a '.' between hex quads.</summary>
    private static bool MayContainMac(string text)
    {
        var span = text.AsSpan();
        var i = 0;
        while (true)
        {
            var j = span[i..].IndexOfAny(":-.");
            if (j < 0)
            {
                return false;
            }

            i += j;
            var width = text[i] == '.' ? 4 : 2;
            if (i >= width && i + width < text.Length && IsHex(span.Slice(i - width, width)) && IsHex(span.Slice(i + 1, width)))
            {
                return true;
            }

            i++;
        }
    }

    private static bool IsHex(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
