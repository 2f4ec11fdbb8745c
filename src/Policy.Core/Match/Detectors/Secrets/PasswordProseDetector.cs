using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Policy.Core.Match.Detectors.Secrets;

/// <summary>
/// "password-prose": a password (or PIN, WLAN key) given in a sentence or an assignment, German or English:
/// "Das Passwort lautet Blaubeere#77", "Das WLAN-Passwort ist Sonne123!", "pw: Sonne123!", "PW=geheim2024",
/// "password=hunter2", "Kennwort: …", "Zugangsdaten: max / Sonne123!", "WLAN-Schlüssel: …", "PIN ist 4711",
/// <c>administrator_login_password = "thisIsDog11"</c>. The hit is the password only.
/// </summary>
/// <remarks>
/// A password word, up to four qualifying words ("für das WLAN"), a connector (lautet, ist, is, heißt,
/// ":", "="), then the value. An unquoted value counts when it looks like a password: 4–64 characters,
/// with a digit, a symbol or inner upper case, and is not a plain word, URL, e-mail address, variable,
/// placeholder or "8-stellig". A quoted value ("…", '…', „…“) of 6+ characters counts unless it is a
/// placeholder or stop word. A PIN must be 4–8 digits. Help texts ("Passwort vergessen?", "Das Passwort
/// ist sicher gespeichert", "Choose a strong password!") have no value that passes.
/// </remarks>
public sealed class PasswordProseDetector : IDetector
{
    public string Name => "password-prose";

    public DetectorInput Input => DetectorInput.Original;

    public IReadOnlyList<string> Keywords { get; } =
        ["passw", "kennw", "pw", "passphrase", "pin", "wlan", "wifi", "wi-fi", "wpa", "zugangs", "anmeldedaten", "login", "credentials"];

    private const string Connector = @"(?:lautet|lautete|ist|is|was|war|heißt|heisst|wäre)";

    private static readonly Regex Prose = new(
        @"(?i)(?:(?<pin>(?<![\p{L}\d])pin(?:-?code)?)|passwor[dt]|kennwort|passwd|passphrase|zugangscode|(?<![\p{L}\d])pwd?" +
        @"|(?<![\p{L}\d])(?:wlan|wifi|wi-fi|wpa2?)[ \-]?(?:schlüssel|schluessel|key|code))" +
        @"(?![\p{L}\d_])[""']?" +
        @"(?:[ \t]+(?!" + Connector + @"(?![\p{L}]))[\p{L}\d.@\-]+){0,4}?" +
        @"[ \t]*(?:" + Connector + @"(?![\p{L}])(?:[ \t]*:)?|:=|[:=]|->)" +
        @"(?:[ \t]+(?:jetzt|nun|now|neu|still|weiterhin|einfach|übrigens|uebrigens|simply|just|also|auch|immer[ \t]+noch)(?![\p{L}]))?[ \t]*" +
        @"(?:(?<q>[""'„“‚‘»«`])(?<s>[^""'„“”‚‘’»«`\r\n]{1,64})[""'“”‘’»«`]|(?<s>[^\s""'„“”«»]{1,64}))",
        SecretText.Options, SecretText.Timeout);

    private static readonly Regex UserPass = new(
        @"(?i)(?<![\p{L}])(?:zugangsdaten|anmeldedaten|login(?:daten)?|credentials|benutzer[ \t]*/[ \t]*passwort|user[ \t]*/[ \t]*pass(?:word)?)" +
        @"[ \t]*:[ \t]*(?<user>[^\s/|,;]{2,64})[ \t]*(?:/|\||,|;)[ \t]*(?<s>[^\s""']{1,64})",
        SecretText.Options, SecretText.Timeout);

    // "Passwort Ulm2024!!": no connector at all, so only a value that is plainly generated counts
    // (letters, digits and a symbol), right after the word.
    private static readonly Regex Bare = new(
        @"(?i)(?<![\p{L}\d])(?:passwor[dt]|kennwort|passwd|pwd?)[ \t]+(?<s>[^\s""'„“”«»]{6,64})",
        SecretText.Options, SecretText.Timeout);

    private static readonly Regex AboutSomethingElse = new(
        @"(?i)^(?:passwor[dt]|kennwort|pw)[ \t\-]?(?:manager|safe|tresor|generator|richtlinien?|policy|policies|regeln?|rules?|hinweis|hint)(?:[^\p{L}]|$)",
        SecretText.Options, SecretText.Timeout);

    private static readonly Regex CodeReference = new(
        @"^(?:[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|%\w+%|\w+\(.*)$",
        SecretText.Options, SecretText.Timeout);

    private static readonly Regex LengthSpec = new(
        @"(?i)^\d+(?:[+\-]|[+\-]?(?:stellig|digits?|zeichen|chars?|characters?|letters?|buchstaben|ziffern))$|^\d+-\d+$",
        SecretText.Options, SecretText.Timeout);

