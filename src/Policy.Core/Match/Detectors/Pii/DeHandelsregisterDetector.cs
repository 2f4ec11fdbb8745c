using System.Text.RegularExpressions;

namespace Policy.Core.Match.Detectors.Pii;

/// <summary>
/// German commercial register numbers: "HRA" or "HRB" and one to six digits ("HRB 123456",
/// "HRA12345", "HRB-Nr. 4711"). The register prefix makes the pattern precise without a checksum.
/// Company register numbers are public; packs decide whether they matter.
/// </summary>
public sealed partial class DeHandelsregisterDetector : IDetector
{
    public string Name => "de-handelsregister";

    public DetectorInput Input => DetectorInput.Normalized;

    public IReadOnlyList<string> Keywords => ["hra", "hrb"];

    [GeneratedRegex(@"(?<![\p{L}\p{N}_])hr[ab](?:[ -]?nr\.?)?[ .-]?[0-9]{1,6}(?![\p{L}\p{N}_]|[.,][0-9])", PiiText.Options, PiiText.TimeoutMs)]
    private static partial Regex HrRegex();

    public void Scan(string text, List<DetectorHit> hits)
    {
        foreach (var m in HrRegex().EnumerateMatches(text))
        {
            hits.Add(new DetectorHit(m.Index, m.Length, "DE_HANDELSREGISTER"));
        }
    
    }
}
