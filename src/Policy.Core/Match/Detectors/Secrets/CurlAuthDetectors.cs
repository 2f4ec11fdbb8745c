using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Policy.Core.Match.Detectors.Secrets;

/// <summary>Values that stand for a credential in documentation rather than being one.</summary>
internal static class CredentialPlaceholders
{
    public static readonly FrozenSet<string> Words = new[]
    {
        "password", "passwort", "kennwort", "pass", "passwd", "pwd", "pw", "secret", "token", "apikey", "api_key",
        "key", "user", "username", "login", "test", "testtest", "xxx", "yyy", "zzz", "changeme", "foo", "bar", "foobar",
        "example", "dummy", "none", "null", "empty", "geheim", "mypassword", "yourpassword", "secret123", "password123",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>A credential part that is a variable, template, placeholder word or redaction.</summary>
    public static bool IsPlaceholder(string v) =>
        v.Length == 0 || Words.Contains(v) || SecretText.IsPlaceholder(v) || v[0] is '[' or '{' && v[^1] is ']' or '}' && v.Contains(' ') ||
        v[0] == '[' || v.Contains("$(", StringComparison.Ordinal) || v.Contains("${", StringComparison.Ordinal) ||
        (v[0] == '$' && v.Length > 1 && (char.IsLetter(v[1]) || v[1] == '_' || char.IsDigit(v[1])));
}

/// <summary>
/// "curl-auth-user": <c>curl -u user:password</c> / <c>--user "user:password"</c>. The hit is the
/// password; with an empty password (<c>-u "apikey:"</c>, the API-key-as-user form) it is the user.
/// </summary>
public sealed class CurlAuthUserDetector : IDetector
{
    public string Name => "curl-auth-user";

    public DetectorInput Input => DetectorInput.Original;

    public IReadOnlyList<string> Keywords { get; } = ["curl"];

    // The -u/--user option and the credential, quoted as a whole or per part ("{id}":"{secret}",
    // kevin:'pw'); tried only where CurlCommands puts an option of a curl command.
    internal static readonly Regex Option = new(
        @"\G[ \t](?:-u|--user)[ \t]+" +
        @"(?:(?<q>[""'])(?<user>[^""'\s:]*)(?:\k<q>:(?<q2>[""'])|:)(?<pass>[^""'\s]*)(?:\k<q>|\k<q2>)" +
        @"|(?<user>[^""'\s:]*):(?:(?<q3>[""'])(?<pass>[^""'\s]*)\k<q3>|(?<pass>[^""'\s]*)))",
        SecretText.Options, SecretText.Timeout);

    public void Scan(string text, List<DetectorHit> hits)
    {
        foreach (var m in CurlCommands.Options(text, Option))
        {
            var user = m.Groups["user"];
            var pass = m.Groups["pass"];
            var u = Strip(user.Value);
            var p = Strip(pass.Value);
            if (p.Length > 0)
            {
                if (!CredentialPlaceholders.IsPlaceholder(p) && !p.Equals(u, StringComparison.OrdinalIgnoreCase) && p.Length >= 4)
                {
                    hits.Add(new DetectorHit(pass.Index, pass.Length, Name));
                }
            }
            else if (u.Length >= 8 && !CredentialPlaceholders.IsPlaceholder(u) && SecretText.HasDigit(u) &&
                     SecretText.Entropy(u) >= 3.0)
            {
                hits.Add(new DetectorHit(user.Index, user.Length, Name));
            }
        }
    }

    private static string Strip(string v) => v.Length >= 2 && v[0] == '{' && v[^1] == '}' && !v.Contains(' ') ? v[1..^1] : v;
}

/// <summary>
/// "curl-auth-header": a credential in a curl header, <c>-H "Authorization: Bearer …"</c>,
/// <c>--header 'Api-Token: …'</c>, <c>-H "apikey: …"</c>, <c>-H "X-Octopus-ApiKey: …"</c>. The hit is the
/// credential after the scheme. Basic credentials must be base64.
/// </summary>
public sealed class CurlAuthHeaderDetector : IDetector
{
    public string Name => "curl-auth-header";

