using Policy.Core.Match.Detectors;
using Policy.Core.Match.Detectors.Secrets;
using Xunit;

namespace Policy.Core.Tests.Detectors;

/// <summary>access-code: access data the way people write it in a sentence.</summary>
public sealed class AccessCodeDetectorTests
{
    private static List<string> Found(string text)
    {
        var detector = SecretDetectors.All.Single(d => d.Name == "access-code");
        var hits = new List<DetectorHit>();
        // The engine looks for keywords in the matching view ("Kellertür" has "tuer").
        if (SecretDetectors.KeywordsPresent(detector, Policy.Core.Normalize.Normalizer.Normalize(text).Text))
        {
            detector.Scan(text, hits);
        }

        return [.. hits.Select(h => text.Substring(h.Start, h.Length))];
    }

    [Theory]
    [InlineData("Der Schlüsselkasten an Kran 4 hat jetzt 7318, der Meister hat's umgestellt", "7318")]
    [InlineData("For the night auditors: master override is now 2580#, the old one is gone", "2580#")]
    [InlineData("Der neue Code für die Schranke lautet 1983.", "1983")]
    [InlineData("Der Masterpin für die Schlüsselboxen ist null acht eins fünf sieben.", "null acht eins fünf sieben")]
    [InlineData("Code für den Schlüsseltresor ist jetzt 0-8-1-5-🔑-4.", "0-8-1-5-🔑-4")]
    public void Finds_a_number_told_as_the_locks_new_setting(string text, string value) => Assert.Equal([value], Found(text));

    [Theory]
    [InlineData("Für die Neuen: Der Medikamentenschrank geht mit vier-sieben-null-zwei, dann Raute.", "vier-sieben-null-zwei")]
    [InlineData("Schlüsselschrank Küche: 0-9-1-1 und dann Stern.", "0-9-1-1")]
    public void Finds_a_keypad_code_after_a_compound_that_ends_in_a_lock(string text, string value) => Assert.Equal([value], Found(text));

    [Theory]
    [InlineData("Unser Medikamentenschrank wurde 2019 erneuert und hat 3 Fächer.")]
    [InlineData("Mit dem Code STRIKE10 gibt's bis Ende Februar 10 % auf alle Geburtstagspakete.")]
    [InlineData("The new veggie box is here: 50 % off your first delivery with code VEGGIE50, all details on our site.")]
    [InlineData("Parkett-Aktion im Showroom: 15 % auf alle Eichendielen bis Monatsende, Code BODEN15 bei der Beratung nennen.")]
    [InlineData("DATABASE_URL ist gesetzt (Passwort hab ich rausgenommen), trotzdem 'connection refused' auf Port 5432.")]
    public void Takes_no_year_after_a_cabinet_and_no_promo_code_with_its_discount_further_on_or_named_in_it(string text) => Assert.Empty(Found(text));

    [Theory]
    [InlineData("Die Tür ist jetzt 2024 renoviert worden, endlich.")]
    [InlineData("Das Tor ist jetzt 1200 mm breit.")]
    [InlineData("Unser Login-System ist seit 2019 im Einsatz.")]
    [InlineData("Die Schranke am Tor 4 ist jetzt 2019 erneuert worden")]
    [InlineData("We override the default now 2024 plans are in.")]
    public void Takes_no_year_or_measure_for_a_new_setting(string text) => Assert.Empty(Found(text));

