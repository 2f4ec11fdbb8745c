using System.Buffers;
using System.Collections.Frozen;

namespace Policy.Core.Match.Detectors.Secrets;

/// <summary>
/// "access-code": access data given in a sentence, the way people write it rather than the way a
/// config file does: a door, alarm, locker or safe code, a PIN, TAN or one-time code, a Wi-Fi key or a
/// password, followed within a few words by its value: "Türcode Sozialraum Halle 3: 4711#",
/// "keypad is 3-3-9-1", "mit 2 8 0 3 entschärfen", "Kombi ist null acht eins fünf drei",
/// "pw 'bvmaschinen'", "admin / Wind2020!". The hit is the value only.
/// </summary>
/// <remarks>
/// Token-based and linear in the text (no regex): a cue word, then up to ten words on the same sentence
/// to a value. A value is a group of 3–12 digits (spaced, hyphenated or dotted digits count as one
/// group), three or more number words, a quoted word, or a word that looks generated (letters with
/// digits). Not values: years, dates, times, amounts and counts ("4 Stunden", "30 %"). Advice and
/// meta-talk before the cue ("gib niemals deine PIN", "in der Schulung") keep it silent.
/// </remarks>
public sealed class AccessCodeDetector : IDetector
{
    private const int MaxGap = 14;
    private const int AdviceWindow = 8;

    public string Name => "access-code";

    public DetectorInput Input => DetectorInput.Original;

    public IReadOnlyList<string> Keywords { get; } =
        ["code", "pin", "tan", "passw", "p@ss", "kennw", "pw", "pass", "otp", "kombi", "schloss", "keypad", "login", "zugang", "key", "token", "seed", "schluessel", "kennung", "alarm", "tresor", "safe", "spind", "locker", " / ",
         "door", "raute", "#", "tuer", "gate", "schranke", "cabinet", "schrank", "combo", "2fa", "mfa", "eingang", "entrance", "keybox",
         "wlan", "wifi", "wi-fi", "hotspot", "ssid", "router", "netz", "network", "access", "user", "nutzer", "anmeldename", "tastenfeld", "ziffernfeld", "zahlenfeld", "rolltor", "lagertor", "hoftor", "garagentor", "werkstor", "einfahrtstor", "drehkreuz", "turnstile", "schleuse", "tiefgarage", "bearer", "secret", "pat", "ghp_", "gho_", "github_pat_", "glpat-",
         "sk_live_", "sk_test_", "rk_live_", "xoxb-", "xoxp-", "xapp-", "akia", "eyj", "hooks.slack.com",
         // spelled out: "P.a.s.s.w.o.r.t", "K-e-n-n-w-o-r-t", "P-I-N" (keywords are ASCII; "C·O·D·E" needs another keyword)
         "a.s.s", "a-s-s", "a*s*s", "a_s_s", "e.n.n", "e-n-n", "c.o.d", "c-o-d", "p.i.n", "p-i-n", "t.a.n", "t-a-n", "p@$", "pa$$"];

