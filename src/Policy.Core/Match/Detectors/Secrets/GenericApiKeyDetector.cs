using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Policy.Core.Match.Detectors.Secrets;

/// <summary>
/// gitleaks-style "generic-api-key": a high-entropy value assigned to an identifier that names a key,
/// token, secret, password, credential or auth (<c>client_secret = "6da8…"</c>, <c>"api_token", "dafa…"</c>,
/// <c>&lt;genericToken&gt;Zf3D…&lt;/genericToken&gt;</c>).
/// </summary>
/// <remarks>
/// The identifier decides first: its last word must be a secret word (key, token, secret, password,
/// passwd, pwd, auth, credentials, creds, or ends with one: apikey, clientsecret), not a name for
/// something about the secret (…Id, …Name, …Url, …File, …Size, …Version), not a public or lookup key
/// (public_key, csrf-token, cache_key, keyword, accessor). Then the value: 10–150 token characters,
/// letters and digits, entropy ≥ 3.5, no placeholder, no version number or file name, no code words.
/// </remarks>
public sealed class GenericApiKeyDetector : IDetector
{
    public string Name => "generic-api-key";

    public DetectorInput Input => DetectorInput.Original;

    public IReadOnlyList<string> Keywords { get; } = ["key", "token", "secret", "passw", "pwd", "auth", "credential", "creds"];

    public const double MinEntropy = 3.5;

    private static readonly Regex SecretWord = new(
        "(?i)key|token|secret|passw(?:or)?d|pwd|auth|credential|creds",
        SecretText.Options, SecretText.Timeout);

    /// <summary>The assignment and value, anchored at the end of the identifier. The blanks around an
    /// opening quote are one loop when there is no quote (two adjacent loops over the same blanks cost
    /// time quadratic in their number when the match fails).</summary>
    private static readonly Regex AssignValue = new(
        @"\G(?:(?:[ \t]+(?:string|String|str))?[ \t]*(?:(?<oq>[""'\x60])[ \t]*)?(?<op>:{1,3}=|=>|\?=|\.=|\+=|\|\|=?|=(?!=)|:(?!:)|>)[ \t]*(?<nl>\r?\n[ \t]*)?(?<q>[""'\x60])?|(?<oq>[""'\x60])[ \t]*,[ \t]*(?<q>[""'\x60]))" +
        @"(?<s>[A-Za-z0-9_.=+/~\-]{10,150})",
        SecretText.Options, SecretText.Timeout);

    private static readonly string[] Terminals =
        ["key", "token", "secret", "password", "passwd", "pwd", "auth", "credential", "credentials", "creds"];

    /// <summary>Words that may follow the secret word without changing what the identifier holds.</summary>
    private static readonly FrozenSet<string> NeutralTail = new[]
    {
        "value", "val", "b64", "base64", "enc", "encoded", "raw", "prod", "production", "dev", "test", "staging", "live",
        "sandbox", "main", "primary", "secondary", "old", "new", "v1", "v2", "v3",
    }.ToFrozenSet();

    /// <summary>Words that end in a secret word but are not secrets.</summary>
    private static readonly FrozenSet<string> NotSecretWords = new[]
    {
        "monkey", "turkey", "hockey", "jockey", "donkey", "whiskey", "hotkey", "pubkey", "publickey", "keykey", "author",
        "sortkey", "primarykey", "foreignkey", "cachekey", "hashkey", "rowkey", "partitionkey", "datakey",
    }.ToFrozenSet();

    /// <summary>Qualifiers that make a key public or a lookup key rather than a secret.</summary>
    private static readonly FrozenSet<string> NotSecretQualifiers = new[]
    {
        "public", "pub", "publishable", "csrf", "xsrf", "primary", "foreign", "sort", "partition", "cache",
        "idempotency", "row", "hash", "lookup", "registry", "object", "bucket", "schema", "sequence", "translation",
        "i18n", "message", "map", "dict", "group", "routing", "shard", "unique", "composite", "column", "index", "table",
        "entry", "menu", "hot", "shortcut", "keyboard", "next", "page", "pagination", "continuation", "cursor", "lock",
        "event", "query", "search", "storage", "namespace", "label", "tag", "property", "attribute", "header", "field",
        "form", "react", "list", "item", "node", "sso", "valid", "invalid", "missing", "empty", "no",
    }.ToFrozenSet();

    private static readonly Regex VersionLike = new(
        @"(?:^|[^A-Za-z0-9])v?\d+\.\d+(?:\.\d+)*(?:$|[^A-Za-z0-9])|SNAPSHOT|RELEASE",
        SecretText.Options, SecretText.Timeout);

    private static readonly Regex FileLike = new(
        @"(?i)\.(?:pem|p12|pfx|key|crt|cer|der|jks|keystore|keytab|json|ya?ml|xml|txt|png|jpe?g|gif|svg|js|ts|html?|css|php|py|rb|go|java|cs|dll|exe|so|zip|gz|tar|pdf|csv|log|conf|cfg|ini|env)$|^(?:https?|ftp|file)[:/]|://|^[\w\-]+(?:\.[\w\-]+)*\.(?:com|org|net|io|de|local|internal)$",
        SecretText.Options, SecretText.Timeout);

