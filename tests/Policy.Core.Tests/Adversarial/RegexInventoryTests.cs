using System.Reflection;
using System.Text.RegularExpressions;
using Policy.Core.Match.Detectors.Secrets;
using Policy.Core.Match.Detectors;
using Policy.Core.Match;

namespace Policy.Core.Tests.Adversarial;

/// <summary>
/// Every regex in Policy.Core, found by reflection (static <see cref="Regex"/> fields, <c>[GeneratedRegex]</c>
/// methods, the token-format detectors), is built non-backtracking, so its cost is linear in the draft by
/// construction, or is one of the listed exceptions with the reason its cost is bounded. A new regex that
/// is neither fails here; so does an exception that has become non-backtracking (remove it from the list).
/// </summary>
public sealed class RegexInventoryTests
{
    /// <summary>The regexes that still run on the backtracking engine, each with why its cost is bounded.
    /// docs/security.md lists the same; the adversarial benchmark measures each one's detector.</summary>
    internal static readonly Dictionary<string, string> Bounded = new(StringComparer.Ordinal)
    {
        ["CurlAuthUserDetector.Option"] = "anchored (\\G) at a blank before an option inside one curl command; needs a backreference to the opening quote. Reads one option and its value, so the command walk (CurlCommands) stays linear; CurlDetectorReferenceTests",
        ["CurlAuthHeaderDetector.Option"] = "anchored (\\G) at a blank before an option inside one curl command; needs a backreference to the opening quote. Reads one header option, so the command walk stays linear",
        ["GenericApiKeyDetector.AssignValue"] = "anchored (\\G) at the end of an identifier that holds a secret word; '=(?!=)' and ':(?!:)'. Reads the assignment and a value of at most 150 characters",
        ["PasswordProseDetector.Prose"] = "token edges as lookarounds around the cue word; between cue and connector at most 4 words (each a run without blanks, so no two ways to split them), the value at most 64 characters: each cue reads only what follows it up to its fifth word",
        ["PasswordProseDetector.UserPass"] = "a lookbehind at the cue word; user and password are runs of at most 64 characters that exclude the separator between them",
        ["PasswordProseDetector.Bare"] = "a lookbehind at the cue word; the value is one run of 6 to 64 characters",
        ["CryptoDetector.Base58Regex"] = "token edges as lookarounds; one run of 25 to 34 characters",
        ["CryptoDetector.Bech32Regex"] = "token edges as lookarounds; one run of 11 to 71 characters",
        ["DeHandelsregisterDetector.HrRegex"] = "token edges as lookarounds; at most 6 digits after the register",
        ["DeHealthInsuranceDetector.KvnrRegex"] = "token edges as lookarounds; fixed length (10)",
        ["DeSocialSecurityDetector.RvnrRegex"] = "token edges as lookarounds; fixed length (12)",
        ["DeTaxIdDetector.TaxIdRegex"] = "token edges as lookarounds (two characters back); fixed length (11 digits, optionally grouped)",
        ["DeTaxNumberDetector.StNrRegex"] = "token edges as lookarounds (two characters back); at most 14 characters",
        ["DeVatIdDetector.VatRegex"] = "token edges as lookarounds; at most 14 characters",
        ["EmailDetector.PlainRegex"] = "token edges as lookarounds; the local part at most 64 characters, the domain labels separated by dots (one way to split them), each at most 63",
        ["EmailDetector.ObfuscatedRegex"] = "token edges as lookarounds; as the plain form, with ' at '/' dot ' or bracketed separators between the labels",
        ["IpAddressDetector.V4Regex"] = "token edges as lookarounds; at most 18 characters",
        ["IpAddressDetector.V6Regex"] = "token edges as lookarounds; at most 8 groups of at most 4 hex digits, a zone of at most 15 and a prefix",
        ["MacAddressDetector.MacRegex"] = "token edges as lookarounds and a backreference to the first separator; fixed length (17 or 14)",
        ["PhoneDetector.InternationalRegex"] = "token edges as lookarounds; 6 to 24 digits, separators or area codes of at most 7 characters, a separator only before a digit",
        ["PhoneDetector.NationalRegex"] = "token edges as lookarounds; digit groups separated by single blanks or dashes (one way to split them)",
        ["PhoneDetector.NorthAmericanRegex"] = "token edges as lookarounds and a backreference to the first separator; fixed length (12 to 14)",
        ["UrlDetector.UrlRegex"] = "token edges as lookarounds; starts only after a character that cannot be inside a host; host labels separated by dots (one way to split them), the path one run",
        ["PasswordProseDetector.AboutSomethingElse"] = "runs on one candidate value (at most 64 characters), anchored at its start: a call costs at most the value. Compiled backtracking is several times cheaper per call than the non-backtracking engine's setup, and it runs once per candidate",
        ["PasswordProseDetector.CodeReference"] = "runs on one candidate value (at most 64 characters), anchored at both ends",
        ["PasswordProseDetector.LengthSpec"] = "runs on one candidate value (at most 64 characters), anchored at both ends",
        ["PasswordProseDetector.Email"] = "runs on one candidate value (at most 64 characters), anchored at both ends",
        ["GenericApiKeyDetector.SecretWord"] = "an alternation of fixed words without loops: a start position costs at most the longest word; compiled, it is a vectorized search, three times cheaper on the adversarial drafts than the non-backtracking engine",
        ["GenericApiKeyDetector.VersionLike"] = "runs on one candidate value (at most 150 characters)",
        ["GenericApiKeyDetector.FileLike"] = "runs on one candidate value (at most 150 characters)",
        ["CurlAuthHeaderDetector.Base64"] = "runs on one header value, anchored at both ends, one character class",
        ["CompanyDomains.DomainShape"] = "does not see drafts: checks a configured domain name at start-up, anchored, at most 253 characters",
    };

