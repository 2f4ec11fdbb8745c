using System.Text;
using System.Text.RegularExpressions;
using Policy.Core.Match.Detectors;
using Policy.Core.Match.Detectors.Secrets;

namespace Policy.Core.Tests.Adversarial;

/// <summary>
/// The curl detectors used to be one backtracking regex each (exponential in continued lines). The
/// rewrite walks each command once; these tests hold it to the old regex's answers on short random
/// commands, where the old regex is still quick, and to the right answer on the inputs that hung it.
/// </summary>
public sealed class CurlDetectorReferenceTests
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    // The patterns as they were before the rewrite (commit 958c025), as the reference.
    private static readonly Regex OldUser = new(
        @"\bcurl\b(?:[^\n]|\\\r?\n|\r?\n(?=[ \t]+-))*?[ \t](?:-u|--user)[ \t]+" +
        @"(?:(?<q>[""'])(?<user>[^""'\s:]*)(?:\k<q>:(?<q2>[""'])|:)(?<pass>[^""'\s]*)(?:\k<q>|\k<q2>)" +
        @"|(?<user>[^""'\s:]*):(?:(?<q3>[""'])(?<pass>[^""'\s]*)\k<q3>|(?<pass>[^""'\s]*)))",
        Options);

    private static readonly Regex OldHeader = new(
        @"\bcurl\b(?:[^\n]|\\\r?\n|\r?\n(?=[ \t]+-))*?[ \t](?:-H|--header)[ \t]+(?<q>[""'])[ \t]*" +
        @"(?i:authorization|(?:x-[\w\-]*?)?(?:api-?key|api-?token|token|auth-?token|access-?token|secret))[ \t]*:[ \t]*" +
        @"(?:(?<scheme>(?i:basic|bearer|token|api-token|apikey|key))[ \t]+)?(?<s>[^""'\s]+)[ \t]*\k<q>",
        Options);

    private static readonly string[] Tokens =
    [
        "curl", "curl", " ", " ", " ", "\t", "\n", "\r\n", "\\", "-u", "--user", "-H", "--header", "\"", "'", ":", ":", "admin",
        "S3cr3tP4ssw0rd", "kevin", "Authorization", "Bearer", "x-api-key", "X-Octopus-ApiKey", "Basic", "dGVzdDp0ZXN0MTIzNDU2",
        "{id}", "{s3cr3tV4lu3x}", "$TOKEN", "-x", "https://api.example.com/v1", "a8F3kQ9zLm2Pq7Rw", "token", "-", "curly", "xcurl",
    ];

    [Fact]
    public void The_curl_detectors_find_what_the_single_regexes_found_on_random_commands()
    {
        var random = new Random(16);
        for (var n = 0; n < 20_000; n++)
        {
            var sb = new StringBuilder();
            var count = random.Next(1, 30);
            for (var t = 0; t < count; t++)
            {
                sb.Append(Tokens[random.Next(Tokens.Length)]);
            }

            var text = sb.ToString();
            Assert.Equal(Spans(OldUser, text, "pass"), Spans(CurlCommands.Options(text, CurlAuthUserDetector.Option), "pass"));
            Assert.Equal(Spans(OldHeader, text, "s"), Spans(CurlCommands.Options(text, CurlAuthHeaderDetector.Option), "s"));
        }
    }

    [Theory]
    [InlineData(16)]
    [InlineData(24)]
    [InlineData(2_000)]
    public void A_command_continued_over_many_lines_is_read_to_its_end(int lines)
    {
        var text = "curl" + string.Concat(Enumerable.Repeat("\\\n -x", lines)) + " -u admin:Bl4ub33r3-77 https://api";
        var hits = Scan(new CurlAuthUserDetector(), text);
        var hit = Assert.Single(hits);
        Assert.Equal("Bl4ub33r3-77", text.Substring(hit.Start, hit.Length));

        var header = "curl" + string.Concat(Enumerable.Repeat("\\\n -x", lines)) + " -H \"Authorization: Bearer cfcabd11c7ed9a41b1a3e063c32d5114\"";
        var headerHit = Assert.Single(Scan(new CurlAuthHeaderDetector(), header));
        Assert.Equal("cfcabd11c7ed9a41b1a3e063c32d5114", header.Substring(headerHit.Start, headerHit.Length));
    }

    [Fact]
    public void Many_curls_on_one_line_still_find_the_credential_at_its_end()
    {
        var text = string.Concat(Enumerable.Repeat("curl ", 2_000)) + "-u admin:Bl4ub33r3-77";
        var hit = Assert.Single(Scan(new CurlAuthUserDetector(), text));
        Assert.Equal("Bl4ub33r3-77", text.Substring(hit.Start, hit.Length));
    }

    [Fact]
    public void A_command_ends_at_a_line_break_that_does_not_continue_it()
    {
        Assert.Empty(Scan(new CurlAuthUserDetector(), "curl https://api\n-u admin:Bl4ub33r3-77"));
        Assert.Single(Scan(new CurlAuthUserDetector(), "curl https://api\n  -u admin:Bl4ub33r3-77"));
        Assert.Single(Scan(new CurlAuthUserDetector(), "curl https://api \\\r\n -u admin:Bl4ub33r3-77"));
    }

    private static List<DetectorHit> Scan(IDetector detector, string text)
    {
        var hits = new List<DetectorHit>();
        detector.Scan(text, hits);
        return hits;
    }

    private static List<(int, int, int, int)> Spans(Regex full, string text, string group) =>
        Spans(Enumerate(full, text), group);

    private static List<(int, int, int, int)> Spans(IEnumerable<System.Text.RegularExpressions.Match> matches, string group) =>
        [.. matches.Select(m => (m.Index + m.Length, m.Groups[group].Index, m.Groups[group].Length, m.Groups["user"].Success ? m.Groups["user"].Index : -1))];

    private static IEnumerable<System.Text.RegularExpressions.Match> Enumerate(Regex regex, string text)
    {
        for (var m = regex.Match(text); m.Success; m = m.NextMatch())
        {
            yield return m;
        }
    }
}
