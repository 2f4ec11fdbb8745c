using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Policy.Core.Match.Detectors.Secrets;

/// <summary>Shared value checks for the secret detectors: entropy, placeholders, stop words.</summary>
internal static class SecretText
{
    /// <summary>Match timeout for every secret regex. Patterns are written to run in linear time on
    /// realistic input; the timeout only guards against a pathological paste. It is generous because the
    /// first match of a compiled pattern includes its JIT time, and a timeout fails the rule (review).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.Compiled;

    /// <summary>Options of a regex without lookarounds or backreferences: the non-backtracking engine, linear
    /// in the input by construction.</summary>
    public const RegexOptions Linear = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.NonBacktracking;

    /// <summary>Shannon entropy in bits per character.</summary>
    public static double Entropy(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty)
        {
            return 0;
        }

        Span<int> counts = stackalloc int[128];
        counts.Clear();
        var other = new Dictionary<char, int>();
        foreach (var c in s)
        {
            if (c < 128)
            {
                counts[c]++;
            }
            else
            {
                other[c] = other.GetValueOrDefault(c) + 1;
            }
        }

        double n = s.Length;
        double h = 0;
        foreach (var k in counts)
        {
            if (k > 0)
            {
                var p = k / n;
                h -= p * Math.Log2(p);
            }
        }

        foreach (var k in other.Values)
        {
            var p = k / n;
            h -= p * Math.Log2(p);
        }

