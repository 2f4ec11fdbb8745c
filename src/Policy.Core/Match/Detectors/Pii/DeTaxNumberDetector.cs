using System.Text.RegularExpressions;

namespace Policy.Core.Match.Detectors.Pii;

/// <summary>
/// German tax number (Steuernummer) in the slashed form the Länder print: 2–3 digits, 3–4 digits,
/// 4–5 digits ("123/456/78901", "21/815/08150", "133/8150/8159"). Dates ("12/11/2024") do not fit.
/// The 13-digit ELSTER form is not detected: it has no check digit that holds in every Land and
/// looks like any EAN or order number.
/// </summary>
public sealed partial class DeTaxNumberDetector : IDetector
{
    public string Name => "de-tax-number";

    public DetectorInput Input => DetectorInput.Normalized;

    public IReadOnlyList<string> Keywords => ["/"];

    [GeneratedRegex(@"(?<![\p{L}\p{N}_/.,]|[0-9][ ./-])[0-9]{2,3}/[0-9]{3,4}/[0-9]{4,5}(?![\p{L}\p{N}_/]|[ ./-]?[0-9])", PiiText.Options, PiiText.TimeoutMs)]
    private static partial Regex StNrRegex();

    public void Scan(string text, List<DetectorHit> hits)
    {
        if (text.Length < 11 || !PiiText.HasDigits(text, 9))
        {
            return;
        }

        foreach (var m in StNrRegex().EnumerateMatches(text))
        {
            hits.Add(new DetectorHit(m.Index, m.Length, "DE_TAX_NUMBER"));
        }
    
    }
}
