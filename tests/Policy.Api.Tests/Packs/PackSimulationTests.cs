using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Policy.Core.Evaluation;
using Policy.Core.Packs;
using static Policy.Api.Tests.Packs.PackTestData;

namespace Policy.Api.Tests.Packs;

/// <summary>
/// Issue 17, item 4: POST /api/v1/packs/{id}/versions/{v}/simulate runs a corpus through a stored
/// version and the checking pack: decisions changed (by index, never the text), hits per rule, and
/// the evaluation of labelled drafts as policy eval computes it. Nothing is stored.
/// </summary>
public sealed class PackSimulationTests
{
    private const string CompanyId = "sim-company";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Company(string version) => $$"""
        id: {{CompanyId}}
        version: "{{version}}"
        title: { de: Testfirma, en: Test company }
        extends: {{BaseId}}
        rules:
          - id: company.kranich
            kind: terms
            section: sensitive-information
            category: confidential
            severity: block
            terms: [kranichzeichen]
            message: Das Kranichzeichen ist intern.
            suggestion: Lass das Kranichzeichen weg.
        examples:
          - text: Das Kranichzeichen steht fest.
            expect: block
            rules: [company.kranich]

        """;

    /// <summary>Five drafts: two name the company's secret, one is labelled as such, one is a labelled clean one.</summary>
    private static readonly string[] Lines =
    [
        """{"text": "Das Kranichzeichen für Halle 7 steht fest.", "context": {"account": "private"}}""",
        """{"text": "Schönes Wochenende zusammen!"}""",
        """{"id": "kranich-labelled", "text": "Unser Kranichzeichen-Entwurf ist fertig.", "context": {"account": "private"}, "expect": {"min": "review", "max": "block", "categories": ["confidential"]}}""",
        "",
        """{"id": "clean-labelled", "text": "Heute war ein guter Tag im Team.", "context": {"account": "private"}, "expect": {"min": "allow", "max": "info", "categories": []}}""",
        """{"text": "Mein Passwort ist Sommer2026!", "context": {"account": "corporate"}}""",
    ];

    private static StringContent Jsonl(string content, string type = "application/x-ndjson") => new(content, Encoding.UTF8, type);

    private static Task<HttpResponseMessage> SimulateAsync(HttpClient client, string id, string version, HttpContent content) =>
        client.PostAsync($"/api/v1/packs/{id}/versions/{version}/simulate", content, Ct);

    [Fact]
    public async Task A_new_company_pack_is_compared_with_the_checking_pack_by_index_rule_hits_and_evaluation()
    {
        await using var factory = new ApiFactory();
        var hr = factory.ClientAs("hr");
        await JsonAsync(await UploadAsync(hr, Company("1.0.0")), HttpStatusCode.Created);
        var packsBefore = await PacksAsync(hr);
        var auditBefore = (await AuditAsync(factory)).Count;

        var response = await SimulateAsync(hr, CompanyId, "1.0.0", Jsonl(string.Join('\n', Lines)));
        var body = await response.Content.ReadAsStringAsync(Ct);
        var result = await JsonAsync(response, HttpStatusCode.OK);

        Assert.Equal("checking", (string?)result["compiledAs"]);
        Assert.Equal(BaseId, (string?)result["current"]!["id"]);
        Assert.Equal(CompanyId, (string?)result["candidate"]!["id"]);
        Assert.Equal(5, (int)result["drafts"]!);
        Assert.Equal(2, (int)result["labelled"]!);
        Assert.Equal(2, (int)result["changedCount"]!);
        var changed = result["changed"]!.AsArray();
        Assert.Equal([0, 2], changed.Select(c => (int)c!["index"]!));
        Assert.Equal([1, 3], changed.Select(c => (int)c!["line"]!));
        Assert.Equal(["line-1", "kranich-labelled"], changed.Select(c => (string)c!["id"]!));
        Assert.All(changed, c => Assert.Equal("block", (string?)c!["to"]));
        Assert.All(changed, c => Assert.Contains("company.kranich", c!["rulesAdded"]!.AsArray().Select(r => (string?)r)));
        var transitions = result["transitions"]!.AsArray();
        Assert.Equal(2, transitions.Sum(t => (int)t!["count"]!));
        Assert.False((bool)result["changedTruncated"]!);

        var kranich = result["rules"]!.AsArray().Single(r => (string?)r!["ruleId"] == "company.kranich")!;
        Assert.Equal(0, (int)kranich["current"]!);
        Assert.Equal(2, (int)kranich["candidate"]!);
        Assert.Equal("company.kranich", (string?)result["rules"]![0]!["ruleId"]);
        var secret = result["rules"]!.AsArray().Single(r => (string?)r!["ruleId"] == "credential.secret")!;
        Assert.Equal(1, (int)secret["current"]!);
        Assert.Equal(0, (int)secret["delta"]!);

        // The labelled drafts' figures are the CLI's (CorpusEvaluation) on the same lines and pack.
        var posts = CorpusPost.Read("corpus", "t", new StringReader(string.Join('\n', Lines)), CorpusLimits.Unbounded, requireLabels: false).Where(p => p.Labelled).ToList();
        var basePack = PackLibrary.LoadDirectory(Path.Combine(SharedPaths.Root, "policies")).Packs[BaseId];
        var expected = CorpusEvaluation.Run(basePack, posts);
        var current = result["evaluation"]!["current"]!;
        Assert.Equal(expected.InBand, (int)current["inBand"]!);
        Assert.Equal(expected.Posts, (int)current["posts"]!);
        Assert.Equal(1, (int)current["cleanPosts"]!);
        Assert.Equal(2, (int)result["evaluation"]!["candidate"]!["inBand"]!);
        Assert.Equal(1.0, (double)result["evaluation"]!["candidate"]!["inBandRate"]!);
        var confidential = result["evaluation"]!["candidate"]!["categories"]!.AsArray().Single(c => (string?)c!["category"] == "confidential")!;
        Assert.Equal(1.0, (double)confidential["recall"]!);

        // Never the drafts' text; nothing stored, audited or switched.
        Assert.DoesNotContain("Halle 7", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Sommer2026", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Entwurf", body, StringComparison.Ordinal);
        Assert.Equal(packsBefore.ToJsonString(), (await PacksAsync(hr)).ToJsonString());
        Assert.Equal(auditBefore, (await AuditAsync(factory)).Count);
    }

