namespace Policy.Core.Match.Detectors.Pii;

/// <summary>
/// IBANs of every country in the SWIFT IBAN registry, written solid ("DE89370400440532013000"),
/// in groups of four ("DE89 3704 0044 0532 0130 00") or with dashes. The country must exist and the
/// length must be that country's; the mod-97 check (ISO 13616) must hold.
/// </summary>
public sealed class IbanDetector : IDetector, INeedsDigits
{
    DigitNeed INeedsDigits.Needs => new(8, 0);

    // Country → IBAN length, from the SWIFT IBAN registry.
    private const string Registry =
        "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 " +
        "DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 HU28 IE22 IL23 " +
        "IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 " +
        "MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 " +
        "SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30";

    private const int MaxLength = 34;

    private static readonly byte[] Lengths = BuildLengths();

    public string Name => "iban";

    public DetectorInput Input => DetectorInput.Normalized;

    public IReadOnlyList<string> Keywords => [];

    public void Scan(string text, List<DetectorHit> hits) => Scan(text, hits, checksum: true, accept: null);

    /// <summary>Every IBAN-shaped value (country, length and grouping right) whose mod-97 check holds
    /// (<paramref name="checksum"/> true) or fails (false), and that <paramref name="accept"/> (text,
    /// start, end) takes, if given.</summary>
    internal static void Scan(string text, List<DetectorHit> hits, bool checksum, Func<string, int, int, bool>? accept)
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
            // Jump to the next digit; an IBAN starts two letters before its check digits.
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
                var end = TryRead(text, start, buf, checksum);
                if (end > 0 && (accept is null || accept(text, start, end)))
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

    /// <summary>Reads a whole IBAN at <paramref name="start"/>; returns its end, or 0 when there is none.</summary>
    internal static int TryRead(string text, int start, Span<char> buf) => TryRead(text, start, buf, checksum: true);

    /// <summary>As <see cref="TryRead(string, int, Span{char})"/>; with <paramref name="checksum"/>
    /// false the country, length and grouping must fit but the mod-97 check must fail (the values
    /// the checked reader leaves out).</summary>
    internal static int TryRead(string text, int start, Span<char> buf, bool checksum)
    {
        var c0 = PiiText.Upper(text[start]);
        var c1 = PiiText.Upper(text[start + 1]);
        var length = Lengths[(c0 - 'A') * 26 + (c1 - 'A')];
        if (length == 0)
        {
            return 0;
        }

        var i = start;
        var n = 0;
        var sep = '\0';
        while (n < length && i < text.Length)
        {
            var c = text[i];
            if (PiiText.IsAsciiLetterOrDigit(c))
            {
                buf[n++] = PiiText.IsDigit(c) ? c : PiiText.Upper(c);
                i++;
            }
            else if (c is ' ' or '-' && n > 0 && n % 4 == 0 && (sep == '\0' || sep == c)
                     && i + 1 < text.Length && PiiText.IsAsciiLetterOrDigit(text[i + 1]))
            {
                sep = c;
                i++;
            }
            else
            {
                break;
            }
        }

        if (n != length || (i < text.Length && PiiText.IsWordChar(text[i])))
        {
            return 0;
        }

        // Check digits 02..98 only; 00, 01 and 99 never occur.
        var check = (buf[2] - '0') * 10 + (buf[3] - '0');
        if (check is < 2 or > 98)
        {
            return 0;
        }

        return (Mod97(buf[..n]) == 1) == checksum ? i : 0;
    }

    /// <summary>ISO 13616 mod 97 of an upper-case IBAN (country and check digits moved to the end).</summary>
    internal static int Mod97(ReadOnlySpan<char> iban)
    {
        var rem = 0;
        for (var k = 0; k < iban.Length; k++)
        {
            var c = iban[(k + 4) % iban.Length];
            if (PiiText.IsDigit(c))
            {
                rem = (rem * 10 + (c - '0')) % 97;
            }
            else
            {
                rem = (rem * 100 + (c - 'A' + 10)) % 97;
            }
        }

        return rem;
    }

    private static byte[] BuildLengths()
    {
        var lengths = new byte[26 * 26];
        foreach (var entry in Registry.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            lengths[(entry[0] - 'A') * 26 + (entry[1] - 'A')] = byte.Parse(entry.AsSpan(2), System.Globalization.CultureInfo.InvariantCulture);
        }

        return lengths;
    }
}
