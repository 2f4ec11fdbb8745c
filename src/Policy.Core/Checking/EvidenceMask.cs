using System.Text;

namespace Policy.Core.Checking;

/// <summary>
/// Evidence shown to the employee: enough to find the spot, never the secret or personal datum
/// itself. A full value must not reach a response, a log line or the database.
/// </summary>
public static class EvidenceMask
{
    private const char Dot = '•';
    private const int MaxEvidence = 80;

    public static string Mask(string value, string? entity)
    {
        var v = value.Trim();
        if (v.Length == 0)
        {
            return string.Empty;
        }

        return entity switch
        {
            "EMAIL_ADDRESS" or "email" => MaskMail(v),
            "CREDIT_CARD" or "credit-card" => KeepEnds(v, 0, 4),
            "IBAN_CODE" or "iban" => KeepEnds(v, 4, 2),
            _ when v.Length >= 16 => KeepEnds(v, 4, 0),
            _ when v.Length >= 10 => KeepEnds(v, 2, 0),
            _ => new string(Dot, Math.Min(v.Length, 12)),
        };
    }

    public static string Shorten(string value)
    {
        var v = value.Trim();
        return v.Length <= MaxEvidence ? v : string.Concat(v.AsSpan(0, MaxEvidence - 1), "…");
    }

    /// <summary>Keeps <paramref name="head"/> leading and <paramref name="tail"/> trailing letters or
    /// digits; everything else that is a letter or digit becomes a dot, separators stay.</summary>
    private static string KeepEnds(string v, int head, int tail)
    {
        var alnum = v.Count(char.IsLetterOrDigit);
        // Never reveal more than a third of the characters, however short the value.
        while (head + tail > alnum / 3 && (head > 0 || tail > 0))
        {
            if (head >= tail && head > 0)
            {
                head--;
            }
            else
            {
                tail--;
            }
        }

        var sb = new StringBuilder(Math.Min(v.Length, MaxEvidence));
        var seen = 0;
        foreach (var c in v)
        {
            if (sb.Length >= MaxEvidence)
            {
                sb.Append('…');
                break;
            }

            if (!char.IsLetterOrDigit(c))
            {
                sb.Append(char.IsWhiteSpace(c) ? ' ' : c);
                continue;
            }

            sb.Append(seen < head || seen >= alnum - tail ? c : Dot);
            seen++;
        }

        return sb.ToString();
    }

    private static string MaskMail(string v)
    {
        var at = v.IndexOf('@', StringComparison.Ordinal);
        if (at < 0)
        {
            // Obfuscated forms ("name [at] host [dot] de") give nothing away beyond the first letter.
            return v[..1] + new string(Dot, 5);
        }

        var domain = v[(at + 1)..];
        var dot = domain.LastIndexOf('.');
        var tld = dot >= 0 ? domain[dot..] : string.Empty;
        return v[..1] + new string(Dot, 3) + "@" + (domain.Length > 0 ? domain[..1] : string.Empty) + new string(Dot, 3) + tld;
    }
}
