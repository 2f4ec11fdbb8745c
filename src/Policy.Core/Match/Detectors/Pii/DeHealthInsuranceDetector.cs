using System.Text.RegularExpressions;

namespace Policy.Core.Match.Detectors.Pii;

/// <summary>
/// German health insurance number (Krankenversichertennummer, KVNR, on the eGK): a letter and nine
/// digits. The letter becomes its two-digit alphabet position (A = 01); these two and the next eight
/// digits are weighted 1 2 1 2 …, two-digit products are cross-summed, and the sum mod 10 must equal
/// the last digit.
/// </summary>
public sealed partial class DeHealthInsuranceDetector : IDetector, INeedsDigits
{
    DigitNeed INeedsDigits.Needs => new(0, 9);

    public string Name => "de-health-insurance";

    public DetectorInput Input => DetectorInput.Normalized;

    public IReadOnlyList<string> Keywords => [];

    [GeneratedRegex(@"(?<![\p{L}\p{N}_])[a-z][0-9]{9}(?![\p{L}\p{N}_])", PiiText.Options, PiiText.TimeoutMs)]
    private static partial Regex KvnrRegex();

    public void Scan(string text, List<DetectorHit> hits)
    {
        if (text.Length < 10 || !PiiText.HasDigitRun(text, 9))
        {
            return;
        }

        foreach (var m in KvnrRegex().EnumerateMatches(text))
        {
            if (IsValid(text.AsSpan(m.Index, m.Length)))
            {
                hits.Add(new DetectorHit(m.Index, m.Length, "DE_HEALTH_INSURANCE"));
            }
        }
    
    }

    internal static bool IsValid(ReadOnlySpan<char> s)
    {
        if (s.Length != 10 || !PiiText.IsAsciiLetter(s[0]))
        {
            return false;
        }

        var letter = PiiText.Upper(s[0]) - 'A' + 1;
        Span<int> digits = stackalloc int[10];
        digits[0] = letter / 10;
        digits[1] = letter % 10;
        for (var i = 1; i <= 8; i++)
        {
            digits[i + 1] = s[i] - '0';
        }

        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            var p = digits[i] * (i % 2 == 0 ? 1 : 2);
            sum += p > 9 ? p - 9 : p;
        }

        return sum % 10 == s[9] - '0';
    }
}
