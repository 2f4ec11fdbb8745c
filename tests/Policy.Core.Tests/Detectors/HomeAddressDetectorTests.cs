using Policy.Core.Match.Detectors;
using Policy.Core.Match.Detectors.Pii;
using Xunit;

namespace Policy.Core.Tests.Detectors;

/// <summary>home-address: a street address in a draft that speaks of a person or a home.</summary>
public sealed class HomeAddressDetectorTests
{
    private static List<string> Found(string text)
    {
        var hits = new List<DetectorHit>();
        PiiDetectors.All.Single(d => d.Name == "home-address").Scan(text, hits);
        return [.. hits.Select(h => text.Substring(h.Start, h.Length))];
    }

    [Theory]
    [InlineData("Schwarzfahrer des Tages: Leon Becker, 19, wohnt in Völklingen, Bergstraße 7.", "Bergstraße 7")]
    [InlineData("Welcome Mia! She lives right around the corner at Lange Reihe 88.", "Lange Reihe 88")]
    [InlineData("Kunde Jörg Wiesner (Am Mühlbach 12, Lindenau) ruft zum fünften Mal an.", "Am Mühlbach 12")]
    [InlineData("Unser Kunde Herr Jansen wohnt privat an der Elbchaussee 201.", "Elbchaussee 201")]
    [InlineData("Our neighbour at 221 Baker Street complained again.", "221 Baker Street")]
    [InlineData("Wer kennt Jonas Weber, Am Anger 3, 85354 Freising? Steht so auf dem Paket.", "Am Anger 3")] // a name right before it
    [InlineData("Danke an Sabine Hölzl, Am Mühlbach 7 in Bendorf, für den Tipp!", "Am Mühlbach 7")]
    [InlineData("Das ist Herr Petrović, wohnhaft in Düsseldorf-Bilk, Aachener Str. 33.", "Aachener Str. 33")] // a street named after a place
    public void Finds_an_address_near_a_person(string text, string address) => Assert.Equal([address], Found(text));

    [Theory]
    [InlineData("Unsere neue Filiale in der Hauptstraße 5 öffnet am Montag um 9 Uhr.")] // no person: the shop's address
    [InlineData("Frau Weber hat heute Geburtstag, alles Gute!")] // a person, no address
    [InlineData("Die Straße ist seit 2019 gesperrt, sagt mein Kollege.")]
    [InlineData("Kommt alle zum Tag der offenen Tür der Feuerwache Süd, Hauptstraße 40, Samstag 10–16 Uhr.")] // a name after an article is an organisation's
    public void Stays_quiet_on_published_addresses_and_plain_mentions(string text) => Assert.Empty(Found(text));

    // A customer-service reply names the customer and still gives a branch's or a dealer's address.
    [Theory]
    [InlineData("Hallo Herr Becker, bringen Sie den Bund gern zu unserer Abholstation in der Rebstöcker Straße 55 in Frankfurt.")]
    [InlineData("Hallo Martina, kommen Sie mit dem Gerät in unseren Nordtel Shop in der Schildergasse 41 in Köln.")]
    [InlineData("Hi Jake, just visit your dealer, for example Tyre Centre Nord at Hildesheimer Straße 120 in Hanover.")]
    [InlineData("Tag der offenen Tür: Hopfenwerk Brauerei, Am Mühlbach 3, Samstag ab 11. Freu mich auf Kundinnen und Kunden!")]
    public void An_address_after_a_shop_branch_or_venue_in_the_same_clause_is_theirs(string text) => Assert.Empty(Found(text));

    [Theory]
    [InlineData("Hier die Adresse der Frau, die uns im Laden angeschrien hat: Elke Brandes, Mozartstr. 9, 34117 Kassel.", "Mozartstr. 9")] // the shop is in another clause
    [InlineData("Our oldest customer still walks to the branch every Friday from Mühlenstraße 8. Legend.", "Mühlenstraße 8")] // she comes from there
    [InlineData("Schüler Leon, 17, wohnt direkt neben der Schule in der Ahornstraße 3.", "Ahornstraße 3")] // he lives there
    public void A_shop_word_does_not_hide_where_a_person_lives(string text, string address) => Assert.Equal([address], Found(text));
}
