using System.Text.Json;
using System.Text.RegularExpressions;
using Policy.Core.Checking;
using Policy.Core.Decision;
using Policy.Core.Match.Detectors.Secrets;
using Policy.Core.Match.Detectors;
using Policy.Core.Match;
using Policy.Core.Model;
using Policy.Core.Normalize;
using Policy.Core.Packs;
using Policy.Core.Rules;

namespace Policy.Core.Tests.Adversarial;

/// <summary>
/// Every detector and every regex of the shipped packs over the drafts of <see cref="AdversarialInputs"/>
/// (10,000 characters of repeated separators, keyword runs, option prefixes): each still gives the right
/// answer, here that a real finding after the hostile text is still found. How long they take is the
/// adversarial benchmark's business (bench/Policy.Benchmarks, "adversarial"); a scan that went
/// exponential here would fail on its regex timeout, or never end.
/// </summary>
public sealed class AdversarialInputTests
{
    private const int Length = 10_000;

    private static readonly Lazy<PackLibrary> Library = new(() => PackLibrary.LoadDirectory(RepoPaths.Policies));

    /// <summary>One text per detector that it finds something in, for detectors without a gitleaks vector.</summary>
    private static readonly Dictionary<string, string> OwnSamples = new(StringComparer.Ordinal)
    {
        ["iban"] = "IBAN: DE89 3704 0044 0532 0130 00",
        ["credit-card"] = "Karte 4111 1111 1111 1111 bitte",
        ["email"] = "Schreib an max.mustermann@firma.de!",
        ["phone"] = "Tel. +49 171 1234567",
        ["ip-address"] = "Server 192.168.0.1 ist down",
        ["mac-address"] = "MAC 00:1A:2B:3C:4D:5E",
        ["url"] = "Mehr auf https://www.example.com/news?id=1.",
        ["crypto"] = "Spenden an 16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ",
        ["de-tax-id"] = "Meine Steuer-ID: 86095742719.",
        ["de-vat-id"] = "USt-IdNr. DE136695976",
        ["de-id-card"] = "Ausweis L01X00T44",
        ["de-passport"] = "Pass C01234565",
        ["de-social-security"] = "RVNR 15070649C103",
        ["de-health-insurance"] = "KVNR A123456780",
        ["de-handelsregister"] = "Amtsgericht München HRB 12345.",
        ["de-tax-number"] = "St.-Nr. 123/456/78901 bitte angeben.",
        ["home-address"] = "Frau Müller wohnt in der Lindenstraße 12, besucht sie mal.",
        ["private-key"] = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\nMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu\n-----END PRIVATE KEY-----",
        ["curl-auth-user"] = "curl -u admin:Bl4ub33r3-77 https://api.example.com",
        ["curl-auth-header"] = "curl -H \"Authorization: Bearer cfcabd11c7ed9a41b1a3e063c32d5114\" https://api",
        ["kubernetes-secret-yaml"] = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: UzNjcjN0UGFzc3dvcmQxMjM=\n",
        ["password-prose"] = "Das Passwort lautet Blaubeere#77",
        ["access-code"] = "Türcode Sozialraum Halle 3: 4711#",
        ["generated-password"] = "log into the booking system with praxis.temp / Rhein#Med77 until Monday",
        ["command-line-password"] = "sqlcmd -S db01 -U etl -P 'Qm!2026-lk#7'",
        ["encoded-secret"] = "SCADA admin: b3BlcmF0b3I6VHVyYmluZS03Nw==",
        ["basic-auth-url"] = "DB: postgres://app:S3cr3t-Pa55@db.internal:5432/crm",
        ["connection-string"] = "Server=sql01;Database=crm;User Id=app;Password=Xy7#kL9!;",
        ["nuget-config-password"] = "<add key=\"ClearTextPassword\" value=\"Xy7kL9pQ2w\" />",
        ["generic-api-key"] = "client_secret = \"6da8f3Kq9zLm2Pq7RwXy4T\"",
    };