    public DetectorInput Input => DetectorInput.Original;

    public IReadOnlyList<string> Keywords { get; } = ["curl"];

    // The -H/--header option with a credential header; tried only where CurlCommands puts an option.
    internal static readonly Regex Option = new(
        @"\G[ \t](?:-H|--header)[ \t]+(?<q>[""'])[ \t]*" +
        @"(?i:authorization|(?:x-[\w\-]*?)?(?:api-?key|api-?token|token|auth-?token|access-?token|secret))[ \t]*:[ \t]*" +
        @"(?:(?<scheme>(?i:basic|bearer|token|api-token|apikey|key))[ \t]+)?(?<s>[^""'\s]+)[ \t]*\k<q>",
        SecretText.Options, SecretText.Timeout);

    private static readonly Regex Base64 = new("^[A-Za-z0-9+/]+={0,2}$", SecretText.Options, SecretText.Timeout);

    public void Scan(string text, List<DetectorHit> hits)
    {
        foreach (var m in CurlCommands.Options(text, Option))
        {
            var s = m.Groups["s"];
            var v = s.Value;
            if (v.Length < 8 || CredentialPlaceholders.IsPlaceholder(v) || v[0] is '{' or '(' || SecretText.Entropy(v) < 2.5)
            {
                continue;
            }

            var scheme = m.Groups["scheme"];
            if (scheme.Success && scheme.Value.Equals("basic", StringComparison.OrdinalIgnoreCase) && !Base64.IsMatch(v))
            {
                continue;
            }

            hits.Add(new DetectorHit(s.Index, s.Length, Name));
        }
    }
}

/// <summary>
/// Where the curl detectors look: after the word <c>curl</c>, anywhere in the rest of its command, which
/// runs on over a line break after a backslash (<c>\</c>) or before an indented option (<c>\n  -H</c>).
/// The detectors used to say this in one regex, <c>\bcurl\b(?:[^\n]|\\\r?\n|\r?\n(?=[ \t]+-))*?</c> and the
/// option: a continued line could be read two ways, so <c>curl</c> and k times "\\\n -x" took 2^k steps
/// (2 s at k = 22), and "curl " × 2,000 rescanned the line from every curl (quadratic). This walks each
/// command once and gives the same matches: the first option after a curl that the option regex
/// accepts, then the next curl after that match.
/// </summary>
internal static class CurlCommands
{
    private static readonly Regex Curl = new(@"\bcurl\b", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    /// <param name="option">Anchored with <c>\G</c> at a blank before the option; its own cost is
    /// bounded by the blanks and the one token it reads.</param>
    public static IEnumerable<System.Text.RegularExpressions.Match> Options(string text, Regex option)
    {
        var from = 0;
        while (from < text.Length)
        {
            var curl = Curl.Match(text, from);
            if (!curl.Success)
            {
                yield break;
            }

            var found = false;
            var i = curl.Index + curl.Length;
            for (; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '\n')
                {
                    if (!Continues(text, i))
                    {
                        break;
                    }
                }
                else if (c is ' ' or '\t' && i + 1 < text.Length && text[i + 1] == '-')
                {
                    var m = option.Match(text, i);
                    if (m.Success)
                    {
                        yield return m;
                        from = m.Index + m.Length;
                        found = true;
                        break;
                    }
                }
            }

            // No option in this command: a later curl in the same command sees a part of the same
            // text, so it has none either; go on after the command.
            if (!found)
            {
                from = i + 1;
            }
        }
    }

    /// <summary>Whether the command goes on over the line break at <paramref name="i"/>: a backslash
    /// before it (with or without CR), or blanks and a dash after it.</summary>
    private static bool Continues(string text, int i)
    {
        if ((i >= 1 && text[i - 1] == '\\') || (i >= 2 && text[i - 1] == '\r' && text[i - 2] == '\\'))
        {
            return true;
        }

        var j = i + 1;
        while (j < text.Length && text[j] is ' ' or '\t')
        {
            j++;
        }

        return j > i + 1 && j < text.Length && text[j] == '-';
    }
}