    [Fact]
    public async Task A_new_base_version_is_simulated_under_the_company_pack_that_checks_drafts()
    {
        await using var factory = new ApiFactory();
        var hr = factory.ClientAs("hr");
        await JsonAsync(await UploadAsync(hr, Company("1.0.0")), HttpStatusCode.Created);
        using (var request = Activation(CompanyId, "1.0.0", null, new { expectedActive = string.Empty }))
        {
            await JsonAsync(await hr.SendAsync(request, Ct), HttpStatusCode.OK);
        }

        await JsonAsync(await UploadAsync(hr, BaseAs("2.1.0")), HttpStatusCode.Created);

        var result = await JsonAsync(await SimulateAsync(hr, BaseId, "2.1.0", Jsonl(string.Join('\n', Lines))), HttpStatusCode.OK);

        Assert.Equal("base", (string?)result["compiledAs"]);
        Assert.Equal(CompanyId, (string?)result["current"]!["id"]);
        Assert.Equal(CompanyId, (string?)result["candidate"]!["id"]);
        Assert.NotEqual((string?)result["current"]!["sha256"], (string?)result["candidate"]!["sha256"]);
        Assert.Equal(0, (int)result["changedCount"]!);
        var kranich = result["rules"]!.AsArray().Single(r => (string?)r!["ruleId"] == "company.kranich")!;
        Assert.Equal(2, (int)kranich["current"]!);
        Assert.Equal(2, (int)kranich["candidate"]!);
    }

