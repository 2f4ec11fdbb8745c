using System.Text;
using System.Text.RegularExpressions;
using Policy.Core.Match;
using Policy.Core.Packs;
using Policy.Core.Rules;

namespace Policy.Core.Tests.Match;

/// <summary>
/// A regex rule skips its matcher where <see cref="RegexPrefilter"/> says the draft cannot match;
/// that must never be wrong. Checked against the regex engine itself on random patterns and texts,
/// on every pattern rule of the default pack, and on patterns the analysis must give up on.
/// </summary>
public sealed class RegexPrefilterTests
{
    private const RegexOptions Rule = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    [Theory]
    [InlineData(@"\b-?[0-9]{1,2}[.][0-9]{3,8} ?[,;/] ?-?[0-9]{1,3}[.][0-9]{3,8}\b", false)]
    [InlineData(@"\bhxxps?://[^\s]+|\b[a-z0-9-]+(?: \.|\. | \. )(?:d ?e|c ?o ?m) ?/ ?[a-z0-9_-]{2,}", true)]
    [InlineData(@"\bh ?t ?t ?p ?s? ?: ?/ ?/ ", true)]
    public void Never_rejects_a_text_the_regex_matches_in_it(string pattern, bool ignoreCase)
    {
        var regex = new Regex(pattern, ignoreCase ? Rule | RegexOptions.IgnoreCase : Rule);
        var filter = RegexPrefilter.For(regex);
        Assert.NotNull(filter);
        var random = new Random(7);
        string[] pieces = ["1", "23", ".", ",", " ", "4567", "-", "/", ";", "hxxp", "HXXPS", "://", "x", "de", "D E", "com", "c o m", " . ", "h t t p", "s", ":", "/ /", "\u212A", "ſ", "İ", "a"];
        var rejected = 0;
        for (var round = 0; round < 20_000; round++)
        {
            var text = RandomText(random, pieces, 12);
            var may = filter.MayMatch(text);
            Assert.True(may || !regex.IsMatch(text), $"'{pattern}' matches '{text}' but its prefilter rejected it");
            rejected += may ? 0 : 1;
        }

        Assert.True(rejected > 1_000, "the prefilter should reject texts without the pattern's strings");
    }

    /// <summary>Random small patterns (classes, groups, alternations, every quantifier, anchors,
    /// letters with unusual case variants) against random texts over the same characters.</summary>
    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    [InlineData(4, true)]
    public void Agrees_with_the_regex_engine_on_random_patterns(int seed, bool ignoreCase)
    {
        var random = new Random(seed);
        string[] alphabet = ["a", "b", "k", "K", "\u212A", "s", "ſ", "S", "1", "2", ".", " ", "-", "i", "İ", "ı", "é", "É"];
        var analysed = 0;
        for (var p = 0; p < 400; p++)
        {
            var pattern = RandomPattern(random, 3);
            Regex regex;
            try
            {
                regex = new Regex(pattern, ignoreCase ? Rule | RegexOptions.IgnoreCase : Rule);
            }
            catch (ArgumentException)
            {
                continue;
            }

            if (RegexPrefilter.For(regex) is not { } filter)
            {
                continue;
            }

            analysed++;
            for (var t = 0; t < 300; t++)
            {
                var text = RandomText(random, alphabet, 14);
                Assert.True(filter.MayMatch(text) || !regex.IsMatch(text), $"'{pattern}' matches '{text}' but its prefilter rejected it ({string.Join(" | ", filter.Strings)})");
                Assert.True(filter.MayMatch(text) == filter.MayMatchNaive(text), $"'{pattern}' on '{text}': the search and every string at every position disagree");
            }
        }

        Assert.True(analysed > 100, $"only {analysed} patterns analysed");
    }

    [Fact]
    public void Default_pack_patterns_agree_on_the_dev_corpus_and_mutations()
    {
        var pack = PackLibrary.LoadDirectory(RepoPaths.Policies).Packs["social-media-guideline"];
        var texts = Directory.GetFiles(Path.Combine(RepoPaths.Root, "tests", "corpus"), "dev-*.jsonl")
            .SelectMany(File.ReadLines)
            .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()!)
            .ToList();
        var random = new Random(11);
        string[] inserts = ["53.5418, 9.9871", "48°08'N", "5 0 . 9 3 7 5 , 6 . 9 6 0 3", "Fünfzig Komma drei eins", "fifty-one point six zero two", "hxxps://x", "example[.]com", "kurzlink . de / aktion", "h t t p s : / / ", "H**PS://x", "\u212Aurz . DE / x"];
        foreach (var rule in pack.Rules.OfType<RegexRule>().Where(r => r.Prefilter is not null))
        {
            foreach (var text in texts.Concat(texts.Take(3_000).Select(t => t.Insert(random.Next(t.Length + 1), " " + inserts[random.Next(inserts.Length)] + " "))))
            {
                var input = rule.Input == Policy.Core.Match.Detectors.DetectorInput.Original ? text : Policy.Core.Normalize.Normalizer.Normalize(text).Text;
                Assert.True(rule.Prefilter!.MayMatch(input) || !rule.Regex.IsMatch(input), $"{rule.Id} matches a text its prefilter rejected: {input}");
            }
        }

