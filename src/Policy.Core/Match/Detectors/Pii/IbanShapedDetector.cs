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
    private const int MaxLength = 34;
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

    public void Scan(string text, List<DetectorHit> hits)
    {
        if (text.Length < 15 || !PiiText.HasDigits(text, 8))
        {
            return;
        }

        Span<char> buf = stackalloc char[MaxLength];
        var lastEnd = 0;
        var i = 2;
        while (i + 1 < text.Length)
        {
            var j = text.AsSpan(i).IndexOfAnyInRange('0', '9');
            if (j < 0)
            {
                return;
            }

            i += j;
            var start = i - 2;
            if (start >= lastEnd && i + 1 < text.Length && PiiText.IsDigit(text[i + 1])
                && PiiText.IsAsciiLetter(text[start]) && PiiText.IsAsciiLetter(text[start + 1])
                && (start == 0 || !PiiText.IsWordChar(text[start - 1])))
            {
                var end = IbanDetector.TryRead(text, start, buf, checksum: false);
                if (end > 0 && Near(text, Math.Max(0, start - CueReach), start, Cues)
                    && !Near(text, end, Math.Min(text.Length, end + DisownReach), Disowning)
                    && !Near(text, Math.Max(0, start - PublishedReach), start, Published))
                {
                    hits.Add(new DetectorHit(start, end - start, "IBAN_CODE"));
                    lastEnd = end;
                    i = end;
                    continue;
                }
            }

            i++;
        }
    }

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
