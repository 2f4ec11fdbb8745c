using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Policy.Api.Identity;
using static Policy.Api.Tests.Packs.PackTestData;

namespace Policy.Api.Tests.Packs;

/// <summary>Upload, report, activate, roll back: real HTTP on a real SQLite file, one fresh store per test.</summary>
public sealed class PackLifecycleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Upload_validate_activate_and_roll_back_switch_the_checking_pack_without_restart()
    {
        await using var factory = new ApiFactory();
        var hr = factory.ClientAs("hr");
        var employee = factory.ClientAs("employee");

        // First start seeded policies/: base first, both active.
        var packs = await PacksAsync(hr);
        Assert.Equal(["acme-social-media", BaseId], packs.Select(p => (string)p!["id"]!).Order(StringComparer.Ordinal));
        Assert.All(packs, p => Assert.Equal("system", (string?)p!["versions"]![0]!["uploadedBy"]));
        Assert.Equal(BaseVersion, await CheckVersionAsync(employee));

        // Dry run: the report, nothing stored.
        var dry = await JsonAsync(await hr.PostAsync("/api/v1/packs/validate", Yaml(BaseAs("2.1.0")), Ct), HttpStatusCode.OK);
        Assert.False((bool)dry["stored"]!);
        Assert.Equal("2.1.0", (string?)dry["version"]);
        Assert.Equal(packs.ToJsonString(), (await PacksAsync(hr)).ToJsonString());

        var upload = await UploadAsync(hr, BaseAs("2.1.0"));
        var report = await JsonAsync(upload, HttpStatusCode.Created);
        Assert.Equal(BaseId, (string?)report["packId"]);
        Assert.Matches("^[0-9a-f]{64}$", (string?)report["sha256"]);
        Assert.True((int)report["rules"]! > 50);
        Assert.True((int)report["sections"]! > 5);
        Assert.Equal(0, (int)report["examples"]!["failed"]!);
        Assert.True((int)report["examples"]!["passed"]! > 10);
        Assert.Equal($"/api/v1/packs/{BaseId}/versions/2.1.0", upload.Headers.Location?.OriginalString);

        // Stored, not yet active: checks still use 2.0.0.
        Assert.Equal(BaseVersion, await CheckVersionAsync(employee));

        var activated = await ActivateAsync(hr, BaseId, "2.1.0", BaseVersion);
        Assert.True((bool)activated["changed"]!);
        Assert.Equal(BaseVersion, (string?)activated["previous"]);
        Assert.Equal("2.1.0", await CheckVersionAsync(employee));
        var health = await JsonAsync(await factory.ClientWithKey(ApiFactory.AdminKey).GetAsync("/health/details", Ct), HttpStatusCode.OK);
        Assert.Equal("2.1.0", (string?)health["checks"]!["pack"]!["data"]!["version"]);

        // Rollback by body instead of If-Match.
        var rollback = await hr.PostAsJsonAsync($"/api/v1/packs/{BaseId}/rollback", new { expectedActive = "2.1.0" }, Ct);
        var rolled = await JsonAsync(rollback, HttpStatusCode.OK);
        Assert.Equal(BaseVersion, (string?)rolled["version"]);
        Assert.Equal(BaseVersion, await CheckVersionAsync(employee));

        // Nothing earlier than the seed: a second rollback has nowhere to go.
        var again = await hr.PostAsJsonAsync($"/api/v1/packs/{BaseId}/rollback", new { expectedActive = BaseVersion }, Ct);
        await ProblemAsync(again, HttpStatusCode.Conflict);

        var rows = JsonNode.Parse(await hr.GetStringAsync($"/api/v1/packs/{BaseId}/history", Ct))!.AsArray();
        Assert.Equal(["seed", "activate", "rollback"], rows.Select(r => (string)r!["action"]!));

        var actions = (await AuditAsync(factory)).Select(e => (string)e!["action"]!).ToList();
        Assert.Contains("pack.uploaded", actions);
        Assert.Contains("pack.activated", actions);
        Assert.Contains("pack.rolled_back", actions);
        await AssertAuditIntactAsync(factory);
    }

    [Fact]
    public async Task A_company_pack_checks_on_the_active_base_and_follows_a_new_base()
    {
        await using var root = new ApiFactory();
        await using var factory = root.WithWebHostBuilder(b => b.UseSetting("Policy:Packs:Active", "acme-social-media"));
        HttpClient As(string role)
        {
            var key = factory.Services.GetRequiredService<ApiKeyStore>().Create("test", role + "-" + Guid.NewGuid().ToString("N")[..6], "Test", "t@example.org", [role]).Key;
            var client = factory.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            return client;
        }

        var hr = As("hr");
        var employee = As("employee");
        Assert.Equal("acme-social-media", (string?)(await JsonAsync(await hr.GetAsync("/api/v1/packs", Ct), HttpStatusCode.OK))["checkingPack"]);
        var before = await JsonAsync(await employee.PostAsJsonAsync("/api/v1/checks", new { text = "Hallo" }, Ct), HttpStatusCode.OK);
        Assert.Equal("acme-social-media", (string?)before["pack"]!["id"]);

        // A company pack uploaded later compiles its extends against the stored, active base.
        var acme = File.ReadAllText(Path.Combine(SharedPaths.Root, "policies", "acme-social-media.yaml"))
            .Replace("\nversion: 1.0.0\n", "\nversion: 1.1.0\n", StringComparison.Ordinal);
        var report = await JsonAsync(await UploadAsync(hr, acme), HttpStatusCode.Created);
        Assert.Equal([BaseId, "acme-social-media"], report["chain"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(0, (int)report["examples"]!["failed"]!);

        // A new base version switches the company pack's checks too (same company version, new sha).
        await JsonAsync(await UploadAsync(hr, BaseAs("2.1.0")), HttpStatusCode.Created);
        await ActivateAsync(hr, BaseId, "2.1.0", BaseVersion);
        var after = await JsonAsync(await employee.PostAsJsonAsync("/api/v1/checks", new { text = "Hallo" }, Ct), HttpStatusCode.OK);
        Assert.Equal("1.0.0", (string?)after["pack"]!["version"]);
        Assert.NotEqual((string?)before["pack"]!["sha256"], (string?)after["pack"]!["sha256"]);
    }

    [Fact]
    public async Task A_broken_pack_reports_file_line_and_column_and_stores_nothing()
    {
        await using var factory = new ApiFactory();
        var hr = factory.ClientAs("hr");
        var before = (await PacksAsync(hr)).ToJsonString();

        var broken = Small("1.0.0").Replace("severity: warn", "severity: loud", StringComparison.Ordinal);
        var response = await hr.PostAsync("/api/v1/packs?fileName=broken.yaml", Yaml(broken), Ct);
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        // The rule's error first; the examples naming the refused rule are reported too.
        var error = problem["errors"]!.AsArray()[0]!;
        Assert.Equal("broken.yaml", (string?)error["file"]);
        Assert.Equal("r.secret-word", (string?)error["ruleId"]);
        var line = broken.Split('\n').ToList().FindIndex(l => l.Contains("severity: loud", StringComparison.Ordinal)) + 1;
        Assert.Equal(line, (int)error["line"]!);
        Assert.Equal(15, (int)error["column"]!);
        Assert.Contains("severity", (string?)error["message"], StringComparison.Ordinal);

        var syntax = await ProblemAsync(await hr.PostAsync("/api/v1/packs/validate", Yaml("id: x\nversion: [1\nrules: 3\n"), Ct), HttpStatusCode.BadRequest);
        Assert.True((int)syntax["errors"]![0]!["line"]! >= 2);

        Assert.Equal(before, (await PacksAsync(hr)).ToJsonString());
    }

    [Fact]
    public async Task Re_upload_is_idempotent_and_changed_content_under_the_same_version_is_a_conflict()
    {
        await using var factory = new ApiFactory();
        var hr = factory.ClientAs("hr");
        var first = await JsonAsync(await UploadAsync(hr, Small("1.0.0")), HttpStatusCode.Created);
        var second = await JsonAsync(await UploadAsync(hr, Small("1.0.0")), HttpStatusCode.OK);
        Assert.Equal((string?)first["sha256"], (string?)second["sha256"]);

        var conflict = await ProblemAsync(await UploadAsync(hr, Small("1.0.0", severity: "block", expect: "block")), HttpStatusCode.Conflict);
        Assert.Equal((string?)first["sha256"], (string?)conflict["sha256"]);

        var pack = (await PacksAsync(hr)).Single(p => (string?)p!["id"] == "test-pack")!;
        Assert.Single(pack["versions"]!.AsArray());
        Assert.Null((string?)pack["active"]);

        var uploads = (await AuditAsync(factory)).Count(e => (string?)e!["action"] == "pack.uploaded" && (string?)e["subject"] == "test-pack@1.0.0");
        Assert.Equal(1, uploads);
    }

    [Fact]
    public async Task Multipart_upload_and_show_return_the_stored_content()
    {
        await using var factory = new ApiFactory();
        var hr = factory.ClientAs("hr");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(Small("1.0.0")));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
        form.Add(file, "file", "richtlinie.yaml");
        var report = await JsonAsync(await hr.PostAsync("/api/v1/packs", form, Ct), HttpStatusCode.Created);
        Assert.Equal("test-pack", (string?)report["packId"]);

        var shown = await JsonAsync(await hr.GetAsync("/api/v1/packs/test-pack/versions/1.0.0", Ct), HttpStatusCode.OK);
        Assert.Equal(Small("1.0.0"), (string?)shown["content"]);
        Assert.Equal("richtlinie.yaml", (string?)shown["version"]!["fileName"]);

        // Legal may read, not write.
        var legal = factory.ClientAs("legal");
        Assert.Equal(HttpStatusCode.OK, (await legal.GetAsync("/api/v1/packs/test-pack/versions/1.0.0", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await UploadAsync(legal, Small("1.0.1"))).StatusCode);
    }

    [Fact]
    public async Task Errors_are_problem_details_404_403_401_400_415()
    {
        await using var factory = new ApiFactory();
        var hr = factory.ClientAs("hr");
        await ProblemAsync(await hr.GetAsync("/api/v1/packs/nope/versions/1.0.0", Ct), HttpStatusCode.NotFound);
        await ProblemAsync(await hr.GetAsync($"/api/v1/packs/{BaseId}/versions/9.9.9", Ct), HttpStatusCode.NotFound);
        using (var unknown = Activation(BaseId, "9.9.9", BaseVersion))
        {
            await ProblemAsync(await hr.SendAsync(unknown, Ct), HttpStatusCode.NotFound);
        }

        await ProblemAsync(await hr.PostAsJsonAsync("/api/v1/packs/nope/rollback", new { expectedActive = "1" }, Ct), HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.Forbidden, (await UploadAsync(factory.ClientAs("employee"), Small("1.0.0"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.ClientAs("employee").GetAsync("/api/v1/packs", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await UploadAsync(factory.ClientAs(), Small("1.0.0"))).StatusCode);

        // The expected active version is required, and named when missing.
        await UploadAsync(hr, BaseAs("2.1.0"));
        using (var missing = Activation(BaseId, "2.1.0", null))
        {
            var problem = await ProblemAsync(await hr.SendAsync(missing, Ct), HttpStatusCode.BadRequest);
            Assert.NotNull(problem["errors"]!["expectedActive"]);
        }

        var material = await ProblemAsync(await hr.PutAsJsonAsync($"/api/v1/packs/{BaseId}/versions/2.1.0/material", new { }, Ct), HttpStatusCode.BadRequest);
        Assert.NotNull(material["errors"]!["material"]);

        var diff = await ProblemAsync(await hr.GetAsync($"/api/v1/packs/{BaseId}/diff?from=2.0.0", Ct), HttpStatusCode.BadRequest);
        Assert.NotNull(diff["errors"]!["to"]);

        await ProblemAsync(await hr.PostAsync("/api/v1/packs", new StringContent("x", Encoding.UTF8, "image/png"), Ct), HttpStatusCode.UnsupportedMediaType);
        var empty = await ProblemAsync(await hr.PostAsync("/api/v1/packs", Yaml(string.Empty), Ct), HttpStatusCode.BadRequest);
        Assert.NotNull(empty["errors"]!["body"]);
    }

    [Fact]
    public async Task An_upload_that_is_no_readable_pack_file_names_the_body_or_the_file_at_fault()
    {
        await using var factory = new ApiFactory();
        var hr = factory.ClientAs("hr");
        const string Validate = "/api/v1/packs/validate";
        static ByteArrayContent Bytes(byte[] bytes, string type) => new(bytes) { Headers = { ContentType = new MediaTypeHeaderValue(type) } };

        using var noFile = new MultipartFormDataContent { { new StringContent("Hallo"), "note" } };
        var missing = await ProblemAsync(await hr.PostAsync(Validate, noFile, Ct), HttpStatusCode.BadRequest);
        Assert.Contains("holds no file", (string?)missing["errors"]!["file"]![0], StringComparison.Ordinal);
        using var noBoundary = Bytes(Encoding.UTF8.GetBytes(Small("1.0.0")), "multipart/form-data");
        var unbounded = await ProblemAsync(await hr.PostAsync(Validate, noBoundary, Ct), HttpStatusCode.BadRequest);
        Assert.Contains("boundary", (string?)unbounded["errors"]!["file"]![0], StringComparison.Ordinal);

        // "Grüße" in Latin-1 is no UTF-8: blamed on the body, or on the file when it came in a form.
        var latin1 = Encoding.Latin1.GetBytes("# Gr\u00fc\u00dfe\n" + Small("1.0.0"));
        var raw = await ProblemAsync(await hr.PostAsync(Validate, Bytes(latin1, "application/yaml"), Ct), HttpStatusCode.BadRequest);
        Assert.Contains("not valid UTF-8", (string?)raw["errors"]!["body"]![0], StringComparison.Ordinal);
        using var form = new MultipartFormDataContent { { Bytes(latin1, "application/yaml"), "file", "richtlinie.yaml" } };
        var filed = await ProblemAsync(await hr.PostAsync(Validate, form, Ct), HttpStatusCode.BadRequest);
        Assert.Contains("not valid UTF-8", (string?)filed["errors"]!["file"]![0], StringComparison.Ordinal);

        // A byte order mark is no part of the pack.
        var report = await JsonAsync(await hr.PostAsync(Validate, Bytes([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Small("1.0.0"))], "application/yaml"), Ct), HttpStatusCode.OK);
        Assert.Equal("test-pack", (string?)report["packId"]);
    }

    [Fact]
    public async Task A_version_whose_examples_fail_is_not_activated()
    {
        await using var factory = new ApiFactory();
        var hr = factory.ClientAs("hr");
        var report = await JsonAsync(await UploadAsync(hr, Small("1.0.0", expect: "block")), HttpStatusCode.Created);
        Assert.Equal(1, (int)report["examples"]!["failed"]!);
        var failed = report["examples"]!["results"]!.AsArray().Single(r => !(bool)r!["passed"]!)!;
        Assert.Equal("block", (string?)failed["expected"]);
        Assert.Equal("warn", (string?)failed["actual"]);

        using var request = Activation("test-pack", "1.0.0", null, new { expectedActive = string.Empty });
        var problem = await ProblemAsync(await hr.SendAsync(request, Ct), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(1, (int)problem["examples"]!["failed"]!);
        Assert.Null((string?)(await PacksAsync(hr)).Single(p => (string?)p!["id"] == "test-pack")!["active"]);
    }

    [Fact]
    public async Task Of_two_concurrent_activations_exactly_one_wins_every_round()
    {
        await using var factory = new ApiFactory();
        var hr = factory.ClientAs("hr");
        var other = factory.ClientAs("admin");
        const int rounds = 6;
        for (var i = 0; i <= 2 * rounds; i++)
        {
            await JsonAsync(await UploadAsync(hr, Small($"1.{i}.0")), HttpStatusCode.Created);
        }

        await ActivateAsync(hr, "test-pack", "1.0.0", null);
        var active = "1.0.0";
        for (var round = 1; round <= rounds; round++)
        {
            var a = $"1.{(2 * round) - 1}.0";
            var b = $"1.{2 * round}.0";
            using var ra = Activation("test-pack", a, active);
            using var rb = Activation("test-pack", b, null, new { expectedActive = active });
            var responses = await Task.WhenAll(hr.SendAsync(ra, Ct), other.SendAsync(rb, Ct));
            var codes = responses.Select(r => r.StatusCode).Order().ToList();
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], codes);
            active = responses[0].StatusCode == HttpStatusCode.OK ? a : b;
            var loser = responses.Single(r => r.StatusCode == HttpStatusCode.Conflict);
            Assert.Equal(active, (string?)(await ProblemAsync(loser, HttpStatusCode.Conflict))["active"]);
        }

        // The history is one chain: each row's previous is the version the row before switched to.
        var history = JsonNode.Parse(await hr.GetStringAsync("/api/v1/packs/test-pack/history", Ct))!.AsArray();
        Assert.Equal(rounds + 1, history.Count);
        for (var i = 1; i < history.Count; i++)
        {
            Assert.Equal((string?)history[i - 1]!["version"], (string?)history[i]!["previous"]);
        }

        Assert.Equal(active, (string?)history[^1]!["version"]);
        Assert.Equal(active, (string?)(await PacksAsync(hr)).Single(p => (string?)p!["id"] == "test-pack")!["active"]);
        await AssertAuditIntactAsync(factory);
    }

    [Fact]
    public async Task Rollback_goes_back_one_activation_at_a_time()
    {
        await using var factory = new ApiFactory();
        var hr = factory.ClientAs("hr");
        foreach (var v in new[] { "1.0.0", "2.0.0", "3.0.0" })
        {
            await UploadAsync(hr, Small(v));
        }

        await ActivateAsync(hr, "test-pack", "1.0.0", null);
        await ActivateAsync(hr, "test-pack", "2.0.0", "1.0.0");
        await ActivateAsync(hr, "test-pack", "3.0.0", "2.0.0");

        using var stale = new HttpRequestMessage(HttpMethod.Post, "/api/v1/packs/test-pack/rollback");
        stale.Headers.TryAddWithoutValidation("If-Match", "\"2.0.0\"");
        await ProblemAsync(await hr.SendAsync(stale, Ct), HttpStatusCode.Conflict);

        Assert.Equal("2.0.0", (string?)(await JsonAsync(await hr.PostAsJsonAsync("/api/v1/packs/test-pack/rollback", new { expectedActive = "3.0.0" }, Ct), HttpStatusCode.OK))["version"]);
        Assert.Equal("1.0.0", (string?)(await JsonAsync(await hr.PostAsJsonAsync("/api/v1/packs/test-pack/rollback", new { expectedActive = "2.0.0" }, Ct), HttpStatusCode.OK))["version"]);
        await ProblemAsync(await hr.PostAsJsonAsync("/api/v1/packs/test-pack/rollback", new { expectedActive = "1.0.0" }, Ct), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Diff_lists_added_rules_removed_sections_and_changed_severity()
    {
        await using var factory = new ApiFactory();
        var hr = factory.ClientAs("hr");
        const string added = """
              - id: r.added
                kind: terms
                section: s1
                category: confidential
                severity: info
                terms: [neuwort]
                message: Neu.
                suggestion: Neu.

            """;
        await JsonAsync(await UploadAsync(hr, Small("1.0.0")), HttpStatusCode.Created);
        await JsonAsync(await UploadAsync(hr, Small("1.1.0", severity: "block", withSecondSection: false, extraRules: added, expect: "block")), HttpStatusCode.Created);

        var diff = await JsonAsync(await hr.GetAsync("/api/v1/packs/test-pack/diff?from=1.0.0&to=1.1.0", Ct), HttpStatusCode.OK);
        Assert.Equal(["r.added"], diff["rules"]!["added"]!.AsArray().Select(n => (string)n!));
        Assert.Empty(diff["rules"]!["removed"]!.AsArray());
        Assert.Equal(["s2"], diff["sections"]!["removed"]!.AsArray().Select(n => (string)n!));
        var changed = diff["rules"]!["changed"]!.AsArray().Single()!;
        Assert.Equal("r.secret-word", (string?)changed["id"]);
        var field = changed["fields"]!.AsArray().Single()!;
        Assert.Equal("severity", (string?)field["field"]);
        Assert.Equal("warn", (string?)field["from"]);
        Assert.Equal("block", (string?)field["to"]);

        await ProblemAsync(await hr.GetAsync("/api/v1/packs/test-pack/diff?from=1.0.0&to=7", Ct), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_code_name_with_a_context_checks_only_near_its_words_and_its_changed_context_is_in_the_diff()
    {
        await using var factory = new ApiFactory();
        var hr = factory.ClientAs("hr");
        var employee = factory.ClientAs("employee");
        const string codenames = """
              - id: r.codenames
                kind: terms
                section: s1
                category: confidential
                severity: review
                lists: [codenames]
                message: Codename.
                suggestion: Nenne ihn nicht.

            """;
        string Version(string version, string context) => Small(version, extraRules: codenames)
            .Replace("sections:", "lists:\n  codenames: [Kestrel, { value: Kranich, context: " + context + " }]\nsections:", StringComparison.Ordinal);

        await JsonAsync(await UploadAsync(hr, Version("1.0.0", "{ near: [Projekt, Prototyp], within: 6 }")), HttpStatusCode.Created);
        await JsonAsync(await UploadAsync(hr, Version("1.1.0", "{ near: [Projekt, Prototyp, Launch], within: 3 }")), HttpStatusCode.Created);
        await ActivateAsync(hr, "test-pack", "1.0.0", null);

        async Task<IEnumerable<string>> RulesAsync(string text) =>
            (await JsonAsync(await employee.PostAsJsonAsync("/api/v1/checks", new { text }, Ct), HttpStatusCode.OK))["findings"]!.AsArray().Select(f => (string)f!["ruleId"]!);
        Assert.DoesNotContain("r.codenames", await RulesAsync("Die Kraniche ziehen über den See."));
        Assert.Contains("r.codenames", await RulesAsync("Der Prototyp von Kranich läuft."));
        Assert.Contains("r.codenames", await RulesAsync("Kestrel läuft."));

        var diff = await JsonAsync(await hr.GetAsync("/api/v1/packs/test-pack/diff?from=1.0.0&to=1.1.0", Ct), HttpStatusCode.OK);
        var list = diff["lists"]!["changed"]!.AsArray().Single()!;
        Assert.Equal("codenames", (string?)list["id"]);
        var field = list["fields"]!.AsArray().Single()!;
        Assert.Equal("context of Kranich", (string?)field["field"]);
        Assert.Equal("6", (string?)field["from"]!["within"]);
        Assert.Equal("3", (string?)field["to"]!["within"]);

        // A malformed entry is refused with its place, and nothing is stored.
        var broken = Version("1.2.0", "{ near: [Projekt], whithin: 3 }");
        var problem = await ProblemAsync(await hr.PostAsync("/api/v1/packs?fileName=broken.yaml", Yaml(broken), Ct), HttpStatusCode.BadRequest);
        var error = problem["errors"]!.AsArray().Single()!;
        Assert.Equal(("broken.yaml", 5), ((string?)error["file"], (int)error["line"]!));
        Assert.Contains("unknown key 'whithin'", (string?)error["message"], StringComparison.Ordinal);
        Assert.Contains("did you mean 'within'?", (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Marking_material_is_audited()
    {
        await using var factory = new ApiFactory();
        var hr = factory.ClientAs("hr");
        await UploadAsync(hr, Small("1.0.0"));
        var set = await JsonAsync(await hr.PutAsJsonAsync("/api/v1/packs/test-pack/versions/1.0.0/material", new { material = true }, Ct), HttpStatusCode.OK);
        Assert.True((bool)set["material"]!);
        var listed = (await PacksAsync(hr)).Single(p => (string?)p!["id"] == "test-pack")!["versions"]![0]!;
        Assert.True((bool)listed["material"]!);
        await ProblemAsync(await hr.PutAsJsonAsync("/api/v1/packs/test-pack/versions/9/material", new { material = true }, Ct), HttpStatusCode.NotFound);
        Assert.Contains(await AuditAsync(factory), e => (string?)e!["action"] == "pack.material" && (string?)e["subject"] == "test-pack@1.0.0");
        await AssertAuditIntactAsync(factory);
    }
}
