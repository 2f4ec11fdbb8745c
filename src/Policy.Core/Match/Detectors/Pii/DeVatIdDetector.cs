using System.Text.RegularExpressions;

namespace Policy.Core.Match.Detectors.Pii;

/// <summary>
/// German VAT id (USt-IdNr): "DE" and nine digits, solid or grouped in threes by space, dash or dot
/// ("DE 136 695 976"). The first digit is not 0 and the ninth is the ISO 7064 MOD 11,10 check digit
/// of the first eight (Presidio's strict mode).
/// </summary>
public sealed partial class DeVatIdDetector : IDetector
{
    public string Name => "de-vat-id";

    public DetectorInput Input => DetectorInput.Normalized;

    public IReadOnlyList<string> Keywords => ["de"];

    [GeneratedRegex(@"(?<![\p{L}\p{N}_])de[ .-]?[1-9][0-9]{2}[ .-]?[0-9]{3}[ .-]?[0-9]{3}(?![\p{L}\p{N}_]|[ .-]?[0-9])",
        PiiText.Options, PiiText.TimeoutMs)]
    private static partial Regex VatRegex();

    public void Scan(string text, List<DetectorHit> hits)
    {
        if (text.Length < 11 || !PiiText.HasDigits(text, 9))
        {
            return;
        }

        Span<char> digits = stackalloc char[9];
        foreach (var m in VatRegex().EnumerateMatches(text))
        {
            if (PiiText.CollectDigits(text.AsSpan(m.Index, m.Length), digits) == 9
                && PiiText.Iso7064Mod11_10(digits[..8]) == digits[8] - '0')
            {
                hits.Add(new DetectorHit(m.Index, m.Length, "DE_VAT_ID"));
            }
        }
    
    }
}