    private static readonly Regex Email = new(@"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$", SecretText.Options, SecretText.Timeout);

    private static readonly FrozenSet<string> StopWords = new[]
    {
        "sicher", "gespeichert", "pflicht", "falsch", "richtig", "korrekt", "abgelaufen", "geändert", "geaendert",
        "vergessen", "zurückgesetzt", "leer", "nicht", "kein", "keine", "required", "incorrect", "wrong", "invalid",
        "expired", "changed", "reset", "strong", "weak", "secure", "safe", "too", "not", "the", "ein", "eine", "das",
        "der", "die", "dein", "deine", "ihr", "your", "mein", "meine", "neu", "new", "same", "gleich", "identisch",
        "okay", "optional", "ungültig", "gültig", "erforderlich", "notwendig", "verschlüsselt", "encrypted", "hashed",
        "gehasht", "unbekannt", "unknown", "siehe", "see", "below", "unten", "oben", "above", "anbei", "attached",
        "vertraulich", "confidential", "streng", "geheim", "secret", "hidden", "versteckt", "redacted", "geschwärzt",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public void Scan(string text, List<DetectorHit> hits)
    {
        for (var m = Prose.Match(text); m.Success; m = m.NextMatch())
        {
            // "Unser Passwort-Manager heißt KeePassXC" names a tool, not a password.
            if (AboutSomethingElse.IsMatch(m.Value))
            {
                continue;
            }

            var s = m.Groups["s"];
            Consider(s.Value, s.Index, m.Groups["q"].Success, m.Groups["pin"].Success, hits);
        }

        for (var m = UserPass.Match(text); m.Success; m = m.NextMatch())
        {
            var s = m.Groups["s"];
            Consider(s.Value, s.Index, quoted: false, pin: false, hits);
        }

        for (var m = Bare.Match(text); m.Success; m = m.NextMatch())
        {
            var s = m.Groups["s"];
            var value = s.Value.TrimEnd('.', ',', ';', ')');
            if (HasAllClasses(value) && IsPasswordLike(value, quoted: false, pin: false) && !hits.Exists(h => h.Start <= s.Index && s.Index < h.Start + h.Length))
            {
                hits.Add(new DetectorHit(s.Index, value.Length, Name));
            }
        }
    
    }

    private void Consider(string value, int index, bool quoted, bool pin, List<DetectorHit> hits)
    {
        if (!quoted)
        {
            value = value.TrimEnd('.', ',', ';', ':', ')', '?', '"', '\'', '“', '”');
        }

        if (value.Length > 0 && IsPasswordLike(value, quoted, pin) &&
            !hits.Exists(h => h.Start == index && h.Entity == Name))
        {
            hits.Add(new DetectorHit(index, value.Length, Name));
        }
    }

    internal static bool IsPasswordLike(string value, bool quoted, bool pin)
    {
        if (pin)
        {
            return value.Length is >= 4 and <= 8 && value.All(char.IsAsciiDigit);
        }

        if (value.Length is < 4 or > 64)
        {
            return false;
        }

        var core = value.TrimEnd('!', '?', '.');
        if (core.Length < 4 || StopWords.Contains(core) || CredentialPlaceholders.IsPlaceholder(core) ||
            LengthSpec.IsMatch(core) || Email.IsMatch(core) || CodeReference.IsMatch(core) ||
            core.Contains("://", StringComparison.Ordinal) || core.StartsWith("ENC[", StringComparison.Ordinal) || core.StartsWith("www.", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (core.All(char.IsAsciiDigit))
        {
            // a year is rarely a password in prose ("ist 2024 abgelaufen")
            return !(core.Length == 4 && (core.StartsWith("19", StringComparison.Ordinal) || core.StartsWith("20", StringComparison.Ordinal)));
        }

        if (quoted)
        {
            return core.Length >= 6 && !core.Contains(' ', StringComparison.Ordinal) || LooksGenerated(core);
        }

        return LooksGenerated(core);
    }

    private static bool HasAllClasses(string v) =>
        v.Any(char.IsLetter) && v.Any(char.IsDigit) && v.Any(c => !char.IsLetterOrDigit(c));

    /// <summary>Has a digit, a symbol, or an upper-case letter after the first character.</summary>
    private static bool LooksGenerated(string v)
    {
        if (v.Contains(' ', StringComparison.Ordinal))
        {
            return false;
        }

        for (var i = 0; i < v.Length; i++)
        {
            var c = v[i];
            if (char.IsDigit(c) || (!char.IsLetter(c) && c != '-') || (i > 0 && char.IsUpper(c) && char.IsLower(v[i - 1])))
            {
                return true;
            }
        }

        return false;
    }
}
