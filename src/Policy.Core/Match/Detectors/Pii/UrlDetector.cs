using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Policy.Core.Match.Detectors.Pii;

/// <summary>
/// URLs: with a scheme ("https://…", "ftp://…") or "www.", any alphabetic TLD; and bare domains
/// ("firma.de", "google.co.il") when the TLD is a known one. Bare domains whose TLD is also a common
/// word or abbreviation (".it", ".in", ".at", ".so", ".fr", ".nr", …) need a scheme, "www." or a
/// path, so "Done.It was great" or "Tel.Nr" stay clean. The path runs to the next space or quote;
/// trailing sentence punctuation is not part of the URL.
/// </summary>
public sealed partial class UrlDetector : IDetector
{
    private static readonly FrozenSet<string> BareTlds = FrozenSet.Create(StringComparer.Ordinal,
    [
        // Generic and popular new TLDs.
        "com", "net", "org", "info", "biz", "io", "co", "ai", "app", "dev", "eu", "edu", "gov", "mil", "int",
        "name", "pro", "mobi", "shop", "store", "online", "site", "website", "web", "tech", "blog", "news",
        "cloud", "digital", "berlin", "hamburg", "koeln", "cologne", "bayern", "nrw", "ruhr", "saarland",
        "wien", "swiss", "london", "paris", "xyz", "top", "club", "live", "media", "email", "social",
        "company", "group", "gmbh", "online", "webcam", "vlaanderen", "page", "link", "services", "solutions",
        "agency", "design", "studio", "art", "events", "network", "systems", "software", "academy", "jobs",
        "travel", "museum", "health", "bio", "eco", "earth", "family", "finance", "bank", "insurance",
        "legal", "law", "consulting", "energy", "gg", "fm", "tv", "ly", "cc", "ws",
        // Country codes that are not everyday words.
        "ac", "ad", "ae", "af", "al", "ao", "ar", "au", "aw", "az", "ba", "bb", "bd", "bg", "bh", "bi", "bj",
        "bm", "bn", "bo", "br", "bs", "bt", "bw", "bz", "cd", "cf", "ch", "ci", "ck", "cl", "cm", "cn", "cr",
        "cu", "cv", "cw", "cx", "cy", "cz", "de", "dk", "dm", "dz", "ec", "ee", "eg", "es", "et", "fi", "fj",
        "fo", "ga", "gd", "ge", "gh", "gi", "gl", "gm", "gn", "gt", "gy", "hk", "hn", "hr", "ht", "hu",
        "ie", "il", "iq", "ir", "je", "jm", "jo", "jp", "ke", "kh", "ki", "km", "kn", "kr", "kw", "ky",
        "kz", "lb", "lc", "li", "lk", "lr", "ls", "lt", "lu", "lv", "mc", "mg", "mk", "ml", "mm", "mn",
        "mt", "mu", "mv", "mw", "mx", "mz", "na", "nc", "ne", "ng", "ni", "nl", "np", "nu", "nz", "om",
        "pa", "pe", "pf", "pg", "ph", "pk", "pr", "ps", "pt", "pw", "qa", "re", "ro", "ru", "rw", "sb",
        "sc", "sd", "se", "sg", "si", "sk", "sl", "sm", "sn", "sr", "sv", "sy", "sz", "tc", "td", "tg",
        "th", "tj", "tk", "tl", "tm", "tn", "tr", "tt", "tw", "tz", "ua", "ug", "uk", "uy", "uz", "va",
        "vc", "ve", "vg", "vi", "vn", "vu", "ye", "za", "zm", "zw",
    ]);

    public string Name => "url";

    public DetectorInput Input => DetectorInput.Normalized;

    public IReadOnlyList<string> Keywords => [];

    [GeneratedRegex(@"(?<![\p{L}\p{N}_@./:-])(?<scheme>(?:https?|ftp)://|www\.)?(?<host>(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+)(?<tld>[a-z]{2,24}|xn--[a-z0-9-]{2,59})(?![\p{L}\p{N}_@-])(?<port>:[0-9]{1,5}(?![0-9]))?(?<path>[/?#][^\s<>""'`]*)?",
        PiiText.Options, PiiText.TimeoutMs)]
    private static partial Regex UrlRegex();

    public void Scan(string text, List<DetectorHit> hits)
    {
        if (text.Length < 4 || !text.Contains('.', StringComparison.Ordinal))
        {
            return;
        }

        var from = 0;
        while (true)
        {
            // Start the regex only at the token before a dot between a letter or digit and a letter.
            var dot = NextCandidateDot(text, from);
            if (dot < 0)
            {
                break;
            }

            var start = dot;
            while (start > from && IsUrlTokenChar(text[start - 1]))
            {
                start--;
            }

            var m = UrlRegex().Match(text, start);
            if (!m.Success)
            {
                break;
            }

            from = Math.Max(m.Index + m.Length, dot + 1);

            var hasScheme = m.Groups["scheme"].Success;
            var hasPath = m.Groups["path"].Success && m.Groups["path"].Length > 1;
            if (!hasScheme)
            {
                // Bare domains: a known TLD (word-like country codes only with a path) and a
                // letter in the host ("1.5.de" is no domain).
                var tld = m.Groups["tld"].ValueSpan;
                var host = m.Groups["host"].ValueSpan;
                if (!(hasPath ? IsKnownTld(tld) : IsBareTld(tld))
                    || (host.IndexOfAnyInRange('a', 'z') < 0 && host.IndexOfAnyInRange('A', 'Z') < 0))
                {
                    continue;
                }
            }

            var end = m.Index + m.Length;
            while (end > m.Index && text[end - 1] is '.' or ',' or ';' or ':' or '!' or '?' or ')' or ']' or '}')
            {
                if (text[end - 1] == ')' && text.AsSpan(m.Index, end - m.Index).Contains('('))
                {
                    break;
                }

                end--;
            }

            hits.Add(new DetectorHit(m.Index, end - m.Index, "URL"));
        }
    }

    private static int NextCandidateDot(string text, int from)
    {
        for (var i = Math.Max(from, 1); i + 1 < text.Length; i++)
        {
            var j = text.IndexOf('.', i);
            if (j < 0 || j + 1 >= text.Length)
            {
                return -1;
            }

            if (PiiText.IsAsciiLetterOrDigit(text[j - 1]) && PiiText.IsAsciiLetter(text[j + 1]))
            {
                return j;
            }

            i = j;
        }

        return -1;
    }

    private static bool IsUrlTokenChar(char c) => PiiText.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':' or '/';

    private static bool IsBareTld(ReadOnlySpan<char> tld)
    {
        Span<char> lower = stackalloc char[tld.Length];
        tld.ToLowerInvariant(lower);
        return BareTlds.GetAlternateLookup<ReadOnlySpan<char>>().Contains(lower);
    }

    /// <summary>Bare TLDs plus the country codes that are also words; these need a path.</summary>
    private static bool IsKnownTld(ReadOnlySpan<char> tld)
    {
        if (IsBareTld(tld))
        {
            return true;
        }

        Span<char> lower = stackalloc char[tld.Length];
        tld.ToLowerInvariant(lower);
        return lower is "it" or "is" or "me" or "to" or "be" or "in" or "at" or "by" or "my" or "no" or "us"
            or "so" or "do" or "am" or "as" or "im" or "la" or "id" or "md" or "py" or "sh" or "rs" or "pl"
            or "kg" or "ag" or "st" or "mo" or "ma" or "nr" or "ca" or "fr" or "sa" or "gr" or "ms" or "fm" or "gs";
    }
}
