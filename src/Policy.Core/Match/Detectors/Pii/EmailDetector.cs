using System.Text.RegularExpressions;

namespace Policy.Core.Match.Detectors.Pii;

/// <summary>
/// E-mail addresses: plain ("max.mustermann@firma.de", also punycode domains) and the usual
/// obfuscations: "max [at] firma [dot] de", "max(at)firma.de", "max {at} firma (punkt) de", and
/// "max at firma dot de" (the spelled-out form only with " dot "/" punkt " and a common TLD, so
/// "we work at siemens.com" stays clean).
/// </summary>
public sealed partial class EmailDetector : IDetector
{
    private const string Local = @"(?<![\p{L}\p{N}_.%+-])[a-z0-9_%+-][a-z0-9._%+-]{0,63}";
    private const string Label = @"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
    private const string Tld = @"(?:[a-z]{2,24}|xn--[a-z0-9-]{1,59})";
    private const string End = @"(?![\p{L}\p{N}_-]|\.[a-z0-9])";
    private const string BracketAt = @" ?[\[({<] ?(?:at|@|aet) ?[\])}>] ?";
    private const string BracketDot = @" ?[\[({<] ?(?:dot|punkt|\.) ?[\])}>] ?";
    private const string CommonTld = "(?:de|com|net|org|eu|at|ch|info|io|biz|me|co|app|dev)";

    public string Name => "email";

    public DetectorInput Input => DetectorInput.Normalized;

    // Every match holds "@" or one of the bracket markers, or " at "/" aet " (spelled-out form).
    private static readonly string[] BracketMarkers =
    [
        "at]", "at)", "at}", "at>", "(at", "[at", "{at", "<at",
        "aet]", "aet)", "aet}", "aet>", "(aet", "[aet", "{aet", "<aet",
    ];

    public IReadOnlyList<string> Keywords { get; } = ["@", .. BracketMarkers, " at ", " aet "];

    [GeneratedRegex(Local + "@(?:" + Label + @"\.)+" + Tld + End, PiiText.Options, PiiText.TimeoutMs)]
    private static partial Regex PlainRegex();

    [GeneratedRegex(
        Local + "(?:" + BracketAt + "(?:" + Label + "(?:" + BracketDot + @"|\.| dot | punkt ))+" + Tld
        + "|(?: at | aet )(?:" + Label + "(?:" + BracketDot + "| dot | punkt ))+" + CommonTld + ")" + End,
        PiiText.Options, PiiText.TimeoutMs)]
    private static partial Regex ObfuscatedRegex();

    public void Scan(string text, List<DetectorHit> hits)
    {
        if (text.Contains('@', StringComparison.Ordinal))
        {
            // Start the regex at the local part before each "@" instead of at every position.
            var from = 0;
            while (from < text.Length)
            {
                var at = text.IndexOf('@', from);
                if (at < 0)
                {
                    break;
                }

                var start = at;
                while (start > from && IsLocalChar(text[start - 1]))
                {
                    start--;
                }

                var m = PlainRegex().Match(text, start);
                if (!m.Success)
                {
                    break;
                }

                if (!IsUrlUserInfo(text, m.Index))
                {
                    hits.Add(new DetectorHit(m.Index, m.Length, "EMAIL_ADDRESS"));
                }

                from = m.Index + m.Length;
            }
        }

        if (MayBeObfuscated(text))
        {
            foreach (var m in ObfuscatedRegex().EnumerateMatches(text))
            {
                if (!Overlaps(hits, m.Index, m.Length))
                {
                    hits.Add(new DetectorHit(m.Index, m.Length, "EMAIL_ADDRESS"));
                }
            }
        }
    
    }

    /// <summary>"scheme://user:pass@host" holds credentials, not a mail address (the secret rules report it).</summary>
    private static bool IsUrlUserInfo(string text, int start)
    {
        var tokenStart = start;
        while (tokenStart > 0 && !char.IsWhiteSpace(text[tokenStart - 1]))
        {
            tokenStart--;
        }

        return text.AsSpan(tokenStart, start - tokenStart).Contains("://", StringComparison.Ordinal);
    }

    private static bool IsLocalChar(char c) => PiiText.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-';

    private static bool Overlaps(List<DetectorHit> hits, int start, int length)
    {
        foreach (var h in hits)
        {
            if (h.Entity == "EMAIL_ADDRESS" && h.Start < start + length && start < h.Start + h.Length)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Cheap pre-check for the obfuscated forms: a bracketed "at", or " at " together with
    /// a spelled-out dot.</summary>
    private static bool MayBeObfuscated(string text)
    {
        if (text.Contains('@', StringComparison.Ordinal) && text.AsSpan().IndexOfAny("[({<") >= 0)
        {
            return true;
        }

        foreach (var marker in BracketMarkers)
        {
            if (text.Contains(marker, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return (text.Contains(" at ", StringComparison.OrdinalIgnoreCase) || text.Contains(" aet ", StringComparison.OrdinalIgnoreCase))
               && (text.Contains(" dot ", StringComparison.OrdinalIgnoreCase)
                   || text.Contains(" punkt ", StringComparison.OrdinalIgnoreCase)
                   || text.Contains("dot]", StringComparison.OrdinalIgnoreCase)
                   || text.Contains("dot)", StringComparison.OrdinalIgnoreCase)
                   || text.Contains("punkt)", StringComparison.OrdinalIgnoreCase)
                   || text.Contains("punkt]", StringComparison.OrdinalIgnoreCase));
    }
}