    public static TheoryData<string> DetectorNames => [.. DetectorCatalog.ByName.Keys.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(DetectorNames))]
    public void A_detector_still_finds_a_real_hit_after_hostile_text(string name)
    {
        var detector = DetectorCatalog.ByName[name];
        var sample = Sample(detector);
        var expected = sample is null ? [] : Covered(detector, sample);
        Assert.True(sample is null || expected.Count > 0, $"{name} finds nothing in its sample");

        foreach (var (shape, hostile) in AdversarialInputs.For(detector.Keywords.Take(1).ToList(), Length))
        {
            // Two blank lines: the sample starts a paragraph of its own, whatever the hostile text left open.
            // Detectors without a sample (some gitleaks rules have no literal positive) are still run over
            // every input: a scan that blew up would throw its regex timeout here.
            var found = Covered(detector, sample is null ? hostile : hostile + "\n\n" + sample);
            Assert.True(expected.IsSubsetOf(found), $"{name} after {shape}: expected [{string.Join(", ", expected)}], found [{string.Join(", ", found.Take(5))}]");
        }
    }

    [Fact]
    public void Most_detectors_have_a_sample_to_find()
    {
        var without = DetectorCatalog.ByName.Values.Where(d => Sample(d) is null).Select(d => d.Name).ToList();
        Assert.True(without.Count * 4 < DetectorCatalog.ByName.Count, $"{without.Count} detectors have no sample: {string.Join(", ", without)}");
    }

    public static TheoryData<string, string> PackRegexes
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var (pack, rule, _) in Regexes())
            {
                data.Add(pack, rule);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(PackRegexes))]
    public void A_pack_regex_is_non_backtracking_and_matches_as_a_backtracking_one_would(string packId, string ruleId)
    {
        var regex = Regexes().First(r => r.Pack == packId && r.Rule == ruleId).Regex;
        Assert.True(regex.Options.HasFlag(RegexOptions.NonBacktracking), $"{packId}/{ruleId} is not compiled non-backtracking");

        // The same pattern on the backtracking engine is the reference for what the answer should be;
        // on 1,000 characters it is quick for these patterns, and the non-backtracking one must agree.
        var reference = new Regex(regex.ToString(), regex.Options & ~RegexOptions.NonBacktracking, TimeSpan.FromSeconds(30));
        foreach (var (shape, hostile) in AdversarialInputs.ForAll(DetectorCatalog.ByName.Values.Take(1), Length))
        {
            var text = Normalizer.Normalize(hostile).Text;
            var full = Matches(regex, text);
            Assert.Equal(Matches(reference, text[..Math.Min(1_000, text.Length)]), Matches(regex, text[..Math.Min(1_000, text.Length)]));
            Assert.All(full, m => Assert.True(m.Index + m.Length <= text.Length, shape));
        }
    }

    [Fact]
    public void A_secret_after_hostile_text_still_blocks_with_the_default_pack()
    {
        var pack = Library.Value.Packs["social-media-guideline"];
        const string secret = "\n\nOur AWS key is AKIAQYLPMN5HFIQR7XPA";
        Assert.Equal(Severity.Block, CheckEngine.Check(pack, CheckRequest.Private(secret.Trim(), "en")).Decision);
        foreach (var piece in AdversarialInputs.Pieces)
        {
            var result = CheckEngine.Check(pack, CheckRequest.Private(AdversarialInputs.Repeat(piece, Length) + secret, "en"));
            Assert.True(result.Decision == Severity.Block, $"after {piece.Replace("\n", "\\n", StringComparison.Ordinal)} × n: {result.Decision}");
        }
    }

    private static IEnumerable<(string Pack, string Rule, Regex Regex)> Regexes()
    {
        foreach (var pack in Library.Value.Packs.Values.OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            foreach (var rule in pack.Rules)
            {
                if (rule is RegexRule { Regex: var regex })
                {
                    yield return (pack.Id, rule.Id, regex);
                }
                else if (rule is AllowlistRule allow)
                {
                    for (var i = 0; i < allow.Patterns.Count; i++)
                    {
                        yield return (pack.Id, $"{rule.Id}#{i}", allow.Patterns[i]);
                    }
                }
            }
        }
    }

    private static List<(int Index, int Length)> Matches(Regex regex, string text)
    {
        var list = new List<(int, int)>();
        foreach (var m in regex.EnumerateMatches(text))
        {
            list.Add((m.Index, m.Length));
        }

        return list;
    }

    private static HashSet<string> Covered(IDetector detector, string raw)
    {
        var text = detector.Input == DetectorInput.Normalized ? Normalizer.Normalize(raw).Text : raw;
        var hits = new List<DetectorHit>();
        detector.Scan(text, hits);
        return [.. hits.Select(h => text.Substring(h.Start, h.Length))];
    }

    private static string? Sample(IDetector detector)
    {
        if (OwnSamples.TryGetValue(detector.Name, out var own))
        {
            return own;
        }

        foreach (var line in File.ReadLines(Path.Combine(RepoPaths.Root, "tests", "vectors", "vectors-gitleaks.jsonl")))
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (root.GetProperty("rule").GetString() == detector.Name && root.GetProperty("positive").GetBoolean()
                && root.GetProperty("text").GetString() is { Length: < 2_000 } text && Covered(detector, text).Count > 0)
            {
                return text;
            }
        }

        return Generated(detector);
    }

    /// <summary>For a token format without a literal gitleaks positive: its keyword (as prefix, or as the
    /// name of an assigned variable) and a random value of some length and alphabet that it accepts.</summary>
    private static string? Generated(IDetector detector)
    {
        string[] alphabets = ["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", "0123456789abcdef", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", "0123456789"];
        foreach (var keyword in detector.Keywords.Take(2))
        {
            foreach (var alphabet in alphabets)
            {
                var random = new Random(keyword.Length * 31 + alphabet.Length);
                var value = new string([.. Enumerable.Range(0, 200).Select(_ => alphabet[random.Next(alphabet.Length)])]);
                for (var length = 8; length <= 200; length++)
                {
                    foreach (var text in new[] { $"token {keyword}{value[..length]} here", $"token {keyword.ToUpperInvariant()}{value[..length]} here", $"{keyword}_token = \"{value[..length]}\"" })
                    {
                        if (Covered(detector, text).Count > 0)
                        {
                            return text;
                        }
                    }
                }
            }
        }

        return null;
    }
}
