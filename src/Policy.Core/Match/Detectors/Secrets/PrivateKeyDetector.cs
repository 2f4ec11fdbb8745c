using System.Text.RegularExpressions;

namespace Policy.Core.Match.Detectors.Secrets;

/// <summary>
/// "private-key": a PEM / OpenSSH / PGP private key block, <c>-----BEGIN … PRIVATE KEY-----</c> with at
/// least 64 characters of key material. The hit covers the whole block, from BEGIN to END. A block cut
/// off before its END line (a truncated paste) is still reported when 64 or more key characters follow
/// the BEGIN line; the hit then runs to the end of that material.
/// </summary>
public sealed class PrivateKeyDetector : IDetector
{
    public string Name => "private-key";

    public DetectorInput Input => DetectorInput.Original;

    public IReadOnlyList<string> Keywords { get; } = ["private key"];

    private static readonly Regex Begin = new(
        @"-----BEGIN[ A-Z0-9_\-]{0,100}PRIVATE KEY(?: BLOCK)?-----",
        SecretText.Linear, SecretText.Timeout);

    private static readonly Regex End = new(
        @"-----END[ A-Z0-9_\-]{0,100}PRIVATE KEY(?: BLOCK)?-----",
        SecretText.Linear, SecretText.Timeout);

    public void Scan(string text, List<DetectorHit> hits)
    {
        var from = 0;
        while (from < text.Length)
        {
            var b = Begin.Match(text, from);
            if (!b.Success)
            {
                return;
            }

            var bodyStart = b.Index + b.Length;
            var e = End.Match(text, bodyStart);
            var nextBegin = Begin.Match(text, bodyStart);
            if (e.Success && (!nextBegin.Success || e.Index < nextBegin.Index))
            {
                if (KeyChars(text.AsSpan(bodyStart, e.Index - bodyStart)) >= 64)
                {
                    hits.Add(new DetectorHit(b.Index, e.Index + e.Length - b.Index, Name));
                }

                from = e.Index + e.Length;
                continue;
            }

            // No END: take the key material that follows: whitespace-separated runs of base64 of
            // 16+ characters, after at most a few header tokens (Proc-Type: 4,ENCRYPTED …).
            var stop = nextBegin.Success ? nextBegin.Index : text.Length;
            var end = bodyStart;
            var i = bodyStart;
            var count = 0;
            var headerTokens = 0;
            while (i < stop)
            {
                while (i < stop && char.IsWhiteSpace(text[i]))
                {
                    i++;
                }

                var t = i;
                while (i < stop && !char.IsWhiteSpace(text[i]))
                {
                    i++;
                }

                if (i == t)
                {
                    break;
                }

                var token = text.AsSpan(t, i - t);
                if (KeyChars(token) == token.Length && (token.Length >= 16 || count > 0))
                {
                    count += token.Length;
                    end = i;
                }
                else if (count == 0 && ++headerTokens <= 6)
                {
                    continue;
                }
                else
                {
                    break;
                }
            }

            if (count >= 64)
            {
                hits.Add(new DetectorHit(b.Index, end - b.Index, Name));
            }

            from = Math.Max(end, bodyStart);
        }
    
    }

    private static int KeyChars(ReadOnlySpan<char> body)
    {
        var n = 0;
        foreach (var c in body)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=')
            {
                n++;
            }
        }

        return n;
    }
}
