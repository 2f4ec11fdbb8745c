using System.Text.RegularExpressions;
using Policy.Core.Match.Detectors;
using Policy.Core.Match;

namespace Policy.Core.Accounts;

/// <summary>
/// Where the company keeps access to an account: a reference into the password manager, such as
/// "1Password: Vault Social / Item LinkedIn Acme" or "vault://social/linkedin-acme", never the
/// password itself. <see cref="Problem"/> refuses values that look like a secret.
/// </summary>
public static partial class AccessReference
{
    private const string SymbolChars = "!#$%&*?+=~^§\"'()[]{}<>|;,";

    /// <summary>Why the value looks like a password rather than a reference; null if it looks like a reference.</summary>
    public static string? Problem(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var v = value.Trim();

        // The secret detectors know passwords in prose, credentials in URLs, API keys and private keys.
        var hits = new List<DetectorHit>();
        foreach (var name in DetectorCatalog.SecretNames)
        {
            var detector = DetectorCatalog.ByName[name];
            detector.Scan(detector.Input == DetectorInput.Original ? v : v.ToLowerInvariant(), hits);
            if (hits.Count > 0)
            {
                return $"it contains what looks like a secret ({hits[0].Entity}); store a reference into the password manager, never the password";
            }
        }

        if (v.Contains("://", StringComparison.Ordinal))
        {
            // A URI (vault://, op://, https://) names the entry by its path: parts of letters, digits,
            // spaces and . _ - ~, separated by '/'. Anything else ('#', '?', '@', ':' after the scheme)
            // is where a password would be appended ("vault://social/x Blaubeere#77").
            return UriReference().IsMatch(v)
                ? null
                : "a reference URI may hold only letters, digits, spaces and . _ - ~ in its parts, separated by '/' (such as \"vault://social/linkedin-acme\"); no #, ?, @, : or other symbols after the scheme";
        }

        var segments = v.Split([' ', '\t', '/', '\\', '>', '|'], StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 2)
        {
            return "a single word without a vault, folder or entry name looks like a password; give a reference such as \"1Password: Vault Social / Item LinkedIn\" or \"vault://social/linkedin\"";
        }

        foreach (var segment in segments)
        {
            var s = segment.TrimEnd(':', '.', ',');
            if (LooksGenerated(s))
            {
                return "a part of it mixes letters, digits and symbols like a password; store a reference into the password manager, never the password";
            }
        }

        return null;
    }

    /// <summary>scheme://host-or-vault/part/part: no credentials, query or fragment; spaces only inside the path.</summary>
    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*://[\p{L}\p{N}._~-]+(/[\p{L}\p{N}._~ -]*)*\z", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex UriReference();

    /// <summary>Letters, digits and symbols together (e.g. "Sonne123!"), 6 characters or more.</summary>
    private static bool LooksGenerated(string s)
    {
        if (s.Length < 6)
        {
            return false;
        }

        bool letter = false, digit = false, symbol = false;
        foreach (var c in s)
        {
            letter |= char.IsLetter(c);
            digit |= char.IsDigit(c);
            symbol |= SymbolChars.Contains(c, StringComparison.Ordinal);
        }

        return letter && digit && symbol;
    }
}
