using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Policy.Api.Identity;
using static Policy.Api.Tests.Packs.PackTestData;

namespace Policy.Api.Tests.Packs;

/// <summary>
/// Issue 17, item 1: activating a version of any pack makes it the pack that checks drafts
/// (compare-and-set on the checking pack, audited, kept over a restart, picked up by every instance);
/// Policy:Packs:Active is only the first start's default. Real HTTP on a real store.
/// </summary>
public sealed class CheckingPackTests
{
    private const string CompanyId = "test-company";
    private const string Draft = "Das Kranichzeichen für die neue Halle steht fest.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A company pack on the base guideline with a rule of its own (the base knows no 'Kranichzeichen').</summary>
    private static string Company(string version, string severity = "block") => $$"""
        id: {{CompanyId}}
        version: "{{version}}"
        title: { de: Testfirma, en: Test company }
        extends: {{BaseId}}
        rules:
          - id: company.kranich
            kind: terms
            section: sensitive-information
            category: confidential
            severity: {{severity}}
            terms: [kranichzeichen]
            message: Das Kranichzeichen ist intern.
            suggestion: Lass das Kranichzeichen weg.
        examples:
          - text: Das Kranichzeichen steht fest.
            expect: {{severity}}
            rules: [company.kranich]

        """;

    private static HttpClient As(WebApplicationFactory<Program> host, string key)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static string NewKey(WebApplicationFactory<Program> host, string role) =>
        host.Services.GetRequiredService<ApiKeyStore>().Create("test", role + "-" + Guid.NewGuid().ToString("N")[..8], "Test", "t@example.org", [role]).Key;

    private static async Task<JsonObject> CheckAsync(HttpClient employee) =>
        await JsonAsync(await employee.PostAsJsonAsync("/api/v1/checks", new { text = Draft }, Ct), HttpStatusCode.OK);

    private static async Task<HttpResponseMessage> ActivateAsync(HttpClient hr, string id, string version, string expectedActive, string? expectedChecking) =>
        await hr.PostAsJsonAsync($"/api/v1/packs/{id}/versions/{version}/activate", new { expectedActive, expectedChecking }, Ct);

    [Fact]
    public async Task An_activated_company_pack_checks_drafts_reports_itself_everywhere_and_survives_a_restart()
    {
        await using var root = new ApiFactory();
        string hrKey, employeeKey;
        await using (var first = root.WithWebHostBuilder(_ => { }))
        {
            (hrKey, employeeKey) = (NewKey(first, "hr"), NewKey(first, "employee"));
            using var hr = As(first, hrKey);
            using var employee = As(first, employeeKey);

            // Before: the base checks drafts (the setting's default), and knows nothing of the code name.
            var before = await CheckAsync(employee);
            Assert.Equal(BaseId, (string?)before["pack"]!["id"]);
            Assert.DoesNotContain(before["findings"]!.AsArray(), f => (string?)f!["ruleId"] == "company.kranich");

            await JsonAsync(await UploadAsync(hr, Company("1.0.0")), HttpStatusCode.Created);
            var activated = await JsonAsync(await ActivateAsync(hr, CompanyId, "1.0.0", string.Empty, $"{BaseId}@{BaseVersion}"), HttpStatusCode.OK);
            Assert.True((bool)activated["changed"]!);
            Assert.Equal(CompanyId, (string?)activated["checking"]!["packId"]);
            Assert.Equal("1.0.0", (string?)activated["checking"]!["version"]);

            var after = await CheckAsync(employee);
            Assert.Equal(CompanyId, (string?)after["pack"]!["id"]);
            Assert.Equal("1.0.0", (string?)after["pack"]!["version"]);
            Assert.Equal("block", (string?)after["decision"]);
            Assert.Contains(after["findings"]!.AsArray(), f => (string?)f!["ruleId"] == "company.kranich");

            // Every GET that names the checking pack says the same as the check.
            var list = await JsonAsync(await hr.GetAsync("/api/v1/packs", Ct), HttpStatusCode.OK);
            Assert.Equal(CompanyId, (string?)list["checkingPack"]);
            Assert.Equal("1.0.0", (string?)list["checkingVersion"]);
            Assert.Equal((string?)after["pack"]!["sha256"], (string?)list["checkingSha256"]);
            var roles = list["packs"]!.AsArray().ToDictionary(p => (string)p!["id"]!, p => (string?)p!["role"]);
            Assert.Equal("checking", roles[CompanyId]);
            Assert.Equal("base", roles[BaseId]);
            Assert.Null(roles["acme-social-media"]);
            var guideline = await JsonAsync(await employee.GetAsync("/api/v1/guideline", Ct), HttpStatusCode.OK);
            Assert.Equal(CompanyId, (string?)guideline["packId"]);

            var entry = (await AuditAsync(root)).Single(e => (string?)e!["action"] == "pack.checking" && (string?)e["subject"] == $"{CompanyId}@1.0.0")!;
            Assert.Equal(BaseId, (string?)JsonNode.Parse((string)entry["details"]!)!["previousPackId"]);
            await AssertAuditIntactAsync(root);
        }

        // A restart on the same store, with the setting still naming the base: HR's choice holds.
        await using var second = root.WithWebHostBuilder(_ => { });
        using var employeeAgain = As(second, employeeKey);
        var restarted = await CheckAsync(employeeAgain);
        Assert.Equal(CompanyId, (string?)restarted["pack"]!["id"]);
        Assert.Contains(restarted["findings"]!.AsArray(), f => (string?)f!["ruleId"] == "company.kranich");
        using var hrAgain = As(second, hrKey);
        Assert.Equal(CompanyId, (string?)(await JsonAsync(await hrAgain.GetAsync("/api/v1/packs", Ct), HttpStatusCode.OK))["checkingPack"]);
    }

