namespace Policy.Core.Match.Detectors.Pii;

/// <summary>
/// German identity card number (Personalausweis since 2010): nine characters with an ICAO check
/// digit, see <see cref="GermanDocumentNumber"/>. The format is shared with the passport, so a hit
/// is reported by both detectors. The pre-2010 card ("T22000129", no check digit over the nine
/// characters) is not detected: without context it is just a letter and eight digits.
/// </summary>
public sealed class DeIdCardDetector : IDetector, INeedsDigits
{
    DigitNeed INeedsDigits.Needs => new(3, 0);

    public string Name => "de-id-card";

    public DetectorInput Input => DetectorInput.Normalized;

    public IReadOnlyList<string> Keywords => [];

    public void Scan(string text, List<DetectorHit> hits) => GermanDocumentNumber.Scan(text, hits, "DE_ID_CARD");
}
