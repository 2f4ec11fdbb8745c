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

    // A curl command (continued lines allowed), then -u/--user and the credential, quoted as a whole or
    // per part ("{id}":"{secret}", kevin:'pw').
    private static readonly Regex Pattern = new(
        @"\bcurl\b(?:[^\n]|\\\r?\n|\r?\n(?=[ \t]+-))*?[ \t](?:-u|--user)[ \t]+" +
        @"(?:(?<q>[""'])(?<user>[^""'\s:]*)(?:\k<q>:(?<q2>[""'])|:)(?<pass>[^""'\s]*)(?:\k<q>|\k<q2>)" +
        @"|(?<user>[^""'\s:]*):(?:(?<q3>[""'])(?<pass>[^""'\s]*)\k<q3>|(?<pass>[^""'\s]*)))",
        SecretText.Options, SecretText.Timeout);

    public void Scan(string text, List<DetectorHit> hits)
    {
        for (var m = Pattern.Match(text); m.Success; m = m.NextMatch())
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

    private static readonly Regex Pattern = new(
        @"\bcurl\b(?:[^\n]|\\\r?\n|\r?\n(?=[ \t]+-))*?[ \t](?:-H|--header)[ \t]+(?<q>[""'])[ \t]*" +
        @"(?i:authorization|(?:x-[\w\-]*?)?(?:api-?key|api-?token|token|auth-?token|access-?token|secret))[ \t]*:[ \t]*" +
        @"(?:(?<scheme>(?i:basic|bearer|token|api-token|apikey|key))[ \t]+)?(?<s>[^""'\s]+)[ \t]*\k<q>",
        SecretText.Options, SecretText.Timeout);

    private static readonly Regex Base64 = new("^[A-Za-z0-9+/]+={0,2}$", SecretText.Options, SecretText.Timeout);

    public void Scan(string text, List<DetectorHit> hits)
    {
        for (var m = Pattern.Match(text); m.Success; m = m.NextMatch())
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