    [Fact]
    public async Task Of_two_activations_expecting_the_same_checking_pack_one_wins_and_the_other_gets_409_with_the_current_state()
    {
        await using var factory = new ApiFactory();
        var hr = factory.ClientAs("hr");
        var other = factory.ClientAs("hr");
        await JsonAsync(await UploadAsync(hr, Small("1.0.0", id: "pack-a")), HttpStatusCode.Created);
        await JsonAsync(await UploadAsync(hr, Small("1.0.0", id: "pack-b")), HttpStatusCode.Created);

        // Each HR person believes the base checks drafts and makes another pack the checking one.
        var expected = $"{BaseId}@{BaseVersion}";
        var responses = await Task.WhenAll(
            ActivateAsync(hr, "pack-a", "1.0.0", string.Empty, expected),
            ActivateAsync(other, "pack-b", "1.0.0", string.Empty, expected));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        var winner = responses[0].StatusCode == HttpStatusCode.OK ? "pack-a" : "pack-b";
        var loser = winner == "pack-a" ? "pack-b" : "pack-a";

        var problem = await ProblemAsync(responses.Single(r => r.StatusCode == HttpStatusCode.Conflict), HttpStatusCode.Conflict);
        Assert.Equal("expectedChecking", (string?)problem["field"]);
        Assert.Equal(winner, (string?)problem["checking"]!["packId"]);
        Assert.Equal("1.0.0", (string?)problem["checking"]!["version"]);

        // The loser's pack was not switched on at all, and the winner checks drafts.
        Assert.Null((string?)(await PacksAsync(hr)).Single(p => (string?)p!["id"] == loser)!["active"]);
        var check = await JsonAsync(await factory.ClientAs("employee").PostAsJsonAsync("/api/v1/checks", new { text = "Das Geheimwort ist raus." }, Ct), HttpStatusCode.OK);
        Assert.Equal(winner, (string?)check["pack"]!["id"]);
        Assert.Equal(1, (await AuditAsync(factory)).Count(e => (string?)e!["action"] == "pack.checking" && ((string?)e["subject"])!.StartsWith("pack-", StringComparison.Ordinal)));

        // A stale expected version of the right pack is a conflict too.
        var stale = await ActivateAsync(hr, loser, "1.0.0", string.Empty, $"{winner}@0.9.0");
        Assert.Equal(winner, (string?)(await ProblemAsync(stale, HttpStatusCode.Conflict))["checking"]!["packId"]);
        await AssertAuditIntactAsync(factory);
    }

