using System.Text.RegularExpressions;

namespace Policy.Core.Match.Detectors.Pii;

/// <summary>
/// German tax identification number (Steuer-IdNr, § 139b AO): 11 digits, solid or as printed by the
/// Bundeszentralamt ("12 345 678 903"). The first digit is not 0; in the first ten digits no digit
/// occurs more than three times, at most one digit repeats, and a triple is never three in a row;
/// the last digit is the ISO 7064 MOD 11,10 check digit.
/// </summary>
/// <remarks>The issuing rule also demands that one digit repeats; numbers with ten distinct digits
/// are accepted anyway, as Presidio does (they cost a negligible share of precision).</remarks>
public sealed partial class DeTaxIdDetector : IDetector, INeedsDigits
{
    DigitNeed INeedsDigits.Needs => new(11, 0);

    public string Name => "de-tax-id";

    public DetectorInput Input => DetectorInput.Normalized;

    public IReadOnlyList<string> Keywords => [];

    [GeneratedRegex(@"(?<![\p{L}\p{N}_]|[0-9][ ./-])[1-9][0-9](?:[0-9]{9}| [0-9]{3} [0-9]{3} [0-9]{3})(?![\p{L}\p{N}_]|[ ./-]?[0-9])",
        PiiText.Options, PiiText.TimeoutMs)]
    private static partial Regex TaxIdRegex();

    public void Scan(string text, List<DetectorHit> hits)
    {
        if (text.Length < 11 || !PiiText.HasDigits(text, 11))
        {
            return;
        }

        Span<char> digits = stackalloc char[11];
        foreach (var m in TaxIdRegex().EnumerateMatches(text))
        {
            if (PiiText.CollectDigits(text.AsSpan(m.Index, m.Length), digits) == 11 && IsValid(digits))
            {
                hits.Add(new DetectorHit(m.Index, m.Length, "DE_TAX_ID"));
            }
        }
    
    }

    /// <summary>Structure and check digit of an 11-digit Steuer-IdNr.</summary>
    internal static bool IsValid(ReadOnlySpan<char> d)
    {
        if (d.Length != 11 || d[0] == '0')
        {
            return false;
        }

        Span<int> counts = stackalloc int[10];
        foreach (var c in d[..10])
        {
            counts[c - '0']++;
        }

        var repeated = 0;
        var max = 0;
        foreach (var n in counts)
        {
            if (n > 1)
            {
                repeated++;
            }

            max = Math.Max(max, n);
        }

        if (max > 3 || repeated > 1)
        {
            return false;
        }

        if (max == 3)
        {
            for (var i = 0; i + 2 < 10; i++)
            {
                if (d[i] == d[i + 1] && d[i] == d[i + 2])
                {
                    return false;
                }
            }
        }

        return PiiText.Iso7064Mod11_10(d[..10]) == d[10] - '0';
    }
}