    [Theory]
    [InlineData("Neuer Türcode Sozialraum Halle 3: 4711# 👍", "4711#")]
    [InlineData("New hire tip: the staff entrance keypad is 3-3-9-1, the badge reader is broken anyway", "3-3-9-1")]
    [InlineData("Wer morgen als Erste da ist: Alarmanlage mit Code 2 8 0 3 entschärfen.", "2 8 0 3")]
    [InlineData("Der BtM-Schrank hat ein neues Zahlenschloss, Kombi ist null acht eins fünf drei.", "null acht eins fünf drei")]
    [InlineData("Der Bestätigungscode lautet 552 917 – schnell eingeben!", "552 917")]
    [InlineData("Mein Dienstausweis-PIN ist eh 0000, also viel Spaß", "0000")]
    [InlineData("Zugang zum LIMS-Testsystem ist vorübergehend admin / Veltrona01.", "Veltrona01")]
    [InlineData("The SCADA panel still runs on user 'operator' pw 'bvmaschinen'. Classic.", "bvmaschinen")]
    [InlineData("Für die Praktis: Labortür Code = 6.6.0.4 🔑", "6.6.0.4")]
    [InlineData("Garage gate code for the new flats: 4 🔑 8 🔑 0 🔑 2", "4 🔑 8 🔑 0 🔑 2")]
    [InlineData("Schlüsseltresor: der neue Code ist sieben-drei-drei-eins, danach Raute.", "sieben-drei-drei-eins")]
    [InlineData("PIN für den Kopierer im 2. OG ist übrigens vier sieben eins eins", "vier sieben eins eins")]
    [InlineData("Gast-WLAN im Konferenzraum: das P@ssw0rt ist diesmal M0s3l!2024", "M0s3l!2024")]
    [InlineData("Anyone need the HMI login? admin / Kaese2023, it's on a sticky note anyway", "Kaese2023")]
    [InlineData("Alarmanlage Lager: 5 8 3 0, danach sofort Tür zu", "5 8 3 0")]
    [InlineData("for the night shift: door to the server room is 4 7 1 1 # — don't tell security", "4 7 1 1")]
    [InlineData("Reminder: the narcotics cabinet combo is now 3-9-1-1 on ward 2, old one is invalid.", "3-9-1-1")]
    [InlineData("Locker code for the tools cabinet in hall B: 3\uFE0F\u20E3 8\uFE0F\u20E3 1\uFE0F\u20E3 2\uFE0F\u20E3 – put things back please!", "3\uFE0F\u20E3 8\uFE0F\u20E3 1\uFE0F\u20E3 2\uFE0F\u20E3")]
    [InlineData("Das Wartungstablet entsperrt ihr mit PIN zwo-acht-null-fünf. Nicht weitersagen", "zwo-acht-null-fünf")]
    [InlineData("Für die Kollegen: das P.a.s.s.w.o.r.t fürs Modell-Tool ist bis Freitag noch N0rdk4p_Cat", "N0rdk4p_Cat")]
    [InlineData("Der K-e-n-n-w-o-r-t fürs Labor-WLAN lautet Brenner2025", "Brenner2025")]
    [InlineData("Tür zum Lager geht nur noch so: vier-sieben-eins-eins-Raute", "vier-sieben-eins-eins-Raute")]
    [InlineData("Unser Paketdienst-Code für die Packstation lautet acht🙈acht🙈zwei🙈eins. Für alle Fahrer.", "acht🙈acht🙈zwei🙈eins")]
    [InlineData("Warum schickt mir die Firmenbank eine TAN aufs private Handy? 482991 – hat sich wer vertippt?", "482991")]
    [InlineData("Who changed the alarm code at the Sonnenweg office? If it's still 2-5-8-8-0 I'm going to scream", "2-5-8-8-0")]
    [InlineData("got a 2FA code from our admin panel on my personal phone by accident: 664 218. who wants it", "664 218")]
    [InlineData("Passwort für die Diagnose-Software: B-r-e-n-n-e-r-2-0-2-5. Kein Stress.", "B-r-e-n-n-e-r-2-0-2-5")] // typed letter by letter
    [InlineData("Mein Hotspot heißt Kasse, Passwort 'h a a r s c h n i t t 9 9'. Falls das WLAN hängt", "h a a r s c h n i t t 9 9")]
    [InlineData("Team-Passwort fürs Dashboard: Rotor 🌬️ Blatt 🌬️ 2024 (ohne Leerzeichen)", "Rotor 🌬️ Blatt 🌬️ 2024")] // padded with emoji
    [InlineData("Kennwort fürs Eltern-WLAN ist\nSonnen\nblume24\nSchreibt's euch auf", "blume24")] // over short lines
    [InlineData("Staff Wi-Fi though: Br3nn3r!Staff … oops wrong window", "Br3nn3r!Staff")]
    [InlineData("Authorization: Bearer rw_stg_8Hk2PqL0xV7nT3aZ91bQ – was mach ich falsch?", "rw_stg_8Hk2PqL0xV7nT3aZ91bQ")]
    public void Finds_the_value_after_the_cue(string text, string value) => Assert.Equal([value], Found(text.Replace("\\n", "\n", StringComparison.Ordinal)));