        // Allowlist patterns (phone numbers, mailboxes) are prefiltered too; they read the normalized text.
        string[] numbers = ["0561 7730-0", "+49 9141 5580-200", "0800 123 4567", "0049 (0) 30 1234567", "030/123 456-100", "jobs@example.de", "a.b@c-d.example.org", "(0) 40 555 12"];
        var allowlists = pack.Rules.OfType<AllowlistRule>().Where(r => r.Prefilters.Any(f => f is not null)).ToList();
        Assert.NotEmpty(allowlists);
        foreach (var rule in allowlists)
        {
            foreach (var text in texts.Concat(texts.Take(3_000).Select(t => t.Insert(random.Next(t.Length + 1), " " + numbers[random.Next(numbers.Length)] + " "))))
            {
                var input = Policy.Core.Normalize.Normalizer.Normalize(text).Text;
                for (var p = 0; p < rule.Patterns.Count; p++)
                {
                    Assert.True(rule.Prefilters[p]?.MayMatch(input) != false || !rule.Patterns[p].IsMatch(input), $"{rule.Id} pattern {p} matches a text its prefilter rejected: {input}");
                }
            }
        }
    }

    /// <summary>The search skips strings that hold another string of the set and anchors whose
    /// neighbours fit no string; neither may change its answer. Held equal to every string looked for
    /// at every position, on texts dense with anchors and near misses (digits beside dots and commas,
    /// slashes beside TLDs, anchors at both ends of the text).</summary>
    [Fact]
    public void Default_pack_prefilters_answer_as_every_string_at_every_position()
    {
        var pack = PackLibrary.LoadDirectory(RepoPaths.Policies).Packs["social-media-guideline"];
        string[] pieces = ["1", "23", ".", ",", " ", "4567", "-", "/", ";", "°", "hxxp", "HXXPS", "://", "x", "de", "D E", "com", "c o m", " . ", "h t t p", "s", ":", "/ /",
            "\u212A", "ſ", "İ", "a", "[.]", "(dot)", "fifty", " point ", "sechzig", " Komma ", "drei", "ünf", ".io/", "ly", "\"", "′", "N", "e", "ü", "\u00A0"];
        var random = new Random(5);
        var texts = Enumerable.Range(0, 6_000).Select(_ => RandomText(random, pieces, 16)).ToList();
        var checkedRules = 0;
        var differing = 0;
        foreach (var rule in pack.Rules.OfType<RegexRule>().Where(r => r.Prefilter is not null))
        {
            checkedRules++;
            foreach (var text in texts)
            {
                var may = rule.Prefilter!.MayMatch(text);
                Assert.True(may == rule.Prefilter.MayMatchNaive(text), $"{rule.Id} on '{text}': the search says {may}, every string at every position the opposite");
                differing += may ? 1 : 0;
            }
        }

        Assert.True(checkedRules >= 3, $"only {checkedRules} pattern rules with a prefilter");
        Assert.True(differing > 1_000 && differing < checkedRules * texts.Count - 1_000, "the texts should both pass and fail the prefilters");
    }

    [Theory]
    [InlineData(@"(?i)abc")]
    [InlineData(@"(?=abc)abc")]
    [InlineData(@"(a)\1")]
    [InlineData(@"[a-z-[aeiou]]x")]
    [InlineData(@"a*")]
    [InlineData(@"abc|x*")]
    [InlineData(@"\w+")]
    public void Gives_no_condition_where_it_cannot_know_one(string pattern)
    {
        Regex regex;
        try
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant);
        }
        catch (ArgumentException)
        {
            return;
        }

        Assert.Null(RegexPrefilter.For(regex));
    }

    [Fact]
    public void Finds_strings_across_a_concatenation()
    {
        var filter = RegexPrefilter.For(new Regex(@"[0-9]{1,2}[.][0-9]{3,8}", Rule));
        Assert.NotNull(filter);
        Assert.All(filter.Strings, s => Assert.True(s.Length >= 3 && s.Contains('.', StringComparison.Ordinal), s));
        Assert.False(filter.MayMatch("Am 12. Mai um 9 Uhr"));
        Assert.True(filter.MayMatch("bei 53.5418"));
    }

    private static string RandomText(Random random, string[] pieces, int maxPieces)
    {
        var sb = new StringBuilder();
        for (var k = random.Next(0, maxPieces); k >= 0; k--)
        {
            sb.Append(pieces[random.Next(pieces.Length)]);
        }

        return sb.ToString();
    }

    private static string RandomPattern(Random random, int depth)
    {
        string[] atoms = ["a", "b", "k", "K", "s", "1", @"\.", " ", "-", "i", "é", "[ab]", "[0-9]", "[kK]", "[a-c.]", ".", @"\b", @"\d", "[^a]", "^", "$", "[s1]"];
        string[] quantifiers = ["", "", "", "?", "*", "+", "{2}", "{1,3}", "{0,2}", "{2,}", "??", "+?"];
        var sb = new StringBuilder();
        for (var k = random.Next(1, 5); k > 0; k--)
        {
            var atom = depth > 0 && random.Next(4) == 0
                ? "(?:" + RandomPattern(random, depth - 1) + (random.Next(2) == 0 ? "|" + RandomPattern(random, depth - 1) : string.Empty) + ")"
                : atoms[random.Next(atoms.Length)];
            sb.Append(atom);
            if (atom is not "^" and not "$" and not @"\b")
            {
                sb.Append(quantifiers[random.Next(quantifiers.Length)]);
            }
        }

        return random.Next(5) == 0 ? sb + "|" + RandomPattern(random, 0) : sb.ToString();
    }
}