    [Fact]
    public async Task A_corpus_sent_as_a_file_of_a_form_is_read_like_a_body()
    {
        await using var factory = new ApiFactory();
        var hr = factory.ClientAs("hr");
        await JsonAsync(await UploadAsync(hr, Company("1.0.0")), HttpStatusCode.Created);
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(string.Join('\n', Lines))), "file", "drafts.jsonl");

        var result = await JsonAsync(await SimulateAsync(hr, CompanyId, "1.0.0", form), HttpStatusCode.OK);

        Assert.Equal(5, (int)result["drafts"]!);
        Assert.Equal(2, (int)result["changedCount"]!);
    }

    [Fact]
    public async Task Bad_corpora_get_a_problem_naming_the_line_or_the_bound()
    {
        await using var factory = new ApiFactory();
        var hr = factory.ClientAs("hr");
        await JsonAsync(await UploadAsync(hr, Company("1.0.0")), HttpStatusCode.Created);

        var malformed = await ProblemAsync(await SimulateAsync(hr, CompanyId, "1.0.0", Jsonl(Lines[0] + "\n{\"context\": {\"account\": \"private\"}}\n")), HttpStatusCode.BadRequest);
        var badLabel = await ProblemAsync(await SimulateAsync(hr, CompanyId, "1.0.0", Jsonl(Lines[2].Replace("confidential", "gossip", StringComparison.Ordinal))), HttpStatusCode.BadRequest);
        var tooMany = await ProblemAsync(await SimulateAsync(hr, CompanyId, "1.0.0", Jsonl(string.Concat(Enumerable.Repeat(Lines[1] + "\n", 5_001)))), HttpStatusCode.BadRequest);
        var tooLong = await ProblemAsync(await SimulateAsync(hr, CompanyId, "1.0.0", Jsonl("{\"text\": \"" + new string('a', 10_001) + "\"}")), HttpStatusCode.BadRequest);
        var empty = await ProblemAsync(await SimulateAsync(hr, CompanyId, "1.0.0", Jsonl("\n\n")), HttpStatusCode.BadRequest);
        var huge = await ProblemAsync(await SimulateAsync(hr, CompanyId, "1.0.0", Jsonl(new string(' ', 9 * 1024 * 1024))), HttpStatusCode.RequestEntityTooLarge);
        var type = await ProblemAsync(await SimulateAsync(hr, CompanyId, "1.0.0", Jsonl(Lines[0], "application/xml")), HttpStatusCode.UnsupportedMediaType);
        var unknown = await ProblemAsync(await SimulateAsync(hr, CompanyId, "9.9.9", Jsonl(Lines[0])), HttpStatusCode.NotFound);
        using var latin1 = new ByteArrayContent(Encoding.Latin1.GetBytes("{\"text\": \"Gr\u00fc\u00dfe\"}")) { Headers = { ContentType = new("application/x-ndjson") } };
        var notUtf8 = await ProblemAsync(await SimulateAsync(hr, CompanyId, "1.0.0", latin1), HttpStatusCode.BadRequest);
        using var noFile = new MultipartFormDataContent { { new StringContent("Hallo"), "note" } };
        var formWithoutFile = await ProblemAsync(await SimulateAsync(hr, CompanyId, "1.0.0", noFile), HttpStatusCode.BadRequest);

        Assert.Equal(2, (int)malformed["line"]!);
        Assert.Contains("corpus:2: 'text' is required", (string?)malformed["errors"]!["corpus"]![0], StringComparison.Ordinal);
        Assert.Contains("unknown category 'gossip'", (string?)badLabel["errors"]!["corpus"]![0], StringComparison.Ordinal);
        Assert.Contains("more than 5000 drafts", (string?)tooMany["errors"]!["corpus"]![0], StringComparison.Ordinal);
        Assert.Contains("at most 10000 are allowed", (string?)tooLong["errors"]!["corpus"]![0], StringComparison.Ordinal);
        Assert.Contains("holds no draft", (string?)empty["errors"]!["corpus"]![0], StringComparison.Ordinal);
        Assert.Contains("5,000 drafts", (string?)huge["detail"], StringComparison.Ordinal);
        Assert.Equal(415, (int)type["status"]!);
        Assert.Contains("9.9.9", (string?)unknown["detail"], StringComparison.Ordinal);
        Assert.Contains("not valid UTF-8", (string?)notUtf8["errors"]!["corpus"]![0], StringComparison.Ordinal);
        Assert.Contains("holds no draft", (string?)formWithoutFile["errors"]!["corpus"]![0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_hr_and_admin_may_simulate()
    {
        await using var factory = new ApiFactory();
        var hr = factory.ClientAs("hr");
        await JsonAsync(await UploadAsync(hr, Company("1.0.0")), HttpStatusCode.Created);

        var employee = await SimulateAsync(factory.ClientAs("employee"), CompanyId, "1.0.0", Jsonl(Lines[0]));
        var legal = await SimulateAsync(factory.ClientAs("legal"), CompanyId, "1.0.0", Jsonl(Lines[0]));
        using var anonymous = factory.CreateClient();
        var nobody = await SimulateAsync(anonymous, CompanyId, "1.0.0", Jsonl(Lines[0]));
        var admin = await SimulateAsync(factory.ClientAs("admin"), CompanyId, "1.0.0", Jsonl(Lines[0]));

        Assert.Equal(HttpStatusCode.Forbidden, employee.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, legal.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, nobody.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }
}
