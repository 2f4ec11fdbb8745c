using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using static Policy.Api.Tests.Packs.PackTestData;

namespace Policy.Api.Tests.Packs;

/// <summary>Hostile packs through HTTP: each is answered within a second with ProblemDetails, and nothing is stored.</summary>
public sealed class HostilePackTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(1);

    private readonly HttpClient _hr = factory.ClientAs("hr");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Hostile => new()
    {
        "too-large",
        "deep-nesting",
        "alias-bomb",
        "huge-list",
        "backreference-regex",
    };

    private static string Build(string kind) => kind switch
    {
        // 1 MB of text plus a little: under the request cap, over the pack limit.
        "too-large" => "id: big\nversion: '1'\ndescription: \"" + new string('x', 1024 * 1024) + "\"\n",
        "deep-nesting" => "id: deep\nversion: '1'\ndescription: " + new string('[', 200) + new string(']', 200) + "\n",
        "alias-bomb" => """
            id: lol
            version: '1'
            description:
              a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
              b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
              c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
              d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
              e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
              f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
              g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
              h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
              i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
            """,
        "huge-list" => "id: many\nversion: '1'\nlists:\n  company: [" + string.Join(',', Enumerable.Range(0, 100_000).Select(i => "t" + i.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]\n",
        "backreference-regex" => Small("1.0.0", id: "regex-pack", extraRules: RegexRule(@"(a+)\1+$")),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static string RegexRule(string regex) => $"""
          - id: r.regex
            kind: pattern
            section: s1
            category: confidential
            severity: info
            regex: '{regex}'
            message: Regex.
            suggestion: Regex.

        """;

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task A_hostile_pack_is_refused_quickly_with_problem_details_and_nothing_is_stored(string kind)
    {
        await WarmUpAsync();
        var before = (await PacksAsync(_hr)).ToJsonString();
        var content = Build(kind);

        foreach (var path in new[] { "/api/v1/packs/validate", "/api/v1/packs" })
        {
            // Best of three: the server's cost, not the scheduler's when the whole suite runs in parallel.
            var fastest = TimeSpan.MaxValue;
            for (var attempt = 0; attempt < 3 && fastest >= Budget; attempt++)
            {
                var watch = Stopwatch.StartNew();
                var response = await _hr.PostAsync(path, Yaml(content), Ct);
                watch.Stop();
                fastest = watch.Elapsed < fastest ? watch.Elapsed : fastest;
                var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
                var error = problem["errors"]!.AsArray()[0]!;
                Assert.True((int)error["line"]! >= 1, problem.ToJsonString());
                Assert.False(string.IsNullOrEmpty((string?)error["message"]));
            }

            Assert.True(fastest < Budget, $"{kind} took {fastest}");
        }

        Assert.Equal(before, (await PacksAsync(_hr)).ToJsonString());
    }

    [Fact]
    public async Task A_body_far_over_the_limit_is_cut_off_with_413()
    {
        await WarmUpAsync();
        var before = (await PacksAsync(_hr)).ToJsonString();
        var content = "id: huge\nversion: '1'\ndescription: \"" + new string('x', 3 * 1024 * 1024) + "\"\n";
        var watch = Stopwatch.StartNew();
        var response = await _hr.PostAsync("/api/v1/packs", Yaml(content), Ct);
        watch.Stop();
        await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.True(watch.Elapsed < Budget, $"took {watch.Elapsed}");

        // Without a Content-Length (chunked), the cap still holds while reading.
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(content)));
        chunked.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/yaml");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/packs") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        await ProblemAsync(await _hr.SendAsync(request, Ct), HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal(before, (await PacksAsync(_hr)).ToJsonString());
    }

    [Fact]
    public async Task A_catastrophic_backtracking_regex_is_linear_and_answers_at_once()
    {
        await WarmUpAsync();

        // (a+)+$ backtracks exponentially on "aaaa…!" in a backtracking engine; packs compile
        // regexes with RegexOptions.NonBacktracking, so the example below runs in linear time.
        var pack = Small("1.0.0", id: "regex-pack", extraRules: RegexRule("(a+)+$"))
            + "  - text: \"" + new string('a', 5000) + "!\"\n    expect: allow\n";
        var watch = Stopwatch.StartNew();
        var response = await _hr.PostAsync("/api/v1/packs/validate", Yaml(pack), Ct);
        watch.Stop();
        var report = await JsonAsync(response, HttpStatusCode.OK);
        Assert.True(watch.Elapsed < Budget, $"took {watch.Elapsed}");
        Assert.Equal(0, (int)report["examples"]!["failed"]!);
        Assert.Equal(3, (int)report["examples"]!["passed"]!);
    }

    private async Task WarmUpAsync()
    {
        // The first request of a fresh server JIT-compiles the upload path; time the packs, not the JIT.
        var response = await _hr.PostAsync("/api/v1/packs/validate", Yaml(Small("0.0.1", id: "warm-up")), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        _ = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct));
    }
}
