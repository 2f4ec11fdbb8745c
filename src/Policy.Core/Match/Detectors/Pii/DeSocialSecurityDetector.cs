using System.Text.RegularExpressions;

namespace Policy.Core.Match.Detectors.Pii;

/// <summary>
/// German pension insurance number (Rentenversicherungsnummer / Sozialversicherungsnummer):
/// area number (02–89), birth date DDMMYY (day 01–31, or 51–81 for the follow-up numbers), the first
/// letter of the birth name, a two-digit serial and a check digit: the letter becomes its two-digit
/// alphabet position, the twelve digits are weighted 2 1 2 5 7 1 2 1 2 1 2 1, the cross sums of the
/// products are added, and the sum mod 10 is the check digit.
/// </summary>
public sealed partial class DeSocialSecurityDetector : IDetector, INeedsDigits
{
    DigitNeed INeedsDigits.Needs => new(0, 8);

    public string Name => "de-social-security";

    public DetectorInput Input => DetectorInput.Normalized;

    public IReadOnlyList<string> Keywords => [];

    [GeneratedRegex(@"(?<![\p{L}\p{N}_])[0-9]{8}[a-z][0-9]{3}(?![\p{L}\p{N}_])", PiiText.Options, PiiText.TimeoutMs)]
    private static partial Regex RvnrRegex();

    public void Scan(string text, List<DetectorHit> hits)
    {
        if (text.Length < 12 || !PiiText.HasDigitRun(text, 8))
        {
            return;
        }

        foreach (var m in RvnrRegex().EnumerateMatches(text))
        {
            if (IsValid(text.AsSpan(m.Index, m.Length)))
            {
                hits.Add(new DetectorHit(m.Index, m.Length, "DE_SOCIAL_SECURITY"));
            }
        }
    
    }

    internal static bool IsValid(ReadOnlySpan<char> s)
    {
        if (s.Length != 12)
        {
            return false;
        }

        static int Two(ReadOnlySpan<char> t, int i) => (t[i] - '0') * 10 + (t[i + 1] - '0');

        var area = Two(s, 0);
        var day = Two(s, 2);
        var month = Two(s, 4);
        if (area is < 2 or > 89 || month is < 1 or > 12 || !(day is >= 1 and <= 31 or >= 51 and <= 81))
        {
            return false;
        }

        var letter = PiiText.Upper(s[8]) - 'A' + 1;
        Span<int> digits = stackalloc int[12];
        for (var i = 0; i < 8; i++)
        {
            digits[i] = s[i] - '0';
        }

        digits[8] = letter / 10;
        digits[9] = letter % 10;
        digits[10] = s[9] - '0';
        digits[11] = s[10] - '0';
        ReadOnlySpan<int> weights = [2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1];
        var sum = 0;
        for (var i = 0; i < 12; i++)
        {
            var p = digits[i] * weights[i];
            sum += p / 10 + p % 10;
        }

        return sum % 10 == s[11] - '0';
    }
}
