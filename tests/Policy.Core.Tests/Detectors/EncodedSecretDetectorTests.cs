using System.Text;
using Policy.Core.Match.Detectors;
using Policy.Core.Match.Detectors.Secrets;
using Xunit;

namespace Policy.Core.Tests.Detectors;

/// <summary>encoded-secret: access data hidden in Base64.</summary>
public sealed class EncodedSecretDetectorTests
{
    private static List<string> Found(string text)
    {
        var detector = SecretDetectors.All.Single(d => d.Name == "encoded-secret");
        var hits = new List<DetectorHit>();
        if (SecretDetectors.KeywordsPresent(detector, text))
        {
            detector.Scan(text, hits);
        }

        return [.. hits.Select(h => text.Substring(h.Start, h.Length))];
    }

    private static string B64(string s) => Convert.ToBase64String(Encoding.ASCII.GetBytes(s));

    [Theory]
    [InlineData("{0} (entschlüsseln auf eigene Gefahr) – das ist der Leitstand-Admin", "leitstand:Hafen#2026")]
    [InlineData("the SCADA login, base64 so the bots don't get it: {0}", "operator:Turbine-77")]
    [InlineData("Zugang fürs Lager-WLAN: {0} 😉", "Regalbediengeraet2026")]
    public void Finds_an_encoded_secret_next_to_an_access_word(string template, string secret)
    {
        var encoded = B64(secret);
        Assert.Equal([encoded], Found(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, encoded)));
    }

    [Fact]
    public void Finds_an_encoded_secret_cut_short()
    {
        var encoded = B64("admin:Nordlicht!2026");
        var cut = encoded[..12] + "…=";
        Assert.Equal([cut], Found($"{cut} lol, wer das dekodiert, hat den Admin-Zugang"));
    }

    [Theory]
    [InlineData("Rätsel für die Kids: {0} 🎂", "Happy Birthday Lena")] // readable, but no access word
    public void Stays_quiet_on_an_encoded_text_that_is_no_access_data(string template, string plain) =>
        Assert.Empty(Found(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, B64(plain))));

    [Theory]
    [InlineData("Admin-Login morgen wieder normal, Wartung von 10 bis 12 Uhr. #Wartungsfenster #ITServiceDesk2026")] // hashtags
    [InlineData("Passwortrichtlinie: Zugangsberechtigungsverwaltung und Mitarbeiterschulungsprogramm2026 starten")] // long compounds do not decode to text
    [InlineData("Der Admin hat den Commit 3f9a1c0b7e2d44aa19c0 zurückgerollt.")] // a hex hash
    [InlineData("Login unter https://portal.example.com/QWxsZXNHdXRlMjAyNg bitte")] // part of a link
    public void Stays_quiet_on_words_that_only_look_encoded(string text) => Assert.Empty(Found(text));
}