    [Fact]
    public async Task A_new_base_version_stays_under_the_company_pack_and_rollback_follows_the_same_rule()
    {
        await using var factory = new ApiFactory();
        var hr = factory.ClientAs("hr");
        var employee = factory.ClientAs("employee");
        await JsonAsync(await UploadAsync(hr, Company("1.0.0")), HttpStatusCode.Created);
        await JsonAsync(await UploadAsync(hr, Company("1.1.0", severity: "review")), HttpStatusCode.Created);
        await JsonAsync(await UploadAsync(hr, BaseAs("2.1.0")), HttpStatusCode.Created);
        await JsonAsync(await ActivateAsync(hr, CompanyId, "1.0.0", string.Empty, null), HttpStatusCode.OK);
        await JsonAsync(await ActivateAsync(hr, CompanyId, "1.1.0", "1.0.0", CompanyId), HttpStatusCode.OK);
        Assert.Equal("review", (string?)(await CheckAsync(employee))["decision"]);

        // A new version of the base updates the base under the company pack, which keeps checking.
        var based = await JsonAsync(await ActivateAsync(hr, BaseId, "2.1.0", BaseVersion, $"{CompanyId}@1.1.0"), HttpStatusCode.OK);
        Assert.Equal(CompanyId, (string?)based["checking"]!["packId"]);
        Assert.Equal(CompanyId, (string?)(await CheckAsync(employee))["pack"]!["id"]);

        // Rolling the company pack back: its earlier version checks drafts.
        var rolled = await JsonAsync(await hr.PostAsJsonAsync($"/api/v1/packs/{CompanyId}/rollback", new { expectedActive = "1.1.0", expectedChecking = CompanyId }, Ct), HttpStatusCode.OK);
        Assert.Equal("1.0.0", (string?)rolled["checking"]!["version"]);
        var check = await CheckAsync(employee);
        Assert.Equal(("1.0.0", "block"), ((string?)check["pack"]!["version"], (string?)check["decision"]));

        // Activating the base's version that is already active makes the base alone check drafts.
        var alone = await JsonAsync(await ActivateAsync(hr, BaseId, "2.1.0", "2.1.0", $"{CompanyId}@1.0.0"), HttpStatusCode.OK);
        Assert.True((bool)alone["changed"]!);
        Assert.Equal(BaseId, (string?)alone["checking"]!["packId"]);
        check = await CheckAsync(employee);
        Assert.Equal((BaseId, "2.1.0"), ((string?)check["pack"]!["id"], (string?)check["pack"]!["version"]));
        Assert.DoesNotContain(check["findings"]!.AsArray(), f => (string?)f!["ruleId"] == "company.kranich");

        // Rolling the base back while it checks alone keeps it checking, on its earlier version.
        var back = await JsonAsync(await hr.PostAsJsonAsync($"/api/v1/packs/{BaseId}/rollback", new { expectedActive = "2.1.0" }, Ct), HttpStatusCode.OK);
        Assert.Equal((BaseId, BaseVersion), ((string?)back["checking"]!["packId"], (string?)back["checking"]!["version"]));
        Assert.Equal(BaseVersion, await CheckVersionAsync(employee));
        await AssertAuditIntactAsync(factory);
    }

    [Fact]
    public async Task A_store_from_before_the_checking_pack_takes_the_setting_once_and_a_setting_without_an_active_version_is_not_recorded()
    {
        await using var root = new ApiFactory();
        await using (var first = root.WithWebHostBuilder(_ => { }))
        {
            using var hr = As(first, NewKey(first, "hr"));
            await JsonAsync(await UploadAsync(hr, Small("1.0.0")), HttpStatusCode.Created);
        }

        // As a store upgraded from before migration 070: no checking pack recorded.
        using (var db = root.OpenDatabase())
        {
            await Dapper.SqlMapper.ExecuteAsync(db, "DELETE FROM checking_pack");
        }

        // A pack that was never activated cannot check drafts: the start stops, naming it, and records nothing.
        await using (var broken = root.WithWebHostBuilder(b => b.UseSetting("Policy:Packs:Active", "test-pack")))
        {
            var error = Assert.ThrowsAny<Exception>(() => broken.CreateClient());
            Assert.Contains("'test-pack' has no active version", error.ToString(), StringComparison.Ordinal);
        }

        using (var db = root.OpenDatabase())
        {
            Assert.Equal(0L, await Dapper.SqlMapper.ExecuteScalarAsync<long>(db, "SELECT COUNT(*) FROM checking_pack"));
        }

        // The corrected setting fills the row; from then on the setting no longer decides.
        await using (var upgraded = root.WithWebHostBuilder(b => b.UseSetting("Policy:Packs:Active", "acme-social-media")))
        {
            using var employee = As(upgraded, NewKey(upgraded, "employee"));
            Assert.Equal("acme-social-media", (string?)(await CheckAsync(employee))["pack"]!["id"]);
        }

        await using var later = root.WithWebHostBuilder(_ => { });
        using var again = As(later, NewKey(later, "employee"));
        Assert.Equal("acme-social-media", (string?)(await CheckAsync(again))["pack"]!["id"]);
    }

#if POSTGRES
    // SQLite serves one instance per file; two instances share a PostgreSQL database, so this test is
    // compiled only into the PostgreSQL project (a skip would count as untested in CI).
    [Fact]
    public async Task Another_instance_on_the_same_database_checks_with_the_pack_activated_on_the_first()
    {
        await using var root = new ApiFactory();
        await using var a = root.WithWebHostBuilder(_ => { });
        await using var b = root.WithWebHostBuilder(_ => { });
        using var hr = As(a, NewKey(a, "hr"));
        using var employeeB = As(b, NewKey(a, "employee"));
        Assert.Equal(BaseId, (string?)(await CheckAsync(employeeB))["pack"]!["id"]);

        await JsonAsync(await UploadAsync(hr, Company("1.0.0")), HttpStatusCode.Created);
        await JsonAsync(await ActivateAsync(hr, CompanyId, "1.0.0", string.Empty, BaseId), HttpStatusCode.OK);

        // A liveness bound, not a speed target: the announcement arrives in milliseconds.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        string? id;
        while ((id = (string?)(await CheckAsync(employeeB))["pack"]!["id"]) != CompanyId && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Ct);
        }

        Assert.Equal(CompanyId, id);
    }
#endif
}
