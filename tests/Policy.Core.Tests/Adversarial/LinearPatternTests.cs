using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text;
using Policy.Core.Match.Detectors.Secrets;
using Policy.Core.Match.Detectors;
using Policy.Core.Match;

namespace Policy.Core.Tests.Adversarial;

/// <summary>
/// The token formats run on the non-backtracking engine (linear in the draft by construction). Their
/// lookarounds were rewritten as consumed edge characters (<see cref="PatternDetector"/>); these tests hold
/// each rewritten form to its backtracking original (<see cref="BacktrackingPatterns"/>): the same value
/// spans on every gitleaks vector, on the adversarial inputs and on random drafts made of the pieces that
/// sit at token edges.
/// </summary>
public sealed class LinearPatternTests
{
    private static readonly Lazy<List<string>> Vectors = new(() =>
        [.. File.ReadLines(Path.Combine(RepoPaths.Root, "tests", "vectors", "vectors-gitleaks.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()!)]);

    /// <summary>A positive for the formats without one in the gitleaks vectors (random values of the right shape).</summary>
    private static readonly Dictionary<string, string> Samples = new(StringComparer.Ordinal)
    {
        ["microsoft-teams-webhook"] = "hook: https://acme.webhook.office.com/webhookb2/a4c123b1-612d-d272-d137-1c17149d4395@36b3216f-daee-b975-729f-ae923d5a4fd1/IncomingWebhook/2yzaabfze228f219ze9cb0eb53f16947/ccf25ec8-4d8d-bc74-2547-70f58904dba4 end",
        ["beamer-api-token"] = "beamer_token = \"b_S2G8NPRVdD53X83RZJzzzzgEOzdmenCkhvMdgaKjIg8x\"",
        ["sendgrid-api-token"] = "key 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 here",
        ["pypi-upload-token"] = "pypi-AgEIcHlwaS5vcmcGvOoNZYW2mZp0zVZomHFwUbbYrEqmSM9wCZ7Uw9xfogoEmvnEN5N1aE6PwZPf1Qh6yYTWm here",
        ["mailgun-private-api-token"] = "MAILGUN_KEY=\"key-f5da2cec255404e4fb440034d6608697\"",
        ["gitlab-cicd-job-token"] = "glcbt-WLu_qIA1id6Vw5DQL05HA064 ok",
        ["readme-api-token"] = "rdme_6i8j76b2lajlj4h9du7794g9dpmrcg629be2u66mr26846p7q9m2i0hz2uep1enthjxjqi ok",
        ["dynatrace-api-token"] = "dt0c01.3OGZ5KOK16ZV0MWUFXBV932B.yvHNsG9eh6Yo4gfqrc5XlrWi0B26R08qzjI6GKFSufrdZSlB5er8bOfZqfM2oeq3 ok",
        ["discord-webhook-url"] = "https://discord.com/api/webhooks/170586492083124023/7tOtHWnsCGRlrwZbqcabUGJmGEp7CgQ0PBQFI14zGtSnovm14TUOizwd1iaeOV4qBkdf ok",
        ["grafana-api-key"] = "eyJrIjoiQ1y3GQsMpSscDlkrCaqx9vJupc94tnwlavyfErGPmpGXafq0fjzLczbttOofL9H2WjQ5TY4MyWuUFjsU= ok",
        ["postman-api-token"] = "PMAK-41d4072014b3ce107f80e222-f828767efc2f91624a8940f1f836f99eee ok",
        ["gitlab-runner-authentication-token-routable"] = "glrt-t1_Xh5Jmtf7EbsDe0G9Cryn687neLf.j7qxi6rhx ok",
        ["telegram-bot-api-token"] = "bot 377602077:AAztUjAwyuh1vauWv1zh87mTa5Vsqxezy3L ok",
    };

    private static IEnumerable<PatternDetector> PatternDetectors => DetectorCatalog.ByName.Values.OfType<PatternDetector>();

    public static TheoryData<string> Names => [.. BacktrackingPatterns.All.Select(p => p.Name)];

    [Fact]
    public void Every_pattern_detector_is_non_backtracking()
    {
        var detectors = PatternDetectors.ToList();
        Assert.Equal(127, detectors.Count);
        Assert.All(detectors, d => Assert.True(d.Regex.Options.HasFlag(RegexOptions.NonBacktracking), d.Name));

        // An edge group only works with the value in s: otherwise the hit would include the edge characters.
        Assert.All(detectors.Where(d => d.Regex.GroupNumberFromName("b") >= 0),
            d => Assert.True(d.Regex.GroupNumberFromName("s") >= 0, $"{d.Name} has an edge group but no value group"));
    }

    [Fact]
    public void Every_detector_with_lookarounds_before_has_a_reference()
    {
        var names = PatternDetectors.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        Assert.All(BacktrackingPatterns.All, p => Assert.Contains(p.Name, names));
        Assert.Equal(BacktrackingPatterns.All.Count, BacktrackingPatterns.All.Select(p => p.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void A_linear_pattern_finds_the_spans_its_backtracking_original_found(string name)
    {
        var detector = (PatternDetector)DetectorCatalog.ByName[name];
        var reference = new Regex(BacktrackingPatterns.All.Single(p => p.Name == name).Pattern, SecretText.Options, TimeSpan.FromSeconds(30));
        var texts = Vectors.Value
            .Concat(AdversarialInputs.For(detector.Keywords.Take(1).ToList(), 2_000).Select(i => i.Text))
            .Concat(RandomDrafts(detector, 1_000));
        var compared = 0;
        var found = 0;
        foreach (var text in texts)
        {
            var expected = Spans(reference, text);
            var actual = detector.Spans(text);
            if (!expected.SequenceEqual(actual))
            {
                Assert.Fail($"{name} on {JsonSerializer.Serialize(text)}: backtracking [{string.Join(", ", expected)}], linear [{string.Join(", ", actual)}]");
            }

            compared++;
            found += expected.Count;
        }

        Assert.True(compared > 1_000, $"{name}: {compared} texts");
        Assert.True(found > 0, $"{name}: the comparison never saw a match");
    }

    [Fact]
    public void A_comparison_is_not_an_assignment()
    {
        var snyk = DetectorCatalog.ByName["snyk-api-token"];
        var hits = new List<DetectorHit>();
        snyk.Scan("if (SNYK_TOKEN == \"12345678-abcd-4bcd-8bcd-123456789abc\")", hits);
        Assert.Empty(hits);
        snyk.Scan("SNYK_TOKEN = \"12345678-abcd-4bcd-8bcd-123456789abc\"", hits);
        Assert.Single(hits);
    }

    [Fact]
    public void Adjacent_tokens_are_each_found()
    {
        const string a = "ghp_ex7BWr2drgd1QsO7jprBGumXxY9B4bZWOz64";
        const string b = "ghp_8JJnUfd7UACNWiP3sFd67JikEAvstqVVPqzP";
        var hits = new List<DetectorHit>();
        DetectorCatalog.ByName["github-pat"].Scan(a + " " + b + "," + a, hits);
        Assert.Equal([0, a.Length + 1, a.Length + b.Length + 2], hits.Select(h => h.Start));
    }

    private static List<(int Index, int Length)> Spans(Regex regex, string text)
    {
        var list = new List<(int, int)>();
        for (var m = regex.Match(text); m.Success; m = m.NextMatch())
        {
            var g = m.Groups["s"];
            list.Add(g.Success ? (g.Index, g.Length) : (m.Index, m.Length));
        }

        return list;
    }

    /// <summary>Drafts of up to 160 characters glued from the pieces where the rewritten edges could differ:
    /// the detector's vectors cut at random places, its keywords in both cases, separators, quotes,
    /// assignment operators, base64 and word characters.</summary>
    private static IEnumerable<string> RandomDrafts(PatternDetector detector, int count)
    {
        var random = new Random(detector.Name.Aggregate(17, (h, c) => h * 31 + c));
        var own = Vectors.Value.Where(v => SecretDetectors.KeywordsPresent(detector, v) && v.Length < 600).Take(20).ToList();
        if (Samples.TryGetValue(detector.Name, out var sample))
        {
            own.Add(sample);
            yield return sample;
        }

        string[] glue = [" ", "\n", "\t", "=", "==", ":", "::", ":=", "=>", ".", "./", "/", "+", "-", "_", "\"", "'", "`", ",", ";", "(", ")",
            "<", ">", "\\", "|", "~", "a", "Z", "0", "x", "é", "aB", "Token", "_key", "secret", "=\"", "\" ", " = ", ".x", "==a", "\r\n"];
        for (var i = 0; i < count; i++)
        {
            var sb = new StringBuilder();
            while (sb.Length < 160)
            {
                switch (random.Next(7))
                {
                    case 6 when detector.Keywords.Count > 0:
                        // A keyword and a value of a common token length: most formats are a prefix and a fixed run.
                        int[] lengths = [8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 27, 29, 30, 32, 33, 34, 35, 36, 37, 38, 40, 43, 44, 48, 50, 54, 58, 59, 64, 69, 70, 93, 100, 120];
                        string[] alphabets = ["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", "0123456789abcdef", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", "0123456789"];
                        var alphabet = alphabets[random.Next(alphabets.Length)];
                        var keyword = detector.Keywords[random.Next(detector.Keywords.Count)];
                        sb.Append(random.Next(3) switch { 0 => keyword, 1 => keyword.ToUpperInvariant(), _ => keyword + "_token = \"" });
                        var length = lengths[random.Next(lengths.Length)];
                        for (var j = 0; j < length; j++)
                        {
                            sb.Append(alphabet[random.Next(alphabet.Length)]);
                        }

                        sb.Append(glue[random.Next(glue.Length)]);
                        break;
                    case 0 when own.Count > 0:
                        var v = own[random.Next(own.Count)];
                        var from = random.Next(v.Length);
                        sb.Append(v, from, Math.Min(v.Length - from, random.Next(1, 120)));
                        break;
                    case 1 when detector.Keywords.Count > 0:
                        var k = detector.Keywords[random.Next(detector.Keywords.Count)];
                        sb.Append(random.Next(3) switch { 0 => k, 1 => k.ToUpperInvariant(), _ => char.ToUpperInvariant(k[0]) + k[1..] });
                        break;
                    case 2:
                        const string chars = "abcdefABCDEF0123456789xyzXYZ+/=_-.";
                        var n = random.Next(1, 70);
                        for (var j = 0; j < n; j++)
                        {
                            sb.Append(chars[random.Next(chars.Length)]);
                        }

                        break;
                    default:
                        sb.Append(glue[random.Next(glue.Length)]);
                        break;
                }
            }

            yield return sb.ToString();
        }
    }
}