    public void Scan(string text, List<DetectorHit> hits)
    {
        var lastIdEnd = -1;
        var tags = new TagState();
        for (var m = SecretWord.Match(text); m.Success; m = m.NextMatch())
        {
            if (m.Index < lastIdEnd)
            {
                // Inside the identifier just judged: walking it again from every secret word in it
                // ("token-1token-1…") made the scan quadratic.
                continue;
            }

            var idStart = m.Index;
            while (idStart > 0 && IsIdChar(text[idStart - 1]))
            {
                idStart--;
            }

            var idEnd = m.Index + m.Length;
            while (idEnd < text.Length && IsIdChar(text[idEnd]))
            {
                idEnd++;
            }

            lastIdEnd = idEnd;
            if (idEnd - idStart > 80 || !IsSecretIdentifier(text.AsSpan(idStart, idEnd - idStart)))
            {
                continue;
            }

            if (IsXmlAttributeName(text, idStart, idEnd, ref tags))
            {
                continue; // <entry key="some.name" value="…"/>: the attribute names a key
            }

            var a = AssignValue.Match(text, idEnd);
            if (!a.Success)
            {
                continue;
            }

            var s = a.Groups["s"];
            var op = a.Groups["op"];
            var oq = a.Groups["oq"];
            var q = a.Groups["q"];
            var after = s.Index + s.Length;

            // An opening quote before the operator must close the identifier ("name": …, "NAME", "v").
            if (oq.Success && (idStart == 0 || text[idStart - 1] != oq.Value[0]))
            {
                continue;
            }

            if (op.Success && op.Value == ">")
            {
                // XML element <apiToken>value</apiToken> only.
                if (idStart == 0 || text[idStart - 1] != '<' || !ClosesElement(text, after))
                {
                    continue;
                }
            }
            else if (a.Groups["nl"].Success)
            {
                continue; // "KEY=\nNEXT=" is an empty value, not a multi-line one
            }

            if (q.Success)
            {
                if (after >= text.Length || text[after] != q.Value[0])
                {
                    continue; // the value must be the whole quoted string
                }
            }
            else if (after < text.Length && !IsValueEnd(text, after))
            {
                continue;
            }

            if (IsSecretValue(s.Value))
            {
                hits.Add(new DetectorHit(s.Index, s.Length, Name));
            }
        }
    
    }

    private static bool IsXmlAttributeName(string text, int idStart, int idEnd, ref TagState tags)
    {
        if (idEnd - idStart != 3 || idStart == 0 || !char.IsWhiteSpace(text[idStart - 1]))
        {
            return false;
        }

        // Inside a tag: a '<' before the identifier on its line, with no '>' after it.
        tags.AdvanceTo(text, idStart);
        return tags.LastLt >= 0 && tags.LastLt > tags.LastGt && tags.LastNewline < tags.LastLt;
    }

    /// <summary>The last '&lt;', '&gt;' and line break before a position, kept up to date as the scan moves
    /// right. Searching back from every "key" for them made a line of "key key key …" quadratic.</summary>
    private struct TagState()
    {
        private int _scanned;

        public int LastLt { get; private set; } = -1;

        public int LastGt { get; private set; } = -1;

        public int LastNewline { get; private set; } = -1;

        public void AdvanceTo(string text, int end)
        {
            for (; _scanned < end; _scanned++)
            {
                switch (text[_scanned])
                {
                    case '<': LastLt = _scanned; break;
                    case '>': LastGt = _scanned; break;
                    case '\n': LastNewline = _scanned; break;
                }
            }
        }
    }

    private static bool IsIdChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-';

    private static bool IsValueEnd(string text, int i)
    {
        var c = text[i];
        return char.IsWhiteSpace(c) || c is ';' or ',' or ')' or '\\' or '<' or '&' or '}' or ']' ||
               (c == '.' && (i + 1 == text.Length || !char.IsLetterOrDigit(text[i + 1])));
    }

    private static bool ClosesElement(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i + 1 < text.Length && text[i] == '<' && text[i + 1] == '/';
    }

    internal static bool IsSecretIdentifier(ReadOnlySpan<char> id)
    {
        var words = SecretText.IdentifierWords(id);
        var last = words.Count - 1;
        while (last > 0 && (NeutralTail.Contains(words[last]) || words[last].All(char.IsAsciiDigit)))
        {
            last--;
        }

        if (last < 0)
        {
            return false;
        }

        var w = words[last];
        if (NotSecretWords.Contains(w) || !Terminals.Any(t => w.EndsWith(t, StringComparison.Ordinal)))
        {
            return false;
        }

        // "publickey" / "csrftoken" written as one word
        foreach (var qual in NotSecretQualifiers)
        {
            if (w.Length > qual.Length && w.StartsWith(qual, StringComparison.Ordinal) && Terminals.Contains(w[qual.Length..]))
            {
                return false;
            }
        }

        return last == 0 || !NotSecretQualifiers.Contains(words[last - 1]);
    }

    internal static bool IsSecretValue(string v)
    {
        if (v.Length < 10 || !SecretText.HasDigit(v) || !SecretText.HasLetter(v))
        {
            return false;
        }

        if (SecretText.Entropy(v) < MinEntropy || SecretText.IsPlaceholder(v) || SecretText.HasSequence(v, 8))
        {
            return false;
        }

        return !VersionLike.IsMatch(v) && !FileLike.IsMatch(v) && !SecretText.ContainsStopWordSegment(v);
    }
}
