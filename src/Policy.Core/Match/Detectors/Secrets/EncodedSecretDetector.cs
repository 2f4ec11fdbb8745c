using System.Collections.Frozen;

namespace Policy.Core.Match.Detectors.Secrets;

/// <summary>
/// "encoded-secret": access data hidden in Base64, "YWRtaW46V2luZDIwMjUh (decode at your own risk), that's
/// the SCADA admin": a word of the Base64 alphabet that decodes to readable text, in a draft that speaks of
/// a login, password, admin or key. Encoding hides a secret from a reader's eye, not from anyone who decodes
/// it. The hit is the encoded word; a word cut short ("Qm9yZWFz…=") is judged by the part before the cut.
/// </summary>
/// <remarks>
/// German compounds and hashtags are Base64 letters too, but they do not decode to readable text (the
/// chance that twelve random Base64 characters do is below one in a thousand), and a readable decoding
/// alone (a puzzle, "SGFwcHkgQmlydGhkYXk=") is no secret without an access word in the draft. One pass
/// over the words, each decoded at most once: linear in the text.
/// </remarks>
public sealed class EncodedSecretDetector : IDetector
{
    private const int MinLength = 12;
    private const int MaxLength = 512;

    public string Name => "encoded-secret";

    public DetectorInput Input => DetectorInput.Original;

    /// <summary>Words that make a decoded word access data; also the detector's keywords.</summary>
    private static readonly string[] AccessWords =
        ["admin", "root", "login", "passw", "kennw", "pw", "credential", "zugang", "secret", "token", "key", "schluessel", "pin", "decode", "base64", "dekodier", "decodier"];

    public IReadOnlyList<string> Keywords => AccessWords;

    private static readonly FrozenSet<string> ContextWords = new[]
    {
        "admin", "administrator", "root", "login", "logins", "pw", "pwd", "credentials", "creds", "zugang", "zugangsdaten",
        "secret", "token", "key", "apikey", "schlüssel", "pin", "user", "benutzer", "account", "konto",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> ContextLookup = ContextWords.GetAlternateLookup<ReadOnlySpan<char>>();

    public void Scan(string text, List<DetectorHit> hits)
    {
        bool? context = null;
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !IsBase64(text[i]))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && IsBase64(text[i]))
            {
                i++;
            }

            var end = i;
            if (end - start < 8 || (start > 0 && (char.IsLetterOrDigit(text[start - 1]) || text[start - 1] is '_' or '-' or '.' or '@' or ':' or '#')))
            {
                continue; // a part of a word, a link, a mail address or a hashtag
            }

            // "Qm9yZWFz…=", "Qm9yZWFzLWFkbWlu...": cut short, the padding may follow the cut.
            var body = end;
            if (i < text.Length && (text[i] == '…' || (i + 2 < text.Length && text[i] == '.' && text[i + 1] == '.' && text[i + 2] == '.')))
            {
                i += text[i] == '…' ? 1 : 3;
                while (i < text.Length && text[i] == '=')
                {
                    i++;
                }

                end = i;
            }
            else if (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '-' or '@' or '.' && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1])))
            {
                continue; // "word_with_more", "a.b.c": not one Base64 word
            }

            if (body - start >= MinLength || (body - start >= 8 && text[body - 1] == '='))
            {
                if (body - start <= MaxLength && DecodesToText(text.AsSpan(start, body - start)) && (context ??= HasContext(text)))
                {
                    hits.Add(new DetectorHit(start, end - start, Name));
                }
            }
        }
    }

    private static bool IsBase64(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=';

    /// <summary>Whether the word is Base64 (letters of both cases or digits, padding only at the end) that
    /// decodes to at least six bytes of readable ASCII with a letter in them.</summary>
    private static bool DecodesToText(ReadOnlySpan<char> word)
    {
        var padding = word.Length - word.TrimEnd('=').Length;
        var data = word[..^padding];
        if (padding > 2 || data.IndexOf('=') >= 0 || data.Length < 8)
        {
            return false;
        }

        bool upper = false, lower = false, digit = false;
        foreach (var c in data)
        {
            upper |= char.IsAsciiLetterUpper(c);
            lower |= char.IsAsciiLetterLower(c);
            digit |= char.IsAsciiDigit(c);
        }

        if (!(upper && lower) && !digit)
        {
            return false; // a plain word
        }

        // A cut-off word is judged by its whole groups of four.
        var usable = data.Length - (data.Length % 4);
        Span<byte> decoded = stackalloc byte[(MaxLength / 4 * 3) + 3];
        if (!Convert.TryFromBase64Chars(data[..usable], decoded, out var written) || written < 6)
        {
            return false;
        }

        var letters = 0;
        foreach (var b in decoded[..written])
        {
            if (b is < 0x20 or > 0x7E)
            {
                return false;
            }

            letters += char.IsAsciiLetter((char)b) ? 1 : 0;
        }

        return letters * 2 >= written;
    }

    /// <summary>Whether the draft speaks of access: a whole word of <see cref="ContextWords"/> or a password word.</summary>
    private static bool HasContext(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !char.IsLetter(text[i]))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && char.IsLetter(text[i]))
            {
                i++;
            }

            var word = text.AsSpan(start, i - start);
            if (word.Length >= 2 && (ContextLookup.Contains(word)
                || word.StartsWith("passw", StringComparison.OrdinalIgnoreCase) || word.StartsWith("kennw", StringComparison.OrdinalIgnoreCase)
                || word.EndsWith("passwort", StringComparison.OrdinalIgnoreCase) || word.EndsWith("password", StringComparison.OrdinalIgnoreCase)
                || word.EndsWith("login", StringComparison.OrdinalIgnoreCase) || word.EndsWith("zugang", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }
}