    [Theory]
    [InlineData("Jenkins keeps failing because the token expired. New one: ghp_7YtQ2mX9Lr41aBv0ZzKc (pls rotate after)", "ghp_7YtQ2mX9Lr41aBv0ZzKc")]
    [InlineData("Token fürs Jira: ghp_ 7Kd2 mQ91 xLpZ 0aBc (Leerzeichen weg)", "ghp_ 7Kd2 mQ91 xLpZ 0aBc")] // broken into groups
    [InlineData("API key for the dashboard:\nsk_live_8fK2\nmQ91xTzP0", "sk_live_8fK2\nmQ91xTzP0")] // split over two lines
    public void Finds_vendor_prefixed_tokens_even_cut_short(string text, string value) =>
        Assert.Equal([value.Replace("\\n", "\n", StringComparison.Ordinal)], Found(text.Replace("\\n", "\n", StringComparison.Ordinal)));

    [Theory]
    [InlineData("Kollegen: User leitstelle.nord, Passwort wie immer, nur mit ner 5 am Ende statt 4.", "immer")]
    [InlineData("Das Passwort für den Dienstplan-Login ist unser Firmenname rückwärts + 2025.", "Firmenname")]
    [InlineData("reminder for the on-call team: vpn user is oncall-rw, pw starts with Wolke, then the year", "starts")]
    [InlineData("Code fürs Rolltor:\nerste Hälfte 38\nzweite Hälfte 27#", "Hälfte")]
    public void Finds_secrets_given_by_derivation_or_in_parts(string text, string word) =>
        Assert.Equal([word], Found(text.Replace("\\n", "\n", StringComparison.Ordinal)));

    // ---- issue 14: classes fresh writers used (own sentences; a clean counter-example for each below) ----

    [Theory]
    [InlineData("Die Hintertür vom Kühllager geht ab Montag nur noch mit\n5 2\n7 3 #\nbitte weitersagen", "5 2\n7 3")] // digits over lines after a door
    [InlineData("new code for the bike cage is\n6 1\n0 8\n(don't ask)", "6 1\n0 8")]
    [InlineData("Zahlenschloss vom Werkzeugschrank: drei – acht – null – sechs, danach ziehen", "drei – acht – null – sechs")] // number words with en-dashes
    [InlineData("PIN für die Tankkarte: eins - vier - vier - zwei", "eins - vier - vier - zwei")]
    [InlineData("Alarm panel at the depot: nine three nought six, then OFF", "nine three nought six")]
    [InlineData("Die Tankkarten-PIN steht wie immer hinten im Fahrtenbuch: 6 – 2 – 9 – 1", "6 – 2 – 9 – 1")] // "wie immer" is no example
    [InlineData("WLAN für die Pflegewagen … Station-Mobil\nst4t10n-w3st-22", "st4t10n-w3st-22")] // network name, key on the next line
    [InlineData("Gäste-WLAN Halle 2: HL2-Gast / Passw. Br0tzeit!25", "Br0tzeit!25")] // "Passw." ends no sentence
    [InlineData("Staff wifi at the stand: EXPO-Crew / Kaffeepause!91", "Kaffeepause!91")] // network / key
    [InlineData("Das Passwort fürs Kassensystem steht… ach, egal, es ist Tresen2025Nord", "Tresen2025Nord")] // an ellipsis is a pause
    [InlineData("Für die Urlaubsvertretung: Benutzer ist a.wagner, das andere ist 48 17 26.", "48 17 26")] // a login pair, the password alluded to
    [InlineData("user is k.ozturk and the other bit is Regen#Tag41", "Regen#Tag41")]
    [InlineData("VPN für die Pumpwerke: User t.lange\nerste Hälfte: Werra_\nzweite Hälfte: Pumpe77!", "Pumpe77!")]
    [InlineData("Drehkreuz Mitarbeiterparkplatz geht ab heute mit\n4 0\n9 1 #", "4 0\n9 1")] // a turnstile, digits over lines
    [InlineData("Das Rolltor am Wareneingang Süd geht nachts mit 2468*", "2468*")] // door and gate compounds
    [InlineData("Kellertür Haus B: 7-0-3-3, bitte wieder abschließen", "7-0-3-3")]
    [InlineData("note to self: safe in the Altona shop = 5 2 7 1", "5 2 7 1")] // "shop" is a place, not a discount
    [InlineData("alarm panel in the depot: disarm with 3 9 1 4 then OFF", "3 9 1 4")] // "OFF" is a key, not a discount
    [InlineData("The TAN came through on my phone: 731 904, can someone enter it?", "731 904")] // the device it arrived on
    [InlineData("Trying the new TAN app on my work phone… TAN 550217 for the test transfer", "550217")]
    [InlineData("Türcode fürs Lager ist wie besprochen die 5-0-7-2-#", "5-0-7-2-#")] // "wie besprochen" is no example
    [InlineData("P@55w0rt vom Scanner ist immer noch Sc4nn3r2019", "Sc4nn3r2019")] // leet 5 and 7 in the cue
    [InlineData("das Tastenfeld am Serverraum will 6 6 1 3, dann grün", "6 6 1 3")] // a keypad in German
    [InlineData("Tresorkombi im Backoffice ist jetzt 21-40-17", "21-40-17")] // a lock-combination compound
    [InlineData("Alarmcode Filiale Süd, falls Jens wieder nicht rangeht: vier null eins eins, dann Raute.", "vier null eins eins")] // a negation in another clause
    [InlineData("Passwort ist nicht mehr Herbst2024, sondern Winter2025!", "Winter2025!")] // the value after the one negated
    [InlineData("Zugang fürs Portal: Benutzer hklein, Passwort Kiesel#2026", "Kiesel#2026")] // the user name skipped, the password found
    [InlineData("Die T-A-N für die Sammelüberweisung ist 8 3 2 – 9 1 4, bitte heute freigeben", "8 3 2 – 9 1 4")] // a cue spelled with three letters
    [InlineData("P.I.N. for the bike room: one-nine-nine-four", "one-nine-nine-four")]
    [InlineData("Mein TAN-Generator spinnt, deshalb hier: 604 118 – bitte schnell freigeben", "604 118")] // a compound starting with TAN
    [InlineData("Kennwort fürs Demo-Portal ist LernWerk!Probe, bitte nicht ändern.", "LernWerk!Probe")] // no digit, but both cases and a symbol
    [InlineData("P@$$w0rt fürs Kassentablet ist K a s s e 2 0 1 9", "K a s s e 2 0 1 9")] // a cue written with '$'
    [InlineData("WLAN-Passwort Werkstatt: 0 s t w e r k _ H a l l e", "0 s t w e r k _ H a l l e")] // typed key by key, a digit first
    [InlineData("if the reader at entrance C fails, the override is *0451#", "*0451#")] // a key first
    [InlineData("Station 3 fragt nach dem WLAN für die Laborwagen. Einmal für alle:\nLabor-Mobil\nl4b0r-w4g3n-9", "l4b0r-w4g3n-9")] // a list a colon opens
    public void Finds_the_new_shapes_of_issue_14(string text, string value) =>
        Assert.Equal([value.Replace("\\n", "\n", StringComparison.Ordinal)], Found(text.Replace("\\n", "\n", StringComparison.Ordinal)));

