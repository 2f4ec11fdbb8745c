using System.Text.RegularExpressions;

namespace Policy.Core.Match.Detectors.Pii;

/// <summary>
/// "home-address": a street address ("Bergstraße 7", "Am Mühlbach 12", "Lange Reihe 88",
/// "221 Baker Street") in a draft that also speaks of a person or a home (wohnt, Frau, Kunde,
/// neighbour …). A shop's, an office's or an event's address without such words is the
/// organisation's published data, not a person's; so is one that follows a shop, branch, dealer or
/// venue in the same clause, even in a reply that names the customer.
/// </summary>
public sealed class HomeAddressDetector : IDetector
{
    private static readonly RegexOptions Options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    // Case matters (German street names start upper case), so this reads the cleaned original.
    private static readonly Regex Address = new(
        @"\b[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ]?[a-zäöüß]+)*(?:straße|strasse|str\.|weg|allee|platz|gasse|ring|damm|ufer|chaussee|steig|pfad|stieg|twiete|markt) ?[1-9][0-9]{0,3} ?[a-hA-H]?\b" +
        @"|\b(?:Am|An der|An den|Auf dem|Auf der|Im|In der|In den|Zum|Zur|Unter den|Lange|Große|Kleine|Alte|Neue|Hohe) [A-ZÄÖÜ][a-zäöüß]+(?:[- ][A-ZÄÖÜ][a-zäöüß]+)? [1-9][0-9]{0,3}[a-h]?\b" +
        @"|\b[1-9][0-9]{0,4} [A-Z][a-z]+(?: [A-Z][a-z]+)? (?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Way|Close|Court|Crescent|Terrace)\b" +
        // Streets named after a place are two words: "Aachener Str. 33", "Berliner Allee 5".
        @"|\b[A-ZÄÖÜ][a-zäöüß]+er (?:Straße|Strasse|Str\.|Weg|Allee|Platz|Ring|Damm|Chaussee) ?[1-9][0-9]{0,3} ?[a-hA-H]?\b",
        Options,
        TimeSpan.FromMilliseconds(PiiText.TimeoutMs));

    private static readonly Regex Person = new(
        @"\b(?:wohnt|wohnen|wohnhaft|lebt|lives|living|privat|private|Privatadresse|Familie|family|Frau|Herr|Hr\.|Fr\.|Mr|Mrs|Ms|zu Hause|home|Wohnung|apartment|flat|Nachbar|Nachbarin|neighbou?r|Kunde|Kundin|customer|client|Patient|Patientin|patient|Mieter|Mieterin|tenant|Bewohner|Bewohnerin|resident|Kollege|Kollegin|colleague|Sohn|Tochter|Oma|Opa|geboren|born)\b",
        Options | RegexOptions.IgnoreCase,
        TimeSpan.FromMilliseconds(PiiText.TimeoutMs));

    // A person's name right before the address is a person too: "Sabine Hölzl, Am Mühlbach 7",
    // "Jonas Weber, Am Anger 3, 85354 Freising". A name after an article is an organisation's
    // ("der Feuerwache Süd, Hauptstraße 40").
    private static readonly Regex NameBefore = new(
        @"\b[A-ZÄÖÜ][a-zäöüß]+ (?:[A-ZÄÖÜ]\. )?[A-ZÄÖÜ]\p{Ll}+(?:, | aus der | in der | aus | in | \()$",
        Options,
        TimeSpan.FromMilliseconds(PiiText.TimeoutMs));

    private static readonly string[] Articles = ["der", "die", "das", "des", "dem", "den", "the"];

    // A shop, branch, dealer or venue right before the address owns it: "in unseren Shop in der
    // Schildergasse 41", "beim Reifen-Center Nord in der Hildesheimer Straße 120", "Hopfenwerk
    // Brauerei, Am Mühlbach 3" (a customer-service reply names the customer and still gives the
    // branch's address).
    private static readonly Regex OrganisationWord = new(
        @"(?:Shop|Filiale|Laden|Geschäft|Store|Abholstation|Center|Centre|Zentrum|Reifenhaus|Autohaus|Kaufhaus|Rathaus|Praxis|Werk|Werkstatt|Brauerei|Eingang|Hauptkasse|Kasse|Händler|Partnerhändler|Büro|Bürgerbüro|Standort|Niederlassung|Markt|Servicestelle|Kundencenter|Geschäftsstelle|Showroom|Halle|Messe|Restaurant|Café|Hotel|Museum|Bibliothek|Schule|Kita|Klinik|Apotheke)(?:s|n|en)?\b" +
        @"|\b(?:shop|store|dealer|dealership|branch|office|showroom|venue|restaurant|museum|library)s?\b",
        Options,
        TimeSpan.FromMilliseconds(PiiText.TimeoutMs));

