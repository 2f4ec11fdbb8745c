using System.Text.RegularExpressions;

namespace Policy.Core.Match.Detectors.Pii;

/// <summary>
/// Phone numbers: international with "+" or "00" ("+49 30 1234567", "+44 (20) 7123 4567",
/// "0049 171 1234567"), German-style national numbers with a separated area code ("030 1234567",
/// "0171-1234567", "(089) 12 34 56", "0711/123456"), solid German mobile numbers ("01711234567"),
/// and North American numbers ("(415) 555-0132", "415-555-0132"). Dates, times, plain order numbers,
/// IBANs and card numbers do not have these shapes: a national number needs a leading 0 and a
/// separator after the area code, and no number may continue a longer digit run.
/// </summary>
public sealed partial class PhoneDetector : IDetector, INeedsDigits
{
    DigitNeed INeedsDigits.Needs => new(7, 0);

    private const string Before = @"(?<![\p{L}\p{N}_+]|[0-9][ ./-]|[0-9]\) ?)";
    private const string After = @"(?![\p{L}\p{N}_]|[ ./-]?[0-9])";

    public string Name => "phone";

    public DetectorInput Input => DetectorInput.Normalized;

    public IReadOnlyList<string> Keywords => [];

    [GeneratedRegex(Before + @"(?:\+|00)[1-9](?:[0-9]|[ .-](?=[0-9(])|\(0?[0-9]{1,5}\) ?){6,24}" + After,
        PiiText.Options, PiiText.TimeoutMs)]
    private static partial Regex InternationalRegex();

    [GeneratedRegex(Before + @"(?:(?:\(0[1-9][0-9]{0,4}\) ?|0[1-9][0-9]{0,4}(?: ?[/-] ?| ))[1-9][0-9]*(?:[ -][0-9]+)*|01[5-7][0-9]{8,9})" + After,
        PiiText.Options, PiiText.TimeoutMs)]
    private static partial Regex NationalRegex();

    [GeneratedRegex(Before + @"(?:\([2-9][0-9]{2}\) ?[2-9][0-9]{2}[-. ][0-9]{4}|[2-9][0-9]{2}(?<s>[-.])[2-9][0-9]{2}\k<s>[0-9]{4})" + After,
        PiiText.Options, PiiText.TimeoutMs)]
    private static partial Regex NorthAmericanRegex();

    public void Scan(string text, List<DetectorHit> hits)
    {
        if (!PiiText.HasDigits(text, 7))
        {
            return;
        }

        if (text.Contains('+', StringComparison.Ordinal) || text.Contains("00", StringComparison.Ordinal))
        {
            foreach (var m in InternationalRegex().EnumerateMatches(text))
            {
                var span = text.AsSpan(m.Index, m.Length);
                var digits = CountDigits(span) - (span[0] == '0' ? 2 : 0);
                if (digits is >= 8 and <= 15)
                {
                    hits.Add(Trimmed(text, m.Index, m.Length));
                }
            }
        }

        if (text.Contains('0', StringComparison.Ordinal))
        {
            foreach (var m in NationalRegex().EnumerateMatches(text))
            {
                var digits = CountDigits(text.AsSpan(m.Index, m.Length));
                if (digits is >= 9 and <= 13 && !Overlaps(hits, m.Index, m.Length))
                {
                    hits.Add(Trimmed(text, m.Index, m.Length));
                }
            }
        }

        foreach (var m in NorthAmericanRegex().EnumerateMatches(text))
        {
            if (!Overlaps(hits, m.Index, m.Length))
            {
                hits.Add(Trimmed(text, m.Index, m.Length));
            }
        }
    
    }

    private static int CountDigits(ReadOnlySpan<char> span)
    {
        var n = 0;
        foreach (var c in span)
        {
            if (PiiText.IsDigit(c))
            {
                n++;
            }
        }

        return n;
    }

    private static bool Overlaps(List<DetectorHit> hits, int start, int length)
    {
        foreach (var h in hits)
        {
            if (h.Entity == "PHONE_NUMBER" && h.Start < start + length && start < h.Start + h.Length)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The number without the spaces a pattern took along at its end ("+49 69 555 2000 (24/7)").</summary>
    private static DetectorHit Trimmed(string text, int start, int length)
    {
        while (length > 0 && char.IsWhiteSpace(text[start + length - 1]))
        {
            length--;
        }

        return new DetectorHit(start, length, "PHONE_NUMBER");
    }
}
