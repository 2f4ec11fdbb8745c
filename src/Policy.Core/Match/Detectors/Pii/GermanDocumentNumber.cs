namespace Policy.Core.Match.Detectors.Pii;

/// <summary>
/// The serial number of German identity documents issued since 2010 (Personalausweis, Reisepass,
/// eAT): nine characters from the alphabet without vowels and look-alikes (C F G H J K L M N P R T
/// V W X Y Z and digits), starting with a letter, the ninth being the ICAO 9303 check digit (weights
/// 7-3-1) of the first eight. At least three digits are required, so words never qualify.
/// </summary>
internal static class GermanDocumentNumber
{
    public static void Scan(string text, List<DetectorHit> hits, string entity)
    {
        if (text.Length < 9 || !PiiText.HasDigits(text, 3))
        {
            return;
        }

        // Only a word of exactly nine characters with a digit (a serial has three) can be one: jump
        // from digit to digit (a vectorized search) and look at the word around each, once per word,
        // instead of walking every word of the draft a character at a time (this runs twice per check,
        // for the ID card and the passport). The words are the same maximal runs of word characters.
        var i = 0;
        while (i < text.Length)
        {
            var j = text.AsSpan(i).IndexOfAnyInRange('0', '9');
            if (j < 0)
            {
                return;
            }

            var start = i + j;
            while (start > i && PiiText.IsWordChar(text[start - 1]))
            {
                start--;
            }

            var end = i + j + 1;
            while (end < text.Length && PiiText.IsWordChar(text[end]))
            {
                end++;
            }

            if (end - start == 9 && IsSerial(text.AsSpan(start, 9)))
            {
                hits.Add(new DetectorHit(start, 9, entity));
            }

            i = end;
        }
    }

    /// <summary>The old walk over every word, for tests that hold the two equal.</summary>
    internal static void ScanEveryWord(string text, List<DetectorHit> hits, string entity)
    {
        if (text.Length < 9 || !PiiText.HasDigits(text, 3))
        {
            return;
        }

        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !PiiText.IsWordChar(text[i]))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && PiiText.IsWordChar(text[i]))
            {
                i++;
            }

            if (i - start == 9 && IsSerial(text.AsSpan(start, 9)))
            {
                hits.Add(new DetectorHit(start, 9, entity));
            }
        }
    }

    internal static bool IsSerial(ReadOnlySpan<char> s)
    {
        if (!PiiText.IsAsciiLetter(s[0]) || !PiiText.IsDigit(s[8]))
        {
            return false;
        }

        var digits = 0;
        foreach (var c in s)
        {
            if (PiiText.IsDigit(c))
            {
                digits++;
            }
            else if (!IsSerialLetter(c))
            {
                return false;
            }
        }

        return digits >= 3 && PiiText.IcaoCheckDigit(s[..8]) == s[8] - '0';
    }

    private static bool IsSerialLetter(char c) =>
        PiiText.IsAsciiLetter(c) && PiiText.Upper(c) is 'C' or 'F' or 'G' or 'H' or 'J' or 'K' or 'L' or 'M' or 'N'
            or 'P' or 'R' or 'T' or 'V' or 'W' or 'X' or 'Y' or 'Z';
}