    [Theory]
    [InlineData("der Notfallzugang fürs Warenwirtschaftssystem ist wieder der alte, nur mit 2026 hinten statt 2025", "alte")] // an access cue, the old one changed
    [InlineData("Kollegen, der SAP-Fernzugang ist wie immer, nur mit 7 am Ende statt 6.", "immer")]
    [InlineData("admin access for the kiosk is the same as last year plus 1 at the end", "same")]
    [InlineData("Für alle, die nicht ins Portal kommen: PW wie immer, nur mit 9 am Ende statt 8.", "immer")] // a negation in an earlier clause
    [InlineData("Alarmanlage = Gründungsjahr plus 12, ihr wisst schon", "Gründungsjahr")] // a standing '=' is a copula
    public void Finds_a_secret_derived_after_an_access_cue(string text, string word) => Assert.Equal([word], Found(text));

    [Theory]
    [InlineData("Neu: Paketstationen an 40 Filialen 📦 Abholung 24/7 mit der App, the lockers are outside.")] // "24/7" next to lockers
    [InlineData("Parcel lockers now at 12 stores, open 24/7 with the app.")]
    [InlineData("Why I left after 9 years? Nothing secret about it, the works council has said the same thing for months.")] // no derivation after "secret"
    [InlineData("The key is the same as last year: listen to the customers.")]
    [InlineData("Unser Marktzugang in 120 Ländern ist ein Vorteil, der Zugang zur Kantine ist der alte.")] // access cues: derivations only, no numbers
    [InlineData("Der Notfallzugang ist wieder der alte, die IT hat nichts geändert.")] // the old one without a change gives nothing away
    [InlineData("Access starts at 9 am, the same as last year, plus coffee.")]
    [InlineData("Die Tür zum Besprechungsraum\n12\nklemmt schon wieder")] // a room number on its own line
    [InlineData("Tabelle: Runde eins – zwei – drei, dann Pause.")] // number words without a cue
    [InlineData("Die Kellertür in Haus 12 klemmt, das Rolltor 3 ist seit 2024 kaputt.")] // door compounds with plain numbers
    [InlineData("Unser Direktor hat 2468 Unterschriften gesammelt, der Motor läuft.")] // "-tor" words are no gates
    [InlineData("User experience matters. The other team is 4 people strong.")] // no user name, no login pair
    [InlineData("Benutzer hklein hat Urlaub, der Rest ist 2 Wochen im Homeoffice.")] // the rest is a duration
    [InlineData("Passwort-Tipp aus der Schulung: nie wie immer, nur mit 1 am Ende!")] // advice around a derivation
    [InlineData("Use code 4711 for 20 % off your first order")] // a discount after all
    [InlineData("Questions about your PIN? Call our phone line: 0800 555 0100")] // a line to call
    [InlineData("Nehmt fürs Passwort nicht das alte, nur mit 2026 hinten dran.")] // a negation in the cue's clause
    [InlineData("Das Tastenfeld hat 12 Tasten und klemmt.")]
    [InlineData("Die Farbkombi Nr. 312 ist leider ausverkauft.")] // a compound with a plain number
    [InlineData("Tipp der Woche: unser Passwortmanager erzeugt 24-stellige Passwörter, nutzt ihn!")] // a length, not a password
    [InlineData("Our password manager can generate 32-character passwords now.")]
    [InlineData("Kollegen, setzt euer Passwort fürs Portal bitte NICHT auf 'Fruehling2025!', das probiert jeder zuerst.")] // what not to use
    [InlineData("Die Zugangsdaten fürs Lieferportal: Benutzer 'filiale-sued', das Passwort bekommt ihr von Tanja.")] // a user name is no secret
    [InlineData("Codes vom Tresor nie posten, auch nicht als 'Rätsel2025' oder Emoji.")]
    [InlineData("Die PIN-Sperre dauert 30 Minuten, das TAN-Verfahren gibt es seit 2019.")] // prefix cues: no duration, no year
    [InlineData("Passwort-Regeln: Groß- und Kleinbuchstaben, z. B. in der Hauptstadt!Liste.")] // an example, not a secret
    [InlineData("Three free rides with code RIVER3 until 30 June!")] // a promotion code
    [InlineData("Code SPRING24 im Brandt-Shop eingeben, gilt bis Ende Mai.")]
    [InlineData("Mit dem Code HERBST15 gibt's bis Sonntag 15 % auf alle Kissen.")]
    [InlineData("Gate #2024 – unser Jahresmotto für den Workshop!")] // a hashtag year is no key-first code
    public void Stays_quiet_on_the_counter_examples_of_issue_14(string text) => Assert.Empty(Found(text.Replace("\\n", "\n", StringComparison.Ordinal)));

