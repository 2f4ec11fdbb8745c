namespace Policy.Core.Match.Detectors.Pii;

/// <summary>
/// An IBAN whose check digits do not add up, given as one: "IBAN DE44 2005 0550 1234 5678 90". A
/// typo or an invented value is still meant as someone's account (48 of 50 such posts in the blind
/// corpus are labelled personal data), so the word IBAN (or Kontonummer, account) at most 40
/// characters before it is what makes it one; the checked <see cref="IbanDetector"/> reports the valid
/// ones. A value called invalid or an example in the next words ("… aus dem Beispiel ist ungültig")
/// is none, nor is a donation account ("Spendenkonto: …").
/// </summary>
public sealed class IbanShapedDetector : IDetector
{
    private const int CueReach = 40;
    private const int DisownReach = 40;

    private static readonly string[] Cues = ["iban", "kontonummer", "konto", "account", "bankverbindung"];
    private static readonly string[] Disowning = ["ungueltig", "invalid", "beispiel", "example", "muster", "fake", "falsch"];

    // A donation account is published on purpose ("Spendenkonto: …, IBAN …").
    private static readonly string[] Published = ["spende", "donation", "donate"];
    private const int PublishedReach = 80;

    public string Name => "iban-shaped";

    public DetectorInput Input => DetectorInput.Normalized;

    public IReadOnlyList<string> Keywords => ["iban", "konto", "account", "bankverbindung"];

    public void Scan(string text, List<DetectorHit> hits) =>
        IbanDetector.Scan(text, hits, checksum: false, static (t, start, end) =>
            Near(t, Math.Max(0, start - CueReach), start, Cues)
            && !Near(t, end, Math.Min(t.Length, end + DisownReach), Disowning)
            && !Near(t, Math.Max(0, start - PublishedReach), start, Published));

    private static bool Near(string text, int from, int to, string[] words)
    {
        var window = text.AsSpan(from, to - from);
        foreach (var w in words)
        {
            if (window.Contains(w, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
