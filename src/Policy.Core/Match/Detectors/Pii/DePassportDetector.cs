namespace Policy.Core.Match.Detectors.Pii;

/// <summary>
/// German passport number (Reisepass since 2007/2010): nine characters with an ICAO check digit,
/// see <see cref="GermanDocumentNumber"/>. The format is shared with the identity card.
/// </summary>
public sealed class DePassportDetector : IDetector, INeedsDigits
{
    DigitNeed INeedsDigits.Needs => new(3, 0);

    public string Name => "de-passport";

    public DetectorInput Input => DetectorInput.Normalized;

    public IReadOnlyList<string> Keywords => [];

    public void Scan(string text, List<DetectorHit> hits) => GermanDocumentNumber.Scan(text, hits, "DE_PASSPORT");
}