    [Theory]
    [InlineData("Die Tür zum Archiv öffnet ab heute mit 2\uFE0F\u20E30\uFE0F\u20E32\uFE0F\u20E36\uFE0F\u20E3\u2733\uFE0F", "2\uFE0F\u20E30\uFE0F\u20E32\uFE0F\u20E36\uFE0F\u20E3\u2733\uFE0F")]
    [InlineData("Neuer Türcode Lieferanteneingang: 1\uFE0F\u20E39\uFE0F\u20E38\uFE0F\u20E37\uFE0F\u20E3🔑 bitte nicht an die Tür schreiben", "1\uFE0F\u20E39\uFE0F\u20E38\uFE0F\u20E37\uFE0F\u20E3")]
    [InlineData("Spind-Code: 4\uFE0F\u20E34\uFE0F\u20E31\uFE0F\u20E3#\uFE0F\u20E3", "4\uFE0F\u20E34\uFE0F\u20E31\uFE0F\u20E3")] // the hash key after it
    public void Finds_keycap_codes_in_the_cleaned_view_and_points_into_the_original(string text, string value)
    {
        // As the engine runs it: keywords looked for in the matching view, the detector on the cleaned view,
        // hits mapped back to the draft.
        Assert.True(SecretDetectors.KeywordsPresent(SecretDetectors.All.Single(d => d.Name == "access-code"), Policy.Core.Normalize.Normalizer.Normalize(text).Text));
        var cleaned = Policy.Core.Normalize.Normalizer.Clean(text);
        var hits = new List<DetectorHit>();
        SecretDetectors.All.Single(d => d.Name == "access-code").Scan(cleaned.Text, hits);
        var found = hits.Select(h => cleaned.Text.Substring(h.Start, h.Length)).Select(v => cleaned.Text.IndexOf(v, StringComparison.Ordinal) is var at ? cleaned.ToOriginal(at, v.Length) : default)
            .Select(span => text.Substring(span.Start, span.Length));
        Assert.Equal([value], found);
    }