    [Fact]
    public void Every_regex_in_Core_is_non_backtracking_or_a_listed_exception()
    {
        var found = Inventory().ToList();
        Assert.True(found.Count > 20, $"only {found.Count} regexes found: the inventory is broken");
        var backtracking = found.Where(r => !r.Regex.Options.HasFlag(RegexOptions.NonBacktracking)).Select(r => r.Name).ToList();
        Assert.True(backtracking.All(Bounded.ContainsKey), "backtracking without a listed reason: " + string.Join(", ", backtracking.Where(n => !Bounded.ContainsKey(n))));
        Assert.True(Bounded.Keys.All(backtracking.Contains), "listed as exceptions but non-backtracking or gone: " + string.Join(", ", Bounded.Keys.Where(k => !backtracking.Contains(k))));
    }

    [Fact]
    public void Every_detector_regex_is_in_the_inventory()
    {
        var names = Inventory().Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var d in DetectorCatalog.ByName.Values.OfType<PatternDetector>())
        {
            Assert.Contains("PatternDetector:" + d.Name, names);
        }
    }

    internal static IEnumerable<(string Name, Regex Regex)> Inventory()
    {
        var core = typeof(DetectorCatalog).Assembly;
        // The source generator's own types hold the same instances as the [GeneratedRegex] methods.
        foreach (var type in core.GetTypes().Where(t => !t.IsGenericTypeDefinition && !t.FullName!.Contains('<', StringComparison.Ordinal)))
        {
            const BindingFlags flags = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
            foreach (var field in type.GetFields(flags).Where(f => f.FieldType == typeof(Regex)))
            {
                yield return ($"{type.Name}.{field.Name}", (Regex)field.GetValue(null)!);
            }

            foreach (var property in type.GetProperties(flags).Where(p => p.PropertyType == typeof(Regex) && p.GetIndexParameters().Length == 0))
            {
                yield return ($"{type.Name}.{property.Name}", (Regex)property.GetValue(null)!);
            }

            foreach (var method in type.GetMethods(flags).Where(m => m.GetCustomAttribute<GeneratedRegexAttribute>() is not null))
            {
                yield return ($"{type.Name}.{method.Name}", (Regex)method.Invoke(null, null)!);
            }
        }

        foreach (var d in DetectorCatalog.ByName.Values.OfType<PatternDetector>())
        {
            yield return ("PatternDetector:" + d.Name, d.Regex);
        }
    }
}
