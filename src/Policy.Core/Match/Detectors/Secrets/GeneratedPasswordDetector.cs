namespace Policy.Core.Match.Detectors.Secrets;

/// <summary>
/// "generated-password": a word with the shape of a chosen or generated password, whatever is around
/// it: "log into the appointment system with praxis.temp / Rhein#Med77", "VPN is still hk-remote /
/// Quay!Side_65", "Teil 2: Ross!88", "Also L@s3r!2025". Upper case, lower case, a digit and a sign
/// inside the word together are what password rules ask for and what ordinary words, names, handles
/// and product names almost never have.
/// </summary>
/// <remarks>
/// In the dev corpus 239 posts hold such a word; 239 are labelled credential except six: three
/// trainings that show "P@ssw0rd2024" as the bad example and three words spelled in leetspeak to dodge
/// a filter ("Z@hlw3rk", "Fr@chtr@t3n"). Both are left out here: a word that reads as "password" once
/// its leet digits are letters again, and a word that is letters only once they are. The sign must be
/// inside the word (a closing "!" ends a sentence), and hashtags, handles, links, file names and
/// assignments ("Port=5432") are not words of this kind. Star ratings ("4*-Hotel") neither.
/// </remarks>
public sealed class GeneratedPasswordDetector : IDetector
{
    private const string Signs = "!#$%&*?@+~^";

    public string Name => "generated-password";

    public DetectorInput Input => DetectorInput.Original;

    // The signs themselves gate the detector: a draft without one has no such word, and the scan only
    // looks at the words around each sign.
    public IReadOnlyList<string> Keywords { get; } = ["!", "#", "$", "%", "&", "*", "?", "@", "+", "~", "^"];

    public void Scan(string text, List<DetectorHit> hits)
    {
        var span = text.AsSpan();
        var from = 0;
        while (from < span.Length)
        {
            var rel = span[from..].IndexOfAny(Signs);
            if (rel < 0)
            {
                return;
            }

            var sign = from + rel;
            var start = sign;
            while (start > 0 && !IsBreak(span[start - 1]))
            {
                start--;
            }

            var end = sign + 1;
            while (end < span.Length && !IsBreak(span[end]))
            {
                end++;
            }

            if (Trim(span, ref start, ref end) && IsPasswordShaped(span[start..end]))
            {
                hits.Add(new DetectorHit(start, end - start, Name));
            }

            from = Math.Max(end, sign + 1);
        }
    }

    private static bool IsBreak(char c) => char.IsWhiteSpace(c) || c is '|' or ',' or ';';

    // Quotes and brackets around the word, and the sentence's closing marks, are not part of it.
    private static bool Trim(ReadOnlySpan<char> s, ref int start, ref int end)
    {
        while (start < end && s[start] is '"' or '\'' or '„' or '“' or '‚' or '‘' or '»' or '«' or '`' or '(' or '[' or '{' or '…' or ':')
        {
            start++;
        }

        while (end > start && s[end - 1] is '"' or '\'' or '“' or '”' or '‘' or '’' or '»' or '«' or '`' or ')' or ']' or '}' or '.' or ',' or ':' or '!' or '?' or '…')
        {
            end--;
        }

        return end - start is >= 7 and <= 40;
    }

    internal static bool IsPasswordShaped(ReadOnlySpan<char> w)
    {
        // A slash inside the word is a path or a link ("mega.nz/file/x8Kq2#Lm93"); "user / password" has blanks.
        if (w[0] is '@' or '#' || w.Contains('=') || w.Contains('/') ||
            (char.IsAsciiDigit(w[0]) && w[1] == '*'))
        {
            return false;
        }

        bool upper = false, lower = false, digit = false, innerSign = false, dottedWord = false;
        for (var i = 0; i < w.Length; i++)
        {
            var c = w[i];
            upper |= char.IsUpper(c);
            lower |= char.IsLower(c);
            digit |= char.IsAsciiDigit(c);
            innerSign |= i > 0 && i < w.Length - 1 && Signs.Contains(c);
            dottedWord |= c == '.' && i + 1 < w.Length && char.IsAsciiLetter(w[i + 1]) && i > 0 && char.IsAsciiLetter(w[i - 1]);
        }

        if (!(upper && lower && digit && innerSign) || dottedWord)
        {
            return false;
        }

        return !ReadsAsWord(w);
    }

    // Leetspeak turned back into letters: "Z@hlw3rk" is the word Zahlwerk spelt to slip past a filter,
    // "P@ssw0rd2024" the word password with a year, the textbook bad example. A password keeps a digit or
    // a sign that is no letter in disguise (a hyphen counts as neither: "Q3-Z@hl3n" is Q3-Zahlen).
    private static bool ReadsAsWord(ReadOnlySpan<char> w)
    {
        Span<char> letters = stackalloc char[w.Length];
        var n = 0;
        var onlyLetters = true;
        foreach (var c in w)
        {
            var l = c switch
            {
                '@' or '4' => 'a',
                '3' => 'e',
                '0' => 'o',
                '1' or '!' => 'i',
                '$' or '5' => 's',
                '7' => 't',
                _ => char.ToLowerInvariant(c),
            };
            if (l == '-')
            {
                continue;
            }

            if (char.IsLetter(l))
            {
                letters[n++] = l;
            }
            else
            {
                onlyLetters = false;
            }
        }

        var word = letters[..n];
        return onlyLetters || word.StartsWith("passw") || word.StartsWith("kennw");
    }
}