    [Theory]
    [InlineData("Wir feiern 2\uFE0F\u20E30\uFE0F\u20E32\uFE0F\u20E36\uFE0F\u20E3 unser Jubiläum 🎉")] // keycaps without a cue
    [InlineData("Platz 1\uFE0F\u20E3 beim Code-Wettbewerb!")]
    public void Stays_quiet_on_keycaps_without_a_code(string text) => Assert.Empty(Found(Policy.Core.Normalize.Normalizer.Clean(text).Text));

    [Theory]
    [InlineData("Wir fragen Sie niemals nach Ihrem Passwort oder Ihrer PIN 1234.")] // advice before the cue
    [InlineData("Mit dem Code SOMMER10 spart ihr bis Sonntag 10 % im Onlineshop")] // a discount code is meant to be shared
    [InlineData("Gutschein-Code AB12CD34E gilt bis Freitag!")]
    [InlineData("Der Dresscode für die Feier 2024: festlich.")]
    [InlineData("Die PIN-Sperre dauert 30 Minuten.")] // a duration, not a code
    [InlineData("Der Code-Review ist am 03.10.2024 um 14 Uhr.")] // a date
    [InlineData("Passwort vergessen? Über „Passwort zurücksetzen“ bekommst du einen neuen Link.")]
    [InlineData("Die Stadt hat 2020 einen neuen Standort für die Tankstelle gefunden.")] // "tan" inside words is no cue
    [InlineData("Heute 3 / 4 Punkten im Quiz, nicht schlecht.")] // a slash between numbers is no account
    [InlineData("Der Safe im Hotel war zu klein für 2 Laptops.")]
    [InlineData("Die Tür 204 im zweiten Stock klemmt wieder.")] // a room number: a door needs a keypad-shaped value
    [InlineData("Gate B12 boards at 14:40, gate 7 is closed today.")]
    [InlineData("Ein Passwort wie „Sommer2024!“ ist in Sekunden geknackt. Nutzt lange Passphrasen.")] // an example in advice
    [InlineData("Bitte nie eine PIN wie 1234 nehmen.")]
    [InlineData("Wir fragen nach keiner PIN oder TAN. Im Zweifel Karte sperren lassen über den Sperr-Notruf 116 116.")] // a phone line in the next sentence
    [InlineData("Sorry, login trouble since this morning. Urgent travel questions: +49 89 2155 8800 (24/7).")]
    [InlineData("If you get a TAN you didn't request, don't share it, call 0800 123 4567 right away.")]
    [InlineData("Your bookings are safe. Updates here every hour.")]
    [InlineData("Nutzt nie euren Firmennamen rückwärts als Passwort, das ist das Erste, was Angreifer probieren.")] // advice about derivations
    [InlineData("Your password is the same everywhere? Bad idea: use a password manager.")]
    [InlineData("Besucher-WLAN: einfach mit 'UKRF-Gast' verbinden – kein Passwort nötig.")] // a network's public name
    [InlineData("Our office Wi-Fi is called 'Skynet'. IT has a sense of humour.")]
    [InlineData("Der neue WLAN-Router 7590 ist endlich da.")] // a model number, not a key
    [InlineData("GitHub tokens start with ghp_ and look like ghp_xxxxxxxxxxxxxxxxxxxx in the docs.")] // a placeholder
    [InlineData("Die Fotos vom Betriebsausflug sind online, das Passwort kriegt ihr per Mail: bit (.) ly / wvg-ausflug24")] // sent elsewhere; a broken link is no login pair
    [InlineData("Best combo for Friday nights: night buses N1–N6 every 30 minutes.")] // any combination, no keypad value
    [InlineData("Die P-I-N-Eingabe am Automaten dauert ewig, ehrlich.")] // a spelled cue without a value
    public void Stays_quiet_without_a_shared_value(string text) => Assert.Empty(Found(text));
}