    /// <summary>Whole words that announce access data.</summary>
    private static readonly FrozenSet<string> CueWords = new[]
    {
        "pin", "pins", "tan", "tans", "otp", "pw", "pwd", "pass", "passwd", "passphrase", "kombi", "kombination",
        "zahlenkombination", "keypad", "login", "zugang", "key", "token", "seed", "schlüssel", "schluessel", "kennung",
        "code", "codes", "pincode", "passcode", "zugangsdaten", "credentials", "alarmanlage", "alarm", "tresor",
        "spind", "spinde", "locker", "lockers", "keypad", "tastenfeld", "ziffernfeld", "zahlenfeld", "2fa", "mfa", "einmalcode", "smscode", "bearer",
        "secret", "client_secret", "apikey", "api_key", "pat", "masterpin", "override",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Networks and devices whose names are public but whose keys are not: "Staff Wi-Fi: Br3nn3r!Staff".
    /// They announce only a password-shaped value, never a number ("WLAN-Router 7590").</summary>
    private static readonly FrozenSet<string> TypedCueWords = new[]
    {
        "wlan", "wifi", "wi-fi", "hotspot", "ssid", "router", "personalnetz", "gästenetz", "netzwerk", "network",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Things with a keypad that also have numbers that are not secrets (door 204, Tor 3,
    /// Schrank 12): they announce a code only when the value is shaped like one, see <see cref="Value.Keyed"/>.</summary>
    private static readonly FrozenSet<string> WeakCueWords = new[]
    {
        "door", "doors", "tür", "türe", "tuer", "tor", "gate", "safe", "schranke", "cabinet", "schrank", "keybox",
        "schlüsselkasten", "schlüsselbox", "eingang", "entrance", "entry", "hintertür", "backdoor", "lager", "lagerraum",
        "combo", // "best combo for Friday nights": in English mostly any combination, a lock's only with a keypad-shaped value
        "drehkreuz", "turnstile", "schleuse", "rolltor", "lagertor", "hoftor", "garagentor", "werkstor", "einfahrtstor", "tiefgarage",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>"Haustür", "Kellertür", "Brandschutztür", "Tresorkombi": any door or lock-combination compound is a weak cue.</summary>
    private static bool IsWeakTail(ReadOnlySpan<char> tail) =>
        WeakCueLookup.Contains(tail) || (tail.Length > 4 && (tail.EndsWith("tür", StringComparison.OrdinalIgnoreCase) || tail.EndsWith("türe", StringComparison.OrdinalIgnoreCase)))
        || (tail.Length > 5 && tail.EndsWith("kombi", StringComparison.OrdinalIgnoreCase)) // "Tresorkombi", "Schlosskombi"
        || (tail.Length > 7 && (tail.EndsWith("schrank", StringComparison.OrdinalIgnoreCase) || tail.EndsWith("kasten", StringComparison.OrdinalIgnoreCase))); // "Medikamentenschrank", "Schlüsselkasten"

    /// <summary>Word endings that announce access data: Türcode, WLAN-Passwort, Zahlenschloss. Short cues
    /// (PIN, TAN, key) count only as whole words or compound parts ("Alarmanlagen-PIN"), never as
    /// endings: "Tankstelle", "Monkey".</summary>
    private static readonly string[] CueEndings =
        ["code", "codes", "passwort", "password", "passwörter", "passwords", "kennwort", "schloss", "token", "login", "tresor", "alarmanlage"];

    /// <summary>"-code" words that name something public, not a secret.</summary>
    private static readonly FrozenSet<string> NotCues = new[]
    {
        "dresscode", "postcode", "zipcode", "barcode", "qr-code", "qrcode", "sourcecode", "quellcode", "rabattcode",
        "gutscheincode", "promocode", "discount", "vouchercode", "ländercode", "landescode", "farbcode", "errorcode",
        "fehlercode", "statuscode", "bic", "swift", "sortcode", "keynote", "keyboard", "keys", "hotkey", "monkey",
        "turkey", "whiskey", "jockey", "hockey", "donkey", "encode", "decode", "unicode", "opcode", "geocode", "timecode",
        "zeitcode", "dresscodes", "barcodes", "qr-codes", "schlüsselübergabe",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> NumberWords = new[]
    {
        "null", "eins", "zwei", "drei", "vier", "fünf", "fuenf", "sechs", "sieben", "acht", "neun", "zehn",
        "zero", "oh", "nought", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "zwo",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Cues named by what they hold rather than by something one types: their value counts, a
    /// derivation does not ("nothing secret about it, … said the same", "the key is the same as last year").</summary>
    private static readonly FrozenSet<string> NoDerivationCues = new[]
    {
        "secret", "client_secret", "key", "token", "seed", "bearer", "apikey", "api_key", "pat",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Abbreviated cues whose dot ends no sentence: "Passw. Bl1tz!2024".</summary>
    private static readonly FrozenSet<string> AbbreviatedCues = new[]
    {
        "passw", "kennw", "pw", "pwd",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>"the old one", "der alte": a secret the reader knows, given away with a change
    /// ("der alte, nur mit 2025 hinten dran statt 2024").</summary>
    private static readonly FrozenSet<string> OldWords = new[]
    {
        "alte", "alten", "alter", "altes", "old", "bisherige", "bisherigen", "vorherige", "vorherigen", "previous",
        "usual", "übliche", "üblichen", "gleiche", "gleichen", "selbe", "same",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The key pressed after a keypad code: "vier-sieben-eins-eins-Raute".</summary>
    private static readonly FrozenSet<string> KeypadKeys = new[]
    {
        "raute", "stern", "hash", "star", "pound", "enter", "ok", "#", "*",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>A value right after one of these is an example in advice ("ein Passwort wie Sommer2024!"), not a shared secret.</summary>
    private static readonly FrozenSet<string> ExampleWords = new[]
    {
        "wie", "like", "z.b", "z.b.", "e.g", "e.g.", "etwa", "beispielsweise",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Where a secret is sent instead of the post: "per Mail", "via DM", "im Intranet", "on request".</summary>
    private static readonly FrozenSet<string> Channels = new[]
    {
        "mail", "e-mail", "email", "dm", "dms", "pn", "pm", "sms", "signal", "threema", "teams", "slack", "intranet",
        "anfrage", "request", "nachfrage", "telefon", "phone", "brief", "post", "privatnachricht", "direktnachricht",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> ChannelPrepositions = new[]
    {
        "per", "via", "by", "über", "ueber", "im", "in", "auf", "on", "upon", "als", "as",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>A number after one of these is someone's phone line, not a code.</summary>
    private static readonly FrozenSet<string> PhoneWords = new[]
    {
        "tel", "telefon", "phone", "call", "ruf", "ruft", "anrufen", "hotline", "nummer", "number", "fax", "whatsapp",
        "notruf", "unter", "erreichbar", "reachable", "questions", "fragen", "service", "servicenummer",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>A digit group followed by one of these is an amount, a time or a count, not a code.</summary>
    private static readonly FrozenSet<string> Units = new[]
    {
        "uhr", "h", "%", "prozent", "percent", "euro", "eur", "€", "$", "usd", "km", "kg", "m", "cm", "mm", "t", "mb", "gb",
        "jahre", "jahren", "years", "monate", "months", "tage", "tagen", "days", "stunden", "hours", "minuten", "minutes",
        "min", "sekunden", "seconds", "stück", "stk", "mal", "times", "leute", "people", "mitarbeiter", "mitarbeitende",
        "kunden", "customers", "meter", "liter", "punkte", "points", "seiten", "pages", "prozentpunkte", "mio", "mrd",
        "millionen", "milliarden", "million", "billion", "tsd", "k", "grad", "°c", "am", "pm",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> FreeWords = new[]
    {
        "free", "gratis", "kostenlos", "kostenlose", "kostenlosen",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> Promotion = new[]
    {
        "rabatt", "rabattcode", "discount", "gutschein", "gutscheincode", "voucher", "coupon", "spart", "sparen", "spare",
        "save", "promo", "aktion", "aktionscode", "onlineshop", "webshop", "fanshop", "checkout", "warenkorb", "einlösen", "redeem", "%",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Before a cue: advice, negation or talk about the rules, not a shared secret.</summary>
    private static readonly FrozenSet<string> Advice = new[]
    {
        "nie", "niemals", "never", "niemand", "nobody", "keinesfalls", "schulung", "training", "awareness", "beispiel",
        "example", "phishing", "betrugsmasche", "scam", "vergessen", "forgot", "forgotten", "zurücksetzen", "reset",
        "ändern", "aendern", "ändert", "aendert", "ändere", "change", "sicheres", "starkes", "strong", "secure", "schwaches", "weak", "richtlinie", "policy",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public void Scan(string text, List<DetectorHit> hits)
    {
        var given = hits.Count;
        ScanPrefixed(text, hits, given);
        ScanPairs(text, hits, given);

        // The keywords are common substrings ("tan" in "Standort"): look for a cue word before
        // building the token list, so a draft without one allocates nothing.
        if (!HasCue(text))
        {
            return;
        }

        // The hits a value must not overlap: those found before the cue loop, by start. The loop's own
        // hits cannot overlap one another (each search resumes after the last value), and its values come
        // in order, so one pass over these answers every overlap question; asking the whole list for
        // each value made a draft full of cues and digits quadratic.
        var earlier = hits.Count > 0 ? hits.OrderBy(h => h.Start).ToArray() : [];
        var nextEarlier = 0;
        var earlierMaxEnd = int.MinValue;

        var tokens = Tokenize(text);
        for (var i = 0; i < tokens.Count; i++)
        {
            var weak = false;
            var typedOnly = false;
            var accessOnly = false;
            var prefixed = false;
            if ((!IsCue(tokens[i].Word) && !(weak = IsWeakCue(tokens[i].Word)) && !(typedOnly = IsTypedCue(tokens[i].Word)) && !(accessOnly = IsAccessCue(tokens[i].Word))
                    && !(prefixed = PrefixCue(tokens[i].Word)))
                || AdviceNear(tokens, i, wholeSentence: false))
            {
                continue;
            }

            // "nothing secret about it, … said the same": a secret, key or token is told by its value;
            // only the words for something one types (password, PIN, code, login) are told by derivation.
            var derives = !weak && !typedOnly && !prefixed && !NoDerivationCues.Contains(tokens[i].Word);
            var crossed = 0;
            var crossedSentence = false;
            var copula = tokens[i].EndsClause;
            for (var j = i + 1; j < tokens.Count && j <= i + MaxGap; j++)
            {
                // "Passw. Bl1tz!2024": the dot of an abbreviated cue ends no sentence.
                if (tokens[j - 1].EndsSentence && !(j - 1 == i && tokens[i].Abbreviated))
                {
                    // "Who changed the alarm code? If it's still 2-5-8-8-0 …": a code may follow in the
                    // next sentence, but then only a keypad-shaped or six-digit one, and never two sentences on.
                    // A list goes on over line breaks ("Kennwort ist ⏎ Sonnen ⏎ blume24"): up to three; a door's
                    // code on the next line ("Hintertür geht nur noch mit ⏎ 4 8 ⏎ 1 9 #") over one.
                    var sentence = !tokens[j - 1].EndsLine;
                    // "WLAN für die Visitenwagen. Einmal für alle: ⏎ Klinik-Mobil ⏎ v1s1t3…": a list a colon opens.
                    var list = typedOnly && !sentence && crossedSentence && crossed < 2 && tokens[j - 1].EndsClause;
                    if (!list && ((weak && (sentence || crossed > 0)) || crossedSentence || (sentence && crossed > 0) || crossed >= 3))
                    {
                        break;
                    }

                    crossed++;
                    crossedSentence = sentence;
                }

                copula |= Copulas.Contains(tokens[j - 1].Word) || (j - 1 > i && tokens[j - 1].EndsClause);
                if (!crossedSentence && (accessOnly ? IsChangedOld(tokens, j) : derives && IsDerivation(tokens, j, copula)) && !AdviceNear(tokens, i, wholeSentence: true))
                {
                    // "PW wie immer, nur mit 26 hinten", "the alarm code is the year we opened, backwards",
                    // "Kennwort fängt mit Rot an": a secret told by how to derive it or by its parts is given away too.
                    hits.Add(new DetectorHit(tokens[j].Start, tokens[j].Word.Length, Name));
                    i = j;
                    break;
                }

                if (accessOnly)
                {
                    continue; // "Notfallzugang", "access": told by derivation only; "Marktzugang in 120 Ländern" has no code
                }

                if (j - 1 > i && ExampleWords.Contains(tokens[j - 1].Word) && !(j - 2 > i && SameWords.Contains(tokens[j - 2].Word)) && !AsAgreed.Contains(tokens[j].Word))
                {
                    break; // "ein Passwort wie Sommer2024!": an example in advice (but "die gleiche wie …", "wie immer", "wie besprochen" are not)
                }

                if (j - 1 > i && Channels.Contains(tokens[j].Word) && ChannelPrepositions.Contains(tokens[j - 1].Word))
                {
                    break; // "Passwort kriegt ihr per Mail", "PIN gibt's per DM": the secret travels elsewhere
                }

                if ((weak || typedOnly) && IsCue(tokens[j].Word))
                {
                    break; // "WLAN: das P@ssw0rt ist …": the stronger cue that follows speaks for itself
                }

                var value = ValueAt(tokens, j);

                // "Schlüsselkasten an Kran 4 hat jetzt 7318", "master override is now 2580#", "der Code lautet 1983.":
                // a number told as the lock's new setting is its code, also after a weak cue and also when it is
                // shaped like a year (a year that ends the sentence right after "lautet" or "jetzt" dates nothing).
                var toldAsSetting = j - 1 > i && SettingWords.Contains(tokens[j - 1].Word);
                if (toldAsSetting && !value.IsValue && !weak && !typedOnly && YearShapedSetting(tokens, j))
                {
                    value = new(true, j, 4, Keyed: true);
                }

                var last = value.Last;
                if (value.IsValue && value.Digits > 0 && PhoneBefore(tokens, j))
                {
                    // "call 0800 123 4567": a phone line, none of its groups is a code.
                    j = last;
                    while (j + 1 < tokens.Count && DigitsOnly(tokens[j + 1].Word) > 0)
                    {
                        j++;
                    }

                    continue;
                }

                if (typedOnly && value.IsValue && last + 1 < tokens.Count && tokens[last + 1].Word == "/")
                {
                    j = last + 1;
                    continue; // "WLAN Halle 2: HL2-Gast / Br0tzeit!25": the network's name, its key after the slash
                }

                if (value.IsValue && j - 1 > i && (UserCues.Contains(tokens[j - 1].Word) || NegatedValue(tokens, i, j)))
                {
                    // "Benutzer 'praxis-nord', Passwort steht unten": the user name is no secret; "ändert es NICHT auf
                    // 'Sommer2024!'", "auch nicht als 'Rätsel'": what not to use. A value after them may still follow.
                    j = last;
                    continue;
                }

                // "… auf Port 5432": a number after "Port" is a network port beside a connection string, not a code.
                var isValue = value.IsValue
                    && !(j - 1 > i && tokens[j - 1].Word.Equals("port", StringComparison.OrdinalIgnoreCase))
                    && (!weak || value.Keyed || (toldAsSetting && value.Digits is >= 4 and <= 8))
                    && (!prefixed || value.Digits == 6 || (value.Keyed && value.Digits is >= 4 and <= 8)) // "TAN-Generator spinnt: 774 219"
                    && (!typedOnly || (value.Typed && (!tokens[j].Quoted || LooksGenerated(tokens[j].Word)))) // a network's quoted name is public
                    && (crossed == 0 || (value.Digits is >= 4 and <= 8 && (value.Keyed || value.Digits == 6)) || (!crossedSentence && value.Typed));
                if (isValue)
                {
                    var start = tokens[j].Start;
                    var end = tokens[last].Start + tokens[last].Word.Length;
                    for (; nextEarlier < earlier.Length && earlier[nextEarlier].Start < end; nextEarlier++)
                    {
                        earlierMaxEnd = Math.Max(earlierMaxEnd, earlier[nextEarlier].Start + earlier[nextEarlier].Length);
                    }

                    if (earlierMaxEnd <= start)
                    {
                        hits.Add(new DetectorHit(start, end - start, Name));
                    }

                    i = last;
                    break;
                }
            }
        }

        ScanAlludedPasswords(tokens, hits);
    }

    /// <summary>Words that name a user: "User: j.becker", "Benutzername ist hklein".</summary>
    private static readonly FrozenSet<string> UserCues = new[]
    {
        "user", "username", "user-id", "userid", "user-name", "benutzer", "benutzername", "benutzerkennung", "nutzer", "nutzername",
        "loginname", "login-name", "anmeldename",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The other half of a login pair, alluded to: "the other thing", "das andere", "der Rest", "the second part".</summary>
    private static readonly FrozenSet<string> Allusions = new[]
    {
        "other", "andere", "anderen", "anderes", "rest", "second", "zweite", "zweiten", "zweites",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> NotHandles = new[]
    {
        "the", "a", "an", "and", "or", "is", "was", "der", "die", "das", "ein", "eine", "und", "oder", "ist", "war", "name",
        "for", "für", "fuer", "von", "of", "in", "im", "bei", "at", "mit", "with", "feedback", "experience", "interface",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// "Benutzer m.keller, das andere ist 55 81 93", "user is j.becker and the other thing is Wolke#77": a user name,
    /// then the password alluded to and given after a copula. The hit is the value; a value the cue loop already
    /// found is not found twice.
    /// </summary>
    private void ScanAlludedPasswords(List<Token> tokens, List<DetectorHit> hits)
    {
        // Values come in order and do not overlap one another: one moving pointer over the hits found
        // before answers every overlap question (as in the cue loop).
        var earlier = hits.Count > 0 ? hits.OrderBy(h => h.Start).ToArray() : [];
        var nextEarlier = 0;
        var earlierMaxEnd = int.MinValue;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!UserCues.Contains(tokens[i].Word) || AdviceNear(tokens, i, wholeSentence: false))
            {
                continue;
            }

            // The user name: the next word, after "ist", "is", "name" or a colon, that has a letter and is no function word.
            var handle = i + 1;
            while (handle < tokens.Count && handle <= i + 3 && (Copulas.Contains(tokens[handle].Word) || NotHandles.Contains(tokens[handle].Word)) && !tokens[handle].EndsSentence)
            {
                handle++;
            }

            if (handle >= tokens.Count || handle > i + 3 || !tokens[handle].Word.Any(char.IsLetter) || NotHandles.Contains(tokens[handle].Word) || IsCue(tokens[handle].Word))
            {
                continue;
            }

            for (var k = handle + 1; k < tokens.Count && k <= handle + 10; k++)
            {
                if (tokens[k - 1].EndsSentence && !tokens[k - 1].EndsLine)
                {
                    break;
                }

                if (!Allusions.Contains(tokens[k].Word))
                {
                    continue;
                }

                // "the other thing is", "das andere ist", "der Rest: …"
                var copula = tokens[k].EndsClause ? k : -1;
                for (var c = k + 1; copula < 0 && c < tokens.Count && c <= k + 2; c++)
                {
                    if (Copulas.Contains(tokens[c].Word) || tokens[c].EndsClause)
                    {
                        copula = c;
                    }
                }

                var at = copula + 1;
                if (copula < 0 || at >= tokens.Count || tokens[copula].EndsSentence)
                {
                    break;
                }

                var value = ValueAt(tokens, at);
                if (value.IsValue && ((value.Digits is >= 4 and <= 12 && (value.Keyed || value.Digits >= 6)) || value.Typed))
                {
                    var start = tokens[at].Start;
                    var end = tokens[value.Last].Start + tokens[value.Last].Word.Length;
                    for (; nextEarlier < earlier.Length && earlier[nextEarlier].Start < end; nextEarlier++)
                    {
                        earlierMaxEnd = Math.Max(earlierMaxEnd, earlier[nextEarlier].Start + earlier[nextEarlier].Length);
                    }

                    if (earlierMaxEnd <= start)
                    {
                        hits.Add(new DetectorHit(start, end - start, Name));
                    }

                    i = value.Last;
                }

                break;
            }
        }
    }

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> CueLookup = CueWords.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> UserCueLookup = UserCues.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> WeakCueLookup = WeakCueWords.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> TypedCueLookup = TypedCueWords.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The last three letters (or all of a shorter word) of every word and ending the quick look
    /// takes as a tail: <see cref="NamesAccessData"/>, <see cref="IsWeakTail"/>, <see cref="TypedCueWords"/>,
    /// <see cref="IsAccessTail"/>, <see cref="UserCues"/>. A tail whose end is none of these (nearly every
    /// word of a draft) is none of those, so one look-up replaces a dozen comparisons.</summary>
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> CueTailEnds =
        CueWords.Concat(CueEndings).Concat(WeakCueWords).Concat(["tür", "türe", "kombi"]).Concat(TypedCueWords)
            .Concat(["zugang", "access"]).Concat(UserCues)
            .Select(w => TailEnd(w).ToString())
            .ToFrozenSet(StringComparer.OrdinalIgnoreCase)
            .GetAlternateLookup<ReadOnlySpan<char>>();

    private static ReadOnlySpan<char> TailEnd(ReadOnlySpan<char> word) => word.Length > 3 ? word[^3..] : word;

    /// <summary>Whether a tail may be one <see cref="HasCue"/> takes; false means it is none (see <see cref="CueTailEnds"/>).</summary>
    private static bool MayBeCueTail(ReadOnlySpan<char> tail)
    {
        var end = TailEnd(tail);
        var code = AsciiLetterCode(end);
        return (code >= 0 ? (AsciiCueTailEnds[code >> 6] & (1UL << (code & 63))) != 0 : CueTailEnds.Contains(end))
            || (tail.Length >= 5 && (tail.StartsWith("passw", StringComparison.OrdinalIgnoreCase) || tail.StartsWith("kennw", StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary><see cref="CueTailEnds"/> for every tail end of one to three ASCII letters (nearly every
    /// word's), a bit per <see cref="AsciiLetterCode"/>: asked of every word of a draft the quick look
    /// reads, where the set's case-insensitive hash cost more than the rest of the look. Filled by
    /// asking the set itself about each such end, so the two cannot differ.</summary>
    private static readonly ulong[] AsciiCueTailEnds = BuildAsciiCueTailEnds();

    private static ulong[] BuildAsciiCueTailEnds()
    {
        var bits = new ulong[((26 + (26 * 26) + (26 * 26 * 26)) / 64) + 1];
        Span<char> end = stackalloc char[3];
        for (var length = 1; length <= 3; length++)
        {
            var count = length == 1 ? 26 : length == 2 ? 26 * 26 : 26 * 26 * 26;
            for (var n = 0; n < count; n++)
            {
                for (int k = length - 1, rest = n; k >= 0; k--, rest /= 26)
                {
                    end[k] = (char)('a' + (rest % 26));
                }

                if (CueTailEnds.Contains(end[..length]))
                {
                    var code = AsciiLetterCode(end[..length]);
                    bits[code >> 6] |= 1UL << (code & 63);
                }
            }
        }

        return bits;
    }

    /// <summary>A number for one to three ASCII letters, either case (the same for both); -1 for anything else.</summary>
    private static int AsciiLetterCode(ReadOnlySpan<char> end)
    {
        var code = 0;
        for (var k = 0; k < end.Length; k++)
        {
            var letter = (uint)((end[k] | 0x20) - 'a');
            if (letter > 'z' - 'a' || end[k] > 'z')
            {
                return -1;
            }

            code = (code * 26) + (int)letter;
        }

        return end.Length switch
        {
            1 => code,
            2 => 26 + code,
            3 => 26 + (26 * 26) + code,
            _ => -1,
        };
    }

    /// <summary>Whether the draft may name access data at all: a look over its letters that allocates
    /// nothing, so that most drafts never build the token list. It may take more than <see cref="IsCue"/>
    /// would (no <see cref="NotCues"/>, any letter word running into a digit), never less.</summary>
    private static bool HasCue(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !char.IsLetter(text[i]))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && (char.IsLetter(text[i]) || text[i] == '-'))
            {
                i++;
            }

            var word = text.AsSpan(start, i - start).TrimEnd('-');
            if ((word.Length == 1 || (word.Length >= 5 && word[1] == '-')) && SpelledOut(text, start) is { } spelled && IsCue(spelled))
            {
                return true; // "P.a.s.s.w.o.r.t"
            }

            if (word.Length == 1 && word[0] is 'P' or 'p' && i < text.Length && text[i] is '@' or '$' or '4')
            {
                return true; // "P@$$w0rt"
            }

            if (word.Length < 2)
            {
                continue;
            }

            if (PrefixCue(word))
            {
                return true; // "TAN-Generator"
            }

            var tail = word[(word.LastIndexOf('-') + 1)..];
            if ((MayBeCueTail(tail) && (NamesAccessData(tail) || IsWeakTail(tail) || TypedCueLookup.Contains(tail) || IsAccessTail(tail) || UserCueLookup.Contains(tail)))
                || (tail.Length >= 2 && i < text.Length && (text[i] is '@' or '0' or '4' or '3' or '1')))
            {
                return true; // a letter word running into '@' or a digit may be a disguised cue ("P@ssw0rt"); the full check decides
            }
        }

        return false;
    }

    /// <summary>
    /// "admin / Kaese2023", "wiesentalzoo / Giraffe#Lotte22": a user name, a slash and a
    /// generated-looking word, in a draft that speaks of an account or a login at all.
    /// </summary>
    /// <param name="given">Hits that were in the list before this detector ran; the pairs' own values start
    /// at distinct places, so only those can already be at a value's start.</param>
    private void ScanPairs(string text, List<DetectorHit> hits, int given)
    {
        var slash = text.IndexOf(" / ", StringComparison.Ordinal);
        if (slash < 0 || !PairContext(text))
        {
            return;
        }

        for (; slash >= 0; slash = text.IndexOf(" / ", slash + 3, StringComparison.Ordinal))
        {
            var userStart = slash;
            while (userStart > 0 && !char.IsWhiteSpace(text[userStart - 1]))
            {
                userStart--;
            }

            var user = text.AsSpan(userStart, slash - userStart);
            var valueStart = slash + 3;
            var valueEnd = valueStart;
            while (valueEnd < text.Length && !char.IsWhiteSpace(text[valueEnd]))
            {
                valueEnd++;
            }

            var value = text.AsSpan(valueStart, valueEnd - valueStart).TrimEnd(".,;:)\"'“”".AsSpan());
            // "bit (.) ly / wvg-ausflug24": a link broken by spaces, its path after the slash, is not a login.
            var before = text.AsSpan(0, userStart).TrimEnd();
            var brokenLink = before.EndsWith("(.)", StringComparison.Ordinal) || before.EndsWith("[.]", StringComparison.Ordinal) || before.EndsWith(" .", StringComparison.Ordinal);
            if (!brokenLink && user.Length >= 2 && user.IndexOfAny(" ()".AsSpan()) < 0 && LooksGenerated(value.ToString()) && !value.Contains("://", StringComparison.Ordinal)
                && !hits.Take(given).Any(h => h.Start == valueStart))
            {
                hits.Add(new DetectorHit(valueStart, value.Length, Name));
            }
        }
    }

    /// <summary>Vendors' token prefixes: what follows them is a secret even when it is cut short, broken
    /// into groups or shorter than the vendor's full format ("ghp_ 7Kd2 mQ91 …", "sk_live_8fK2").</summary>
    private static readonly (string Prefix, int MinRest)[] TokenPrefixes =
    [
        ("github_pat_", 6), ("ghp_", 6), ("gho_", 6), ("ghu_", 6), ("ghs_", 6), ("ghr_", 6), ("glpat-", 6),
        ("sk_live_", 4), ("sk_test_", 4), ("rk_live_", 4), ("rk_test_", 4), ("xoxb-", 6), ("xoxp-", 6), ("xapp-", 6),
        ("AKIA", 12), ("ASIA", 12), ("eyJhbGci", 8), ("hooks.slack.com/services/", 6),
    ];

    /// <summary>Hits for vendor-prefixed tokens anywhere in the draft; groups separated by single spaces or a
    /// line break count as one token when each has three or more characters.</summary>
    /// <summary>The prefixes as <see cref="ScanPrefixed"/> compares them (the Slack hook ignoring case):
    /// one vectorized search tells whether any occurs before the search for each.</summary>
    private static readonly SearchValues<string> CaseSensitivePrefixes = SearchValues.Create(
        [.. TokenPrefixes.Select(p => p.Prefix).Where(p => !p.StartsWith("hooks", StringComparison.Ordinal))], StringComparison.Ordinal);

    private static readonly SearchValues<string> CaseInsensitivePrefixes = SearchValues.Create(
        [.. TokenPrefixes.Select(p => p.Prefix).Where(p => p.StartsWith("hooks", StringComparison.Ordinal))], StringComparison.OrdinalIgnoreCase);

    private void ScanPrefixed(string text, List<DetectorHit> hits, int given)
    {
        if (!text.AsSpan().ContainsAny(CaseSensitivePrefixes) && !text.AsSpan().ContainsAny(CaseInsensitivePrefixes))
        {
            return;
        }

        foreach (var (prefix, minRest) in TokenPrefixes)
        {
            var comparison = prefix.StartsWith("hooks", StringComparison.Ordinal) ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            for (var at = text.IndexOf(prefix, comparison); at >= 0; at = text.IndexOf(prefix, at + prefix.Length, comparison))
            {
                if (at > 0 && char.IsLetterOrDigit(text[at - 1]) && !prefix.StartsWith("hooks", StringComparison.Ordinal))
                {
                    continue; // inside a word: "TAKIA…"
                }

                var end = at + prefix.Length;
                var rest = 0;
                var distinct = new HashSet<char>();
                while (true)
                {
                    var run = end;
                    while (run < text.Length && (char.IsAsciiLetterOrDigit(text[run]) || text[run] is '_' or '-' or '/' or '.'))
                    {
                        distinct.Add(text[run]);
                        run++;
                    }

                    rest += run - end;
                    end = run;
                    // "ghp_ 7Kd2 mQ91": one space or one line break, then a group of three or more.
                    var next = end;
                    if (next < text.Length && (text[next] == ' ' || text[next] == '\n'))
                    {
                        next++;
                    }

                    var group = next;
                    while (group < text.Length && char.IsAsciiLetterOrDigit(text[group]))
                    {
                        group++;
                    }

                    var part = text.AsSpan(next, group - next);
                    if (next == end || part.Length < 3 || !(part.ContainsAnyInRange('0', '9') || (part.ContainsAnyInRange('a', 'z') && part.ContainsAnyInRange('A', 'Z'))))
                    {
                        break;
                    }

                    end = next;
                }

                var length = text.AsSpan(at, end - at).TrimEnd("./-_".AsSpan()).Length;
                var start = at;
                // "sk_live_XXXXXXXX", "ghp_xxxx…": a placeholder in documentation, not a token.
                if (rest < minRest || distinct.Count < 4 || length - prefix.Length < minRest || hits.Take(given).Any(h => h.Start < start + length && start < h.Start + h.Length))
                {
                    continue;
                }

                hits.Add(new DetectorHit(at, length, Name));
                at = end - prefix.Length;
            }
        }
    }

    private static readonly string[] PairWords =
        ["login", "log-in", "account", "konto", "zugang", "zugangsdaten", "benutzer", "nutzer", "user", "admin", "passwort", "password", "kennwort", "pw", "servicekonto", "testaccount", "credentials",
         "wlan", "wifi", "wi-fi", "ssid", "hotspot"]; // "Staff Wi-Fi: KW-Staff / Pausenbrot!77": a network and its key

    private static bool PairContext(string text)
    {
        foreach (var w in PairWords)
        {
            if (text.Contains(w, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsCue(string word)
    {
        // "P.a.s.s.w.o.r.t", "P-I-N": letters kept apart so a filter does not see the word.
        if (word.Length >= 5 && SpelledOut(word, 0) is { } spelled)
        {
            word = spelled;
        }

        // "P@ssw0rt": a cue written in disguise is still a cue.
        word = Unleet(word);

        // "WLAN-Passwort", "Alarmanlagen-PIN", "Türcode": the last part of a compound decides.
        var tail = word[(word.LastIndexOf('-') + 1)..];
        if (tail.Length < 2 || NotCues.Contains(word) || NotCues.Contains(tail) || NotCues.Contains(word.Replace("-", string.Empty, StringComparison.Ordinal)))
        {
            return false;
        }

        return NamesAccessData(tail);
    }

    /// <summary>Whether the last part of a compound names access data: a cue word ("PIN"), a cue ending
    /// ("Türcode") or a password word ("Passwörter", "Kennwortliste"). One vocabulary for the quick look
    /// over the draft and the check of each word, so the look cannot miss a cue the check would take.</summary>
    private static bool NamesAccessData(ReadOnlySpan<char> tail)
    {
        if (CueLookup.Contains(tail))
        {
            return true;
        }

        foreach (var ending in CueEndings)
        {
            if (tail.EndsWith(ending, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return tail.StartsWith("passw", StringComparison.OrdinalIgnoreCase) || tail.StartsWith("kennw", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsTypedCue(string word)
    {
        var tail = word[(word.LastIndexOf('-') + 1)..];
        return TypedCueWords.Contains(word) || (tail.Length >= 4 && TypedCueWords.Contains(tail));
    }

    /// <summary>"TAN-Generator", "TAN-Verfahren", "PIN-Pad": a compound that starts with a one-time code's name;
    /// it announces only a TAN-shaped (six digits) or keypad-shaped number, never a duration or a year
    /// ("PIN-Sperre dauert 30 Minuten").</summary>
    private static bool PrefixCue(ReadOnlySpan<char> word)
    {
        var dash = word.IndexOf('-');
        if (dash is < 2 or > 3 || dash == word.Length - 1)
        {
            return false;
        }

        var head = word[..dash];
        return head.Equals("tan", StringComparison.OrdinalIgnoreCase) || head.Equals("pin", StringComparison.OrdinalIgnoreCase)
            || head.Equals("otp", StringComparison.OrdinalIgnoreCase);
    }

    private static bool PrefixCue(string word) => PrefixCue(word.AsSpan());

    /// <summary>"SAP-Notfallzugang", "Fernzugang", "access": the way in, named without saying what one types.
    /// Such a word tells a secret only by derivation (<see cref="IsChangedOld"/>), never by a number after it
    /// ("Marktzugang in 120 Ländern", "access via gate 3").</summary>
    private static bool IsAccessCue(string word) => IsAccessTail(word.AsSpan(word.LastIndexOf('-') + 1));

    private static bool IsAccessTail(ReadOnlySpan<char> tail) =>
        (tail.Length >= 6 && tail.EndsWith("zugang", StringComparison.OrdinalIgnoreCase)) || tail.Equals("access", StringComparison.OrdinalIgnoreCase);

    private static bool IsWeakCue(string word)
    {
        return IsWeakTail(word.AsSpan(word.LastIndexOf('-') + 1)) || WeakCueWords.Contains(word);
    }

    /// <summary>The word spelled by single letters with one separator between them ("P.a.s.s.w.o.r.t",
    /// "P-I-N", "K·e·n·n·w·o·r·t") starting at <paramref name="start"/>; null when there is none of at least three letters.</summary>
    private const int MaxSpelledLetters = 16;

    private static string? SpelledOut(string text, int start)
    {
        if (start + 4 >= text.Length || !char.IsLetter(text[start]) || (start > 0 && char.IsLetterOrDigit(text[start - 1])))
        {
            return null;
        }

        var separator = text[start + 1];
        if (separator is not ('.' or '-' or '·' or '•' or '*' or '_' or '/' or '|'))
        {
            return null;
        }

        var letters = new System.Text.StringBuilder();
        var i = start;
        while (i < text.Length && char.IsLetter(text[i]) && (i + 1 >= text.Length || !char.IsLetter(text[i + 1])))
        {
            // No cue is longer than this; a longer run ("a.a.a.a…") is no word, and stopping here keeps
            // a draft of such runs linear (this runs once per single letter).
            if (letters.Length == MaxSpelledLetters)
            {
                return null;
            }

            letters.Append(text[i]);
            if (i + 2 < text.Length && text[i + 1] == separator && char.IsLetter(text[i + 2]))
            {
                i += 2;
                continue;
            }

            break;
        }

        return letters.Length >= 3 ? letters.ToString() : null;
    }

    private static string Unleet(string word)
    {
        if (!word.AsSpan().ContainsAny("@$013457".AsSpan()))
        {
            return word;
        }

        return string.Create(word.Length, word, static (span, w) =>
        {
            for (var i = 0; i < w.Length; i++)
            {
                span[i] = w[i] switch { '@' => 'a', '$' => 's', '0' => 'o', '1' => 'i', '3' => 'e', '4' => 'a', '5' => 's', '7' => 't', _ => w[i] };
            }
        });
    }

    /// <summary>A candidate value: whether it is one, the last token it spans, its digit count, and
    /// whether it is shaped like something typed on a keypad (spaced, hyphenated or written-out digits,
    /// or a trailing '#' or '*').</summary>
    /// <param name="Typed">A password-shaped word (letters with digits, quoted, spelled out letter by
    /// letter or padded with emoji), as opposed to a number.</param>
    private readonly record struct Value(bool IsValue, int Last, int Digits = 0, bool Keyed = false, bool Typed = false);

    /// <summary>Whether a value starts at token j, and the last token it spans.</summary>
    private static Value ValueAt(List<Token> tokens, int j)
    {
        var word = tokens[j].Word;
        if (tokens[j].Quoted && word.Length >= 4 && !word.Contains(' ', StringComparison.Ordinal))
        {
            return new(true, j, Typed: true);
        }

        // Digits: one token ("4711#", "3-3-9-1", "6.6.0.4") or several ("2 8 0 3", "552 917").
        var digits = 0;
        var last = -1;
        for (var k = j; k < tokens.Count && k < j + 12; k++)
        {
            var d = DigitsOnly(tokens[k].Word);
            if (k > j && d < 0 && IsDecoration(tokens[k].Word) && !tokens[k].EndsSentence)
            {
                continue; // "4 🔑 8 🔑 0 🔑 2": emoji between the digits
            }

            // "mit ⏎ 4 8 ⏎ 1 9 #": digits typed in short groups go on over a line break.
            var overLine = k > j && d is 1 or 2 && tokens[k - 1].EndsLine && !tokens[k - 1].EndsClause && DigitsOnly(tokens[k - 1].Word) is 1 or 2;
            if (d < 0 || (k > j && (tokens[k - 1].EndsSentence || tokens[k - 1].EndsClause) && !overLine))
            {
                break;
            }

            digits += d;
            last = k;
            if (d > 2 && k == j)
            {
                break; // a full number stands alone; spaced single digits continue
            }
        }

        if (last >= 0)
        {
            // "552 917": two groups of three still belong together.
            if (last == j && j + 1 < tokens.Count && !tokens[j].EndsSentence && !tokens[j].EndsClause && DigitsOnly(tokens[j + 1].Word) is >= 2 and <= 4 && digits <= 4)
            {
                last = j + 1;
                digits += DigitsOnly(tokens[j + 1].Word);
            }

            var next = last + 1 < tokens.Count ? tokens[last + 1].Word : string.Empty;
            if (PromotionNear(tokens, j))
            {
                return new(false, j);
            }

            if (digits is >= 3 and <= 12 && !Units.Contains(next) && !IsYearOrDate(tokens[j].Word, digits) && !tokens[j].Word.Contains(',', StringComparison.Ordinal)
                && !(last == j && IsRatio(tokens[j].Word)))
            {
                return new(true, last, digits, KeypadShaped(tokens, j, last) || KeypadKeys.Contains(next));
            }

            if (tokens[j].Word.Length != 1 || last != j)
            {
                return new(false, j);
            }

            // "0 b e r l a n d _ D e p o t": a single digit may start a word typed letter by letter (below).
        }

        // "sieben-drei-drei-eins", "acht🙈acht🙈zwei🙈eins", "vier-sieben-eins-eins-Raute"
        if (SpelledDigits(word) is var spelled and >= 3)
        {
            return new(true, j, spelled, Keyed: true);
        }

        // "null acht eins fünf drei", "sieben – drei – drei – null"
        var words = 0;
        var lastWord = j;
        for (var k = j; k < tokens.Count && k < j + 24; k++) // no code has more than twelve digits
        {
            if (NumberWords.Contains(tokens[k].Word))
            {
                words++;
                lastWord = k;
                if (tokens[k].EndsSentence)
                {
                    break;
                }

                continue;
            }

            if (words == 0 || !IsDash(tokens[k].Word) || tokens[k].EndsSentence || tokens[k - 1].EndsClause || k + 1 == tokens.Count || !NumberWords.Contains(tokens[k + 1].Word))
            {
                break;
            }
        }

        if (words >= 3)
        {
            return new(true, lastWord, words, Keyed: true);
        }

        if (PromotionNear(tokens, j))
        {
            return new(false, j);
        }

        if ((LooksGenerated(word) || LooksGenerated(Collapse(word))) && !IsLength(word))
        {
            return new(true, j, Typed: true); // "Wind2020!", "B-r-e-n-n-e-r-2-0-2-5"
        }

        // "h a a r s c h n i t t 9 9", "S c h i l d 🛡️ 2 0 2 4": typed out letter by letter.
        if (word.Length == 1 && char.IsLetterOrDigit(word[0]))
        {
            var typed = new System.Text.StringBuilder();
            var end = j;
            for (var k = j; k < tokens.Count && k < j + 40; k++)
            {
                var w = tokens[k].Word;
                if (w.Length == 1 && char.IsLetterOrDigit(w[0]))
                {
                    typed.Append(w[0]);
                    end = k;
                }
                else if (!IsDecoration(w))
                {
                    break;
                }

                if (tokens[k].EndsSentence || tokens[k].EndsClause)
                {
                    break;
                }
            }

            if (typed.Length >= 6 && typed.ToString().Any(char.IsLetter))
            {
                return new(true, end, Typed: true);
            }
        }

        // "Lager 🐻 2024 🐻 Nord", "Rotor 🌬️ Blatt 🌬️ 2024": parts of one password with emoji between them.
        if (word.Length >= 2 && !tokens[j].EndsSentence && j + 2 < tokens.Count && IsDecoration(tokens[j + 1].Word))
        {
            var joined = new System.Text.StringBuilder(word);
            var end = j;
            var parts = 1;
            for (var k = j + 1; k + 1 < tokens.Count && IsDecoration(tokens[k].Word) && !tokens[k].EndsSentence && !IsDecoration(tokens[k + 1].Word); k += 2)
            {
                joined.Append(tokens[k + 1].Word);
                end = k + 1;
                parts++;
                if (tokens[k + 1].EndsSentence)
                {
                    break;
                }
            }

            if (parts >= 3 && joined.Length <= 40 && LooksGenerated(joined.ToString()))
            {
                return new(true, end, Typed: true);
            }
        }

        return new(false, j);
    }

    /// <summary>"B-r-e-n-n-e-r-2-0-2-5" → "Brenner2025", "P.a.s.s.w.o.r.t" → "Passwort": a word typed with a
    /// separator after every letter; any other word as it is.</summary>
    private static string Collapse(string word)
    {
        if (word.Length < 9)
        {
            return word;
        }

        var sb = new System.Text.StringBuilder(word.Length / 2 + 1);
        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i];
            if (i % 2 == 1)
            {
                if (c is not ('-' or '.' or '·' or '_' or '–'))
                {
                    return word;
                }

                continue;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>Words that tell how to derive a secret or give a part of it ("rückwärts", "Geburtsjahr",
    /// "starts with", "first half"), after a cue; nouns and adverbs count only once the sentence says what
    /// the secret is ("ist", "is", "=", ":"), verbs of parts ("fängt mit", "ends with") right after the cue.</summary>
    private static readonly FrozenSet<string> DerivationWords = new[]
    {
        "rückwärts", "rueckwaerts", "backwards", "reversed", "umgedreht", "geburtsjahr", "geburtsdatum", "geburtstag",
        "birthday", "birthdate", "birth", "gründungsjahr", "gruendungsjahr", "founded", "firmenname", "firmennamen",
        "firmennamens", "teamname", "teamnamen", "vorname", "vornamen", "postleitzahl", "plz", "zip", "hälfte", "haelfte",
        "half", "halves", "usual", "übliche", "gleiche", "selbe", "derselbe", "dieselbe", "dasselbe", "same", "hausnummer",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> PartVerbs = new[]
    {
        "fängt", "faengt", "beginnt", "startet", "starts", "begins", "endet", "ends",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> ChangeWords = new[]
    {
        "statt", "instead", "plus", "+", "mit", "with",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> PartNouns = new[]
    {
        "hälfte", "haelfte", "half", "teil", "part",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Words right before a number that tell it as what a lock is now set to.</summary>
    private static readonly FrozenSet<string> SettingWords = new[]
    {
        "jetzt", "nun", "neu", "now", "lautet",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>A year-shaped number ("1983", "2580#") that closes its sentence or clause, or is the draft's last word.</summary>
    private static bool YearShapedSetting(List<Token> tokens, int j)
    {
        var word = tokens[j].Word.TrimEnd('#', '*');
        return word.Length == 4 && DigitsOnly(word) == 4
            && (tokens[j].EndsSentence || tokens[j].EndsClause || j + 1 == tokens.Count || KeypadKeys.Contains(tokens[j + 1].Word) || tokens[j].Word.Length > 4);
    }

    private static readonly FrozenSet<string> Copulas = new[]
    {
        "ist", "is", "=", "lautet", "sind", "are", "war", "was", "heißt", "heisst", "bleibt", "remains", "stays", "wie",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>"wie immer", "wie besprochen", "like always": the agreed one, not an example.</summary>
    private static readonly FrozenSet<string> AsAgreed = new[]
    {
        "immer", "besprochen", "gesagt", "vereinbart", "abgesprochen", "gewohnt", "bekannt", "üblich", "angekündigt", "versprochen",
        "always", "usual", "discussed", "agreed", "promised",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>"die gleiche wie …", "same as": a comparison, not an example.</summary>
    private static readonly FrozenSet<string> SameWords = new[]
    {
        "gleiche", "gleich", "selbe", "derselbe", "dieselbe", "dasselbe", "same", "immer",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> Negations = new[]
    {
        "nicht", "not", "kein", "keine", "keinen", "don't", "dont", "never", "nie", "niemals", "bad", "schlecht", "schlechte",
        "schlechtes", "idea", "idee", "avoid", "vermeide", "vermeidet", "vermeiden",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>"der alte, nur mit 2025 hinten dran statt 2024", "same as before plus 1", "wie immer, nur mit 26
    /// hinten": the known old secret with a change and its number.</summary>
    private static bool IsChangedOld(List<Token> tokens, int j)
    {
        var word = tokens[j].Word;
        if (!OldWords.Contains(word) && !(string.Equals(word, "immer", StringComparison.OrdinalIgnoreCase) && j > 0 && string.Equals(tokens[j - 1].Word, "wie", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        var change = false;
        for (var k = j + 1; k < tokens.Count && k <= j + 6; k++)
        {
            if (ChangeWords.Contains(tokens[k].Word))
            {
                change = true;
            }
            else if (change && DigitsOnly(tokens[k].Word) > 0)
            {
                return true;
            }

            if (tokens[k].EndsSentence)
            {
                break;
            }
        }

        return false;
    }

    private static bool IsDerivation(List<Token> tokens, int j, bool copula)
    {
        var word = tokens[j].Word;
        if (PartVerbs.Contains(word) || IsChangedOld(tokens, j))
        {
            return true;
        }

        // "erste Hälfte 38", "part two: 19#": a part of a code, with its digits.
        if (PartNouns.Contains(word) && j + 1 < tokens.Count && tokens[j + 1].Word.Any(char.IsAsciiDigit))
        {
            return true;
        }

        if (string.Equals(word, "immer", StringComparison.OrdinalIgnoreCase) && j > 0 && string.Equals(tokens[j - 1].Word, "wie", StringComparison.OrdinalIgnoreCase))
        {
            // "Passwort wie immer, nur mit ner 5 am Ende": the usual one with a change is given away;
            // "steht wie immer an der Kasse" says only where it is.
            for (var k = j + 1; k < tokens.Count && k <= j + 3; k++)
            {
                if (ChangeWords.Contains(tokens[k].Word))
                {
                    return true;
                }
            }

            return false;
        }

        return copula && DerivationWords.Contains(word);
    }

    /// <summary>
    /// Advice, negation or talk about the rules around a cue: then it names no shared secret. Before any
    /// cue, advice among the <see cref="AdviceWindow"/> words before it counts ("gib niemals deine PIN",
    /// "in der Schulung"), a sentence end between them or not. A secret told by how to derive it has no
    /// value to judge by, so there the <paramref name="wholeSentence"/> counts, with negations and a
    /// question after the cue: "never use your birth date as your PIN", "Your password is the same everywhere?".
    /// </summary>
    private static bool AdviceNear(List<Token> tokens, int cue, bool wholeSentence)
    {
        var start = Math.Max(0, cue - AdviceWindow);
        var clause = cue;
        if (wholeSentence)
        {
            start = cue;
            while (start > 0 && !tokens[start - 1].EndsSentence)
            {
                start--;
            }

            // A negation counts in the cue's own clause and after it ("nutzt nie euren Firmennamen als Passwort"),
            // not in a clause before it ("die im Homeoffice nicht ins CMS kommen: … PW wie immer, nur mit 26").
            while (clause > start && !tokens[clause - 1].EndsClause)
            {
                clause--;
            }
        }

        for (var k = start; k < tokens.Count && (wholeSentence || k < cue); k++)
        {
            var word = tokens[k].Word;
            if (Advice.Contains(word) || (wholeSentence && ((k >= clause && Negations.Contains(word)) || (k >= cue && tokens[k].Asks))))
            {
                return true;
            }

            if (wholeSentence && k >= cue && tokens[k].EndsSentence)
            {
                break;
            }
        }

        return false;
    }

    /// <summary>"4 7 1 1", "3-3-9-1", "4711#", "3️⃣8️⃣1️⃣": digits typed one by one or ended by a key. Runs of
    /// three or more digits between separators ("0621 5500-200") are a phone number's shape instead.</summary>
    private static bool KeypadShaped(List<Token> tokens, int first, int last)
    {
        var run = 0;
        var longest = 0;
        var keyed = false;
        for (var k = first; k <= last; k++)
        {
            foreach (var c in tokens[k].Word)
            {
                if (char.IsAsciiDigit(c))
                {
                    longest = Math.Max(longest, ++run);
                }
                else
                {
                    keyed |= c is '#' or '*' or '\u20E3';
                    run = 0;
                }
            }

            run = 0;
        }

        return keyed || (longest <= 2 && (last > first || tokens[first].Word.AsSpan().IndexOfAny("-.·/".AsSpan()) >= 0));
    }

    /// <summary>Whether a number is given as a phone line: "Notruf 116 116", "+49 89 2155 8800".</summary>
    private static bool PhoneBefore(List<Token> tokens, int value)
    {
        for (var k = Math.Max(0, value - 2); k < value; k++)
        {
            var word = tokens[k].Word;
            if (word.StartsWith('+'))
            {
                return true;
            }

            // "came through on my phone: 482 913", "on my work phone… TAN 839201": the device a code arrived on,
            // not a line to call; so is a phone word with a cue between it and the number.
            if (PhoneWords.Contains(word[(word.LastIndexOf('-') + 1)..])
                && !(k > 0 && Possessives.Contains(tokens[k - 1].Word) && DigitsOnly(tokens[value].Word) is > 0 and <= 8)
                && !(k + 1 < value && IsCue(tokens[k + 1].Word)))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly FrozenSet<string> Possessives = new[]
    {
        "my", "mein", "meinem", "meinen", "meins", "your", "dein", "deinem", "work", "private", "privates", "privaten", "dienst",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The number of digits a word spells out when its parts, split at any non-letter, are all
    /// number words (a keypad key may end it); 0 otherwise.</summary>
    private static int SpelledDigits(string word)
    {
        var parts = 0;
        var i = 0;
        var keyed = false;
        while (i < word.Length)
        {
            while (i < word.Length && !char.IsLetter(word[i]))
            {
                i++;
            }

            var start = i;
            while (i < word.Length && char.IsLetter(word[i]))
            {
                i++;
            }

            if (i == start)
            {
                break;
            }

            if (keyed)
            {
                return 0; // a key in the middle: not a spelled code
            }

            var part = word[start..i];
            if (NumberWords.Contains(part))
            {
                parts++;
            }
            else if (parts >= 3 && KeypadKeys.Contains(part))
            {
                keyed = true;
            }
            else
            {
                return 0;
            }
        }

        return parts;
    }

    /// <summary>"Mit dem Code SOMMER10 spart ihr 10 %": a discount code is meant to be shared.</summary>
    private static bool PromotionNear(List<Token> tokens, int value)
    {
        // "Mit dem Code STRIKE10 gibt's bis Ende Februar 10 % auf …": the offer may come seven words on.
        for (var k = Math.Max(0, value - 4); k < tokens.Count && k <= value + 7; k++)
        {
            // "3 free rides with code MUENSTER3": free before the code; "… enjoy the free coffee" after a key is not an offer.
            if (tokens[k].Offer == Offer.Always || (k < value && tokens[k].Offer == Offer.Before))
            {
                return true;
            }
        }

        return NamesItsDiscount(tokens, value);
    }

    /// <summary>"50 % off your first delivery with code VEGGIE50", "15 % auf alle Eichendielen …, Code
    /// BODEN15": a code whose number is the discount the post names is that discount's code, however far
    /// the offer stands from it.</summary>
    private static bool NamesItsDiscount(List<Token> tokens, int value)
    {
        var word = tokens[value].Word.AsSpan();
        var digitsFrom = word.Length;
        while (digitsFrom > 0 && char.IsAsciiDigit(word[digitsFrom - 1]))
        {
            digitsFrom--;
        }

        if (digitsFrom == 0 || word.Length - digitsFrom is < 1 or > 3 || !char.IsLetter(word[digitsFrom - 1]))
        {
            return false;
        }

        var amount = word[digitsFrom..];
        for (var k = 0; k < tokens.Count; k++)
        {
            var w = tokens[k].Word.AsSpan();
            var isAmount = w.StartsWith(amount, StringComparison.Ordinal) && (w.Length == amount.Length ||
                (w.Length == amount.Length + 1 && w[^1] is '%' or '€'));
            if (k != value && isAmount && (w.Length > amount.Length ||
                (k + 1 < tokens.Count && tokens[k + 1].Word is "%" or "€" or "Prozent" or "percent" or "Euro" or "EUR")))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a word speaks of an offer; decided once per word in <see cref="Tokenize"/>, since every
    /// candidate value looks at the words around it.</summary>
    private enum Offer : byte
    {
        None,
        Always,
        Before,
    }

    private static Offer OfferOf(List<Token> tokens, int k)
    {
        var word = tokens[k].Word;
        if (Promotion.Contains(word) || word.EndsWith("-shop", StringComparison.OrdinalIgnoreCase) || (word.Length > 1 && word.EndsWith('%') && char.IsAsciiDigit(word[0]))
            || (k > 0 && string.Equals(word, "off", StringComparison.OrdinalIgnoreCase) && (tokens[k - 1].Word.EndsWith('%') || tokens[k - 1].Word.EndsWith('€') || Units.Contains(tokens[k - 1].Word))))
        {
            return Offer.Always; // "20 % off" is a discount; "disarm with 2 5 8 0 then OFF" a key
        }

        return FreeWords.Contains(word) ? Offer.Before : Offer.None;
    }

    /// <summary>The number of digits if the word is only digits and separators ("3-3-9-1", "4711#"); -1 otherwise.</summary>
    private static int DigitsOnly(string word)
    {
        var digits = 0;
        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i];
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c is '\uFE0F' or '\u20E3')
            {
                continue; // keycap emoji: "3️⃣" is a 3
            }
            else if (i > 0 && (char.IsSurrogate(c) || c == '\u200D'))
            {
                continue; // "0-8-1-5-🔑-4", "3️⃣🐒8️⃣🐒1️⃣": an emoji between the digits hides nothing
            }
            else if (i == 0 && word.Length >= 5 && char.IsAsciiDigit(word[1]) && (c == '*' || (c == '#' && !(word.Length == 5 && word[1] is '1' or '2' && word[2] is '9' or '0'))))
            {
                continue; // "*0451#", "#2290": a key first; "#2024" is a hashtag year
            }
            else if (c is not ('-' or '.' or '·' or '/' or '#' or '*' or ',') || i == 0)
            {
                return -1;
            }
        }

        return digits == 0 ? -1 : digits;
    }

    /// <summary>"24/7", "3/4": one slash between two numbers is a ratio, a fraction or a score, not a code.</summary>
    private static bool IsRatio(string word)
    {
        var slash = word.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < word.Length - 1 && word.AsSpan(0, slash).IndexOfAnyExceptInRange('0', '9') < 0
            && word.AsSpan(slash + 1).IndexOfAnyExceptInRange('0', '9') < 0;
    }

    /// <summary>A negation right before a value, after the cue: "NICHT auf 'Sommer2024!'", "not to 1234".</summary>
    private static bool NegatedValue(List<Token> tokens, int cue, int value)
    {
        // Only in the value's own clause: "falls Jens wieder nicht rangeht: vier sieben eins eins" is a code.
        for (var k = value - 1; k > cue && k >= value - 2 && !tokens[k].EndsClause && !tokens[k].EndsSentence; k--)
        {
            if (ValueNegations.Contains(tokens[k].Word))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly FrozenSet<string> ValueNegations = new[]
    {
        "nicht", "not", "never", "nie", "niemals", "kein", "keinesfalls", "nor", "weder",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>"20-character", "8-stellige", "12-digit": a length, not a password.</summary>
    private static readonly string[] LengthWords =
        ["character", "characters", "chars", "char", "zeichen", "stellig", "stellige", "stelligen", "stelliges", "digit", "digits", "ziffern", "letter", "letters", "buchstaben"];

    private static bool IsLength(string word)
    {
        var dash = word.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || word.AsSpan(0, dash).IndexOfAnyExceptInRange('0', '9') >= 0)
        {
            return false;
        }

        var rest = word.AsSpan(dash + 1);
        foreach (var unit in LengthWords)
        {
            if (rest.Equals(unit, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsDash(string word) => word is "-" or "–" or "—" or "/" or "·";

    private static bool IsYearOrDate(string word, int digits)
    {
        if (digits == 4 && word.Length == 4 && (word.StartsWith("19", StringComparison.Ordinal) || word.StartsWith("20", StringComparison.Ordinal)))
        {
            return true;
        }

        // "am 14.9.": a day and a month (the tokenizer took the last dot) is a date, not a keypad code.
        if (word.Count(c => c == '.') == 1 && word.Split('.') is [var day, var month] && day.Length is 1 or 2 && month.Length is 1 or 2
            && int.TryParse(day, out var d) && int.TryParse(month, out var m) && d is >= 1 and <= 31 && m is >= 1 and <= 12 && digits <= 4)
        {
            return true;
        }

        // 03.10. or 3.10.2024: two dots between one- or two-digit groups is a date.
        var parts = word.Split('.', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length is 2 or 3 && word.Count(c => c == '.') >= 2 && parts[0].Length <= 2 && parts[1].Length <= 2 && parts.All(p => p.All(char.IsAsciiDigit)) && word.IndexOf('.', StringComparison.Ordinal) is 1 or 2 && parts.Length != 4;
    }

    /// <summary>Emoji and other symbols with no letter or digit.</summary>
    private static bool IsDecoration(string word)
    {
        foreach (var c in word)
        {
            if (char.IsLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool LooksGenerated(string word)
    {
        if (word.Length is < 5 or > 64 || word.Contains("://", StringComparison.Ordinal) || word.Contains('@', StringComparison.Ordinal) && word.Contains('.', StringComparison.Ordinal))
        {
            return false;
        }

        bool letter = false, digit = false, upper = false, lower = false, inner = false;
        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i];
            letter |= char.IsLetter(c);
            digit |= char.IsDigit(c);
            upper |= i > 0 && char.IsUpper(c);
            lower |= char.IsLower(c);
            inner |= i > 0 && i < word.Length - 1 && c is '!' or '#' or '$' or '%' or '&' or '*' or '@' or '+' or '=' or '?';
        }

        // "LernHaus!Demo": no digit, but both cases and a symbol inside a word.
        return letter && (digit || (word.Length >= 8 && upper && lower && inner));
    }

    /// <param name="EndsClause">A ':', '=' or ',' follows: "Halle 3: 4711" is two numbers.</param>
    /// <param name="EndsLine">A line break follows (also ends the sentence): a value may sit on the next
    /// line of a list ("Kennwort ist ⏎ Sonnenblume24").</param>
    /// <param name="Asks">A '?' follows: a question gives nothing away ("Your password is the same everywhere?").</param>
    /// <param name="Abbreviated">An abbreviated cue with its dot ("Passw."): the dot ends no sentence.</param>
    /// <param name="Offer">Whether the word speaks of an offer (see <see cref="PromotionNear"/>).</param>
    private readonly record struct Token(int Start, string Word, bool EndsSentence, bool Quoted, bool EndsClause = false, bool EndsLine = false, bool Asks = false, bool Abbreviated = false, Offer Offer = Offer.None);

    /// <summary>Words with surrounding punctuation trimmed; quotes mark a quoted value; '.', '!', '?'
    /// and line breaks end a sentence (a colon does not: "Code: 4711").</summary>
    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                if (text[i] == '\n' && tokens.Count > 0)
                {
                    tokens[^1] = tokens[^1] with { EndsSentence = true, EndsLine = true };
                }

                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            var raw = text[start..i];
            var bare = raw.TrimEnd('.', ',', ';', ':', '!', '?', ')');
            var quoted = bare.Length > 2 && IsQuote(bare[0]) && IsQuote(bare[^1]);
            var lead = 0;
            while (lead < raw.Length && (IsQuote(raw[lead]) || raw[lead] is '(' or '[' or '„' or '»' or '«'))
            {
                lead++;
            }

            var trail = raw.Length;
            var ends = false;
            var clause = false;
            var dots = 0;
            var loud = false;
            while (trail > lead && (IsQuote(raw[trail - 1]) || raw[trail - 1] is ')' or ']' or ',' or ';' or ':' or '=' or '.' or '!' or '?' or '…'))
            {
                // "im 2. OG": a number of one or two digits with a dot is an ordinal, not a sentence end.
                var ordinal = raw[trail - 1] == '.' && trail - 1 - lead is 1 or 2 && raw.AsSpan(lead, trail - 1 - lead).IndexOfAnyExceptInRange('0', '9') < 0;
                ends |= raw[trail - 1] is '!' or '?' || (raw[trail - 1] == '.' && !ordinal);
                loud |= raw[trail - 1] is '!' or '?';
                dots += raw[trail - 1] switch { '.' => 1, '…' => 2, _ => 0 };
                clause |= raw[trail - 1] is ':' or '=' or ',' or ';';
                trail--;
            }

            // "das Passwort steht… ach egal, es ist Glow2024Neuss": an ellipsis is a pause, not a sentence end.
            if (dots >= 2 && !loud)
            {
                ends = false;
            }

            var abbreviated = ends && dots == 1 && !loud && trail < raw.Length && raw[trail] == '.' && AbbreviatedCues.Contains(raw[lead..trail]);

            // Keep a trailing '#' or '*' of a keypad code and the '!' of a password ("Wind2020!").
            if (trail < raw.Length && raw[trail] == '!' && trail > lead && char.IsLetterOrDigit(raw[trail - 1]) && raw[lead..trail].Any(char.IsDigit))
            {
                trail++;
                ends = false;
            }

            // "2 0 2 5🔑", "4711#👍": an emoji stuck to a code is decoration, not part of the value.
            var digitsEnd = trail;
            while (digitsEnd > lead && !char.IsAscii(raw[digitsEnd - 1]) && !char.IsLetterOrDigit(raw[digitsEnd - 1]) && raw[digitsEnd - 1] != '\u20E3')
            {
                digitsEnd--;
            }

            if (digitsEnd < trail && digitsEnd > lead && (char.IsAsciiDigit(raw[digitsEnd - 1]) || raw[digitsEnd - 1] is '#' or '*'))
            {
                trail = digitsEnd;
            }

            var asks = raw.AsSpan(trail).Contains('?');
            if (trail > lead)
            {
                tokens.Add(new Token(start + lead, raw[lead..trail], ends, quoted, clause, Asks: asks, Abbreviated: abbreviated));
            }
            else if (ends && tokens.Count > 0)
            {
                tokens[^1] = tokens[^1] with { EndsSentence = true, Asks = tokens[^1].Asks || asks };
            }
            else if (clause && tokens.Count > 0)
            {
                tokens[^1] = tokens[^1] with { EndsClause = true }; // "Alarmanlage = Geburtsjahr …": the '=' stands apart
            }
        }

        for (var k = 0; k < tokens.Count; k++)
        {
            if (OfferOf(tokens, k) is var offer and not Offer.None)
            {
                tokens[k] = tokens[k] with { Offer = offer };
            }
        }

        return tokens;
    }

    private static bool IsQuote(char c) => Policy.Core.Normalize.Quotes.IsQuote(c);
}