    // ... unless the words before say someone lives or comes from there.
    private static readonly Regex HomeBefore = new(
        @"\b(?:wohnt|wohnen|wohnhaft|lebt|zu Hause|daheim|Privatadresse|Wohnung|lives|living|from|home)\b",
        Options | RegexOptions.IgnoreCase,
        TimeSpan.FromMilliseconds(PiiText.TimeoutMs));

    public string Name => "home-address";

    public DetectorInput Input => DetectorInput.Original;

    /// <summary>An address has a house number: drafts without a digit never run the patterns.</summary>
    public IReadOnlyList<string> Keywords { get; } = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    // The longest street name the patterns take before a house number, and what may follow it.
    private const int Before = 48;
    private const int After = 24;

    public void Scan(string text, List<DetectorHit> hits)
    {
        // The patterns run only around numbers of one to five digits that follow a word, or precede
        // one (English), and each match is taken once: most drafts have few such numbers.
        var person = -1;
        var coveredUntil = 0;
        var i = 0;
        while (i < text.Length)
        {
            // To the next digit by a vectorized search, not a compare per character: the keywords
            // (any digit) open this detector on 40 % of bench drafts, most of whose characters are letters.
            var next = text.AsSpan(i).IndexOfAnyInRange('0', '9');
            if (next < 0)
            {
                break;
            }

            i += next;
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i - start > 5 || start < 2 || (text[start - 1] != ' ' && i < text.Length && text[i] != ' '))
            {
                continue;
            }

            var from = Math.Max(coveredUntil, start - Before);
            var to = Math.Min(text.Length, i + After);
            foreach (var m in Address.EnumerateMatches(text.AsSpan(from, to - from)))
            {
                var at = from + m.Index;
                if (at + m.Length <= coveredUntil)
                {
                    continue;
                }

                person = person < 0 ? (Person.IsMatch(text) ? 1 : 0) : person;
                if ((person == 0 && !NamedBefore(text, at)) || OrganisationBefore(text, at))
                {
                    continue;
                }

                hits.Add(new DetectorHit(at, m.Length, "ADDRESS"));
                coveredUntil = at + m.Length;
            }
        }
    }

    private const int OrganisationReach = 40;

    /// <summary>Whether a shop, branch or venue stands before the address in the same clause (a colon
    /// or a sentence end starts a new one: "die uns im Laden angeschrien hat: Elke Brandes, Mozartstr. 9"
    /// is a person's), with no word of living or coming from there.</summary>
    private static bool OrganisationBefore(string text, int address)
    {
        var from = Math.Max(0, address - OrganisationReach);
        var before = text.AsSpan(from, address - from);
        for (var k = before.Length - 1; k >= 0; k--)
        {
            if (before[k] is ':' or '!' or '?' or '\n' || (before[k] == '.' && !IsAbbreviationDot(before, k)))
            {
                before = before[(k + 1)..];
                break;
            }
        }

        return OrganisationWord.IsMatch(before) && !HomeBefore.IsMatch(before);
    }

    // "Str.", "Nr." and an initial ("M. Schröder") end no sentence.
    private static bool IsAbbreviationDot(ReadOnlySpan<char> text, int dot) =>
        text[..dot].EndsWith("str", StringComparison.OrdinalIgnoreCase)
        || text[..dot].EndsWith("Nr", StringComparison.Ordinal)
        || (dot >= 1 && char.IsUpper(text[dot - 1]) && (dot == 1 || !char.IsLetter(text[dot - 2])));

    private static bool NamedBefore(string text, int address)
    {
        // The pattern is anchored at the address ($): there is at most one name right before it.
        var from = Math.Max(0, address - 40);
        var matches = NameBefore.EnumerateMatches(text.AsSpan(from, address - from));
        if (!matches.MoveNext())
        {
            return false;
        }

        var wordEnd = from + matches.Current.Index;
        while (wordEnd > 0 && text[wordEnd - 1] == ' ')
        {
            wordEnd--;
        }

        var wordStart = wordEnd;
        while (wordStart > 0 && char.IsLetter(text[wordStart - 1]))
        {
            wordStart--;
        }

        // A name after an article is an organisation's ("der Feuerwache Süd, Hauptstraße 40").
        var previous = text.AsSpan(wordStart, wordEnd - wordStart);
        foreach (var article in Articles)
        {
            if (previous.Equals(article, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }
}
