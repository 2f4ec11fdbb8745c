using System.Text.RegularExpressions;

namespace Policy.Core.Match.Detectors.Pii;

/// <summary>
/// IPv4 addresses with valid octets (no leading zeros, optional /prefix) and IPv6 addresses in full,
/// compressed ("2001:db8::1", "fe80::1%eth0") and IPv4-mapped ("::ffff:192.0.2.1") form, with an
/// optional /prefix. The unspecified address "::" alone is not reported: in prose it is punctuation.
/// Addresses glued to letters ("text192.168.1.1") and "std::cout" style tokens stay clean.
/// </summary>
public sealed partial class IpAddressDetector : IDetector, INeedsDigits
{
    // Both branches need a digit: a v6 hit must hold one, a v4 address three dots between digits.
    DigitNeed INeedsDigits.Needs => new(1, 0);

    private const string Octet = "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
    private const string V4 = "(?:" + Octet + @"\.){3}" + Octet;
    private const string H = "[0-9a-f]{1,4}";

    private const string V6 =
        "(?:(?:" + H + ":){7}" + H
        + "|(?:" + H + ":){6}" + V4
        + "|(?:" + H + ":){1,5}:(?:" + H + ":){0,4}" + V4
        + "|::(?:" + H + ":){0,5}" + V4
        + "|(?:" + H + ":){1,7}:"
        + "|(?:" + H + ":){1,6}:" + H
        + "|(?:" + H + ":){1,5}(?::" + H + "){1,2}"
        + "|(?:" + H + ":){1,4}(?::" + H + "){1,3}"
        + "|(?:" + H + ":){1,3}(?::" + H + "){1,4}"
        + "|(?:" + H + ":){1,2}(?::" + H + "){1,5}"
        + "|" + H + ":(?::" + H + "){1,6}"
        + "|:(?::" + H + "){1,7})";

    public string Name => "ip-address";

    public DetectorInput Input => DetectorInput.Normalized;

    public IReadOnlyList<string> Keywords => [];

    [GeneratedRegex(@"(?<![\p{L}\p{N}_.])" + V4 + @"(?:/(?:3[0-2]|[12]?[0-9])(?![0-9]))?(?![\p{L}\p{N}_])",
        PiiText.Options, PiiText.TimeoutMs)]
    private static partial Regex V4Regex();

    [GeneratedRegex(@"(?<![\p{L}\p{N}_:.])" + V6 + @"(?:%[0-9a-z]{1,15})?(?:/(?:12[0-8]|1[01][0-9]|[1-9]?[0-9])(?![0-9]))?(?![\p{L}\p{N}_:]|\.[0-9])",
        PiiText.Options, PiiText.TimeoutMs)]
    private static partial Regex V6Regex();

    public void Scan(string text, List<DetectorHit> hits)
    {
        if (text.Length < 3)
        {
            return;
        }

        var v6Count = hits.Count;
        if (text.AsSpan().Count(':') >= 2)
        {
            foreach (var m in V6Regex().EnumerateMatches(text))
            {
                // Needs a digit: "cafe::" or "dead:beef::" in prose is not an address.
                if (text.AsSpan(m.Index, m.Length).IndexOfAnyInRange('0', '9') >= 0)
                {
                    hits.Add(new DetectorHit(m.Index, m.Length, "IP_ADDRESS"));
                }
            }
        }

        if (DigitDots(text) >= 3)
        {
            foreach (var m in V4Regex().EnumerateMatches(text))
            {
                if (!Inside(hits, v6Count, m.Index, m.Length))
                {
                    hits.Add(new DetectorHit(m.Index, m.Length, "IP_ADDRESS"));
                }
            }
        }
    
    }

    /// <summary>How many dots stand between two digits (an IPv4 address needs three).</summary>
    private static int DigitDots(string text)
    {
        var n = 0;
        var i = 0;
        while (true)
        {
            var j = text.IndexOf('.', i);
            if (j < 0 || j + 1 >= text.Length)
            {
                return n;
            }

            if (j > 0 && PiiText.IsDigit(text[j - 1]) && PiiText.IsDigit(text[j + 1]))
            {
                n++;
            }

            i = j + 1;
        }
    }

    private static bool Inside(List<DetectorHit> hits, int from, int start, int length)
    {
        for (var k = from; k < hits.Count; k++)
        {
            var h = hits[k];
            if (h.Start <= start && start + length <= h.Start + h.Length)
            {
                return true;
            }
        }

        return false;
    }
}