        return h;
    }

    /// <summary>True when the value is obviously a placeholder, a template or a variable reference
    /// rather than a real secret: "xxxx", "****", "&lt;your token&gt;", "${VAR}", "{{ .Values.x }}", "$(cmd)".</summary>
    public static bool IsPlaceholder(ReadOnlySpan<char> v)
    {
        if (v.IsEmpty)
        {
            return true;
        }

        if (HasRun(v, 'x', 5) || HasRun(v, '*', 3) || HasRun(v, '#', 4) || HasRun(v, '.', 3) || v.Contains('…'))
        {
            return true;
        }

        if (v.Contains("${", StringComparison.Ordinal) || v.Contains("{{", StringComparison.Ordinal) ||
            v.Contains("$(", StringComparison.Ordinal) || v[0] == '$' || v[0] == '<' || v[^1] == '>' ||
            (v[0] == '%' && v[^1] == '%'))
        {
            return true;
        }

        foreach (var marker in PlaceholderMarkers)
        {
            if (v.Contains(marker, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly string[] PlaceholderMarkers =
    [
        "your_", "your-", "yourtoken", "yourkey", "yourpassword", "_here", "-here", "placeholder", "changeme",
        "redacted", "example", "insert_", "replace_me", "replaceme", "dein_", "ihr_",
    ];

    /// <summary>Case-insensitive run of <paramref name="min"/> or more of <paramref name="c"/>.</summary>
    public static bool HasRun(ReadOnlySpan<char> v, char c, int min)
    {
        var run = 0;
        var lc = char.ToLowerInvariant(c);
        foreach (var ch in v)
        {
            run = char.ToLowerInvariant(ch) == lc ? run + 1 : 0;
            if (run >= min)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A run of at least <paramref name="min"/> consecutive ascending alphabet letters or digits
    /// ("abcdefgh", "123456789"), the mark of a hand-typed example value.</summary>
    public static bool HasSequence(ReadOnlySpan<char> v, int min)
    {
        var run = 1;
        for (var i = 1; i < v.Length; i++)
        {
            var a = char.ToLowerInvariant(v[i - 1]);
            var b = char.ToLowerInvariant(v[i]);
            var ascending = b == a + 1 && ((a >= 'a' && b <= 'z') || (a >= '0' && b <= '9'));
            run = ascending ? run + 1 : 1;
            if (run >= min)
            {
                return true;
            }
        }

        return false;
    }

    public static bool HasDigit(ReadOnlySpan<char> v) => v.IndexOfAnyInRange('0', '9') >= 0;

    public static bool HasLetter(ReadOnlySpan<char> v)
    {
        foreach (var c in v)
        {
            if (char.IsLetter(c))
            {
                return true;
            }
        }

        return false;
    }

    public static bool HasUpperAndLower(ReadOnlySpan<char> v)
    {
        bool upper = false, lower = false;
        foreach (var c in v)
        {
            upper |= char.IsUpper(c);
            lower |= char.IsLower(c);
        }

        return upper && lower;
    }

    /// <summary>Common words of code and configuration. A generic value made of them ("SalesResults-1.2",
    /// "DOC_Vector_5_32") is a name, not a secret.</summary>
    public static readonly FrozenSet<string> StopWords = new[]
    {
        "test", "tests", "testing", "example", "examples", "sample", "samples", "demo", "dummy", "fake", "mock", "default",
        "value", "values", "vector", "version", "release", "snapshot", "build", "debug", "config", "configuration",
        "data", "result", "results", "sales", "name", "user", "users", "admin", "string", "token", "secret", "password",
        "public", "private", "local", "prod", "production", "staging", "develop", "development", "master", "main",
        "null", "none", "true", "false", "undefined", "number", "object", "function", "class", "type", "file", "path",
        "image", "video", "audio", "error", "warning", "info", "message", "event", "handler", "service", "server",
        "client", "application", "http", "https", "html", "json", "yaml", "page", "view", "model", "controller",
        "index", "list", "array", "table", "column", "field", "form", "input", "output", "button", "label", "text",
        "title", "header", "footer", "body", "content", "document", "report", "project", "package", "module",
        "library", "plugin", "component", "element", "node", "item", "entry", "record", "account", "customer",
        "order", "product", "payment", "invoice", "price", "amount", "total", "count", "size", "length", "width",
        "height", "color", "style", "theme", "font", "icon", "logo", "language", "locale", "region", "country",
        "address", "email", "phone", "date", "time", "year", "month", "week", "start", "end", "first", "last",
        "next", "previous", "current", "temp", "cache", "session", "cookie", "login", "logout", "register",
        "access", "permission", "role", "group", "team", "member", "owner", "storage", "bucket", "store",
        "vault", "cluster", "instance", "database", "schema", "query", "search", "filter", "sort", "utils",
        "helper", "common", "shared", "core", "base", "internal", "external", "generic", "custom", "manager",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when an alphabetic segment of the value (split at . _ - / : and camel case)
    /// is a common code word.</summary>
    public static bool ContainsStopWordSegment(string v)
    {
        foreach (var seg in v.Split(['.', '_', '-', '/', ':', '~', '+']))
        {
            if (seg.Length < 3 || HasDigit(seg))
            {
                continue;
            }

            foreach (var part in SplitCamel(seg))
            {
                if (part.Length >= 4 && StopWords.Contains(part))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Splits "jobCredentialsId" into job, Credentials, Id; "HTTPServer" into HTTP, Server.</summary>
    public static IEnumerable<string> SplitCamel(string s)
    {
        var start = 0;
        for (var i = 1; i < s.Length; i++)
        {
            var lowerToUpper = char.IsLower(s[i - 1]) && char.IsUpper(s[i]);
            var acronymEnd = i + 1 < s.Length && char.IsUpper(s[i - 1]) && char.IsUpper(s[i]) && char.IsLower(s[i + 1]);
            if (lowerToUpper || acronymEnd)
            {
                yield return s[start..i];
                start = i;
            }
        }

        yield return s[start..];
    }

    /// <summary>The words of an identifier, lower case: "AUTH_CLIENTSECRET" → auth, clientsecret;
    /// "jobCredentialsId" → job, credentials, id.</summary>
    public static List<string> IdentifierWords(ReadOnlySpan<char> id)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= id.Length; i++)
        {
            var isAlnum = i < id.Length && char.IsAsciiLetterOrDigit(id[i]);
            if (isAlnum && start < 0)
            {
                start = i;
            }
            else if (!isAlnum && start >= 0)
            {
                foreach (var w in SplitCamel(id[start..i].ToString()))
                {
                    words.Add(w.ToLowerInvariant());
                }

                start = -1;
            }
        }

        return words;
    }
}
