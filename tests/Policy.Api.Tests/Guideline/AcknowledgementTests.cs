using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Policy.Api.Identity;
using static Policy.Api.Tests.Packs.PackTestData;

namespace Policy.Api.Tests.Guideline;

/// <summary>The guideline as employees read it, acknowledgements, materiality and HR's list and CSV.</summary>
public sealed class AcknowledgementTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonObject> GuidelineAsync(HttpClient client, string lang = "de") =>
        await JsonAsync(await client.GetAsync($"/api/v1/guideline?lang={lang}", Ct), HttpStatusCode.OK);

    private static async Task<JsonObject> AcknowledgeAsync(HttpClient client, object? body = null) =>
        await JsonAsync(
            await client.PostAsync("/api/v1/guideline/acknowledgements", body is null ? null : JsonContent.Create(body), Ct),
            HttpStatusCode.OK);

    [Fact]
    public async Task The_guideline_is_rendered_by_sections_and_acknowledging_is_idempotent()
    {
        await using var factory = new ApiFactory();
        var employee = factory.ClientAs("employee");

        var de = await GuidelineAsync(employee);
        var en = await GuidelineAsync(employee, "en");
        Assert.Equal(BaseId, (string?)de["packId"]);
        Assert.Equal(BaseVersion, (string?)de["version"]);
        Assert.True(de["sections"]!.AsArray().Count > 5);
        Assert.NotEqual((string?)de["sections"]![0]!["title"], (string?)en["sections"]![0]!["title"]);
        Assert.Null((string?)de["acknowledgedAt"]);
        Assert.True((bool)de["mustAcknowledge"]!);

        var first = await AcknowledgeAsync(employee);
        var second = await AcknowledgeAsync(employee, new { version = BaseVersion });
        Assert.Equal((string?)first["acknowledgedAt"], (string?)second["acknowledgedAt"]);

        var after = await GuidelineAsync(employee);
        Assert.Equal((string?)first["acknowledgedAt"], (string?)after["acknowledgedAt"]);
        Assert.False((bool)after["mustAcknowledge"]!);

        var stale = await employee.PostAsJsonAsync("/api/v1/guideline/acknowledgements", new { version = "1.0.0" }, Ct);
        await ProblemAsync(stale, HttpStatusCode.Conflict);

        var lang = await ProblemAsync(await employee.GetAsync("/api/v1/guideline?lang=fr", Ct), HttpStatusCode.BadRequest);
        Assert.NotNull(lang["errors"]!["lang"]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.ClientAs().GetAsync("/api/v1/guideline", Ct)).StatusCode);
    }

    [Fact]
    public async Task Only_a_material_version_forces_re_acknowledgement()
    {
        await using var factory = new ApiFactory();
        var hr = factory.ClientAs("hr");
        var employee = factory.ClientAs("employee");
        await AcknowledgeAsync(employee);

        // A new version that is not material: the acknowledgement of 2.0.0 still counts.
        await JsonAsync(await UploadAsync(hr, BaseAs("2.1.0")), HttpStatusCode.Created);
        await ActivateAsync(hr, BaseId, "2.1.0", BaseVersion);
        var minor = await GuidelineAsync(employee);
        Assert.Equal("2.1.0", (string?)minor["version"]);
        Assert.Null((string?)minor["acknowledgedAt"]);
        Assert.False((bool)minor["mustAcknowledge"]!);
        // HR's list and CSV say so: covered by the acknowledgement of 2.0.0, not missing.
        var me = (string)(await JsonAsync(await employee.GetAsync("/api/v1/me", Ct), HttpStatusCode.OK))["id"]!;
        var roster = await JsonAsync(await hr.GetAsync("/api/v1/acknowledgements", Ct), HttpStatusCode.OK);
        var entry = roster["pending"]!.AsArray().Single(p => (string)p!["personId"]! == me)!;
        Assert.Equal("covered", (string?)entry["status"]);
        Assert.Equal(BaseVersion, (string?)entry["coveredBy"]);
        var covered = await hr.GetStringAsync("/api/v1/acknowledgements.csv", Ct);
        Assert.Single(covered.Split("\r\n"), l => l.StartsWith(me + ",", StringComparison.Ordinal) && l.EndsWith(",covered," + BaseVersion, StringComparison.Ordinal));

        // Marked material: everyone must acknowledge again.
        await JsonAsync(await hr.PutAsJsonAsync($"/api/v1/packs/{BaseId}/versions/2.1.0/material", new { material = true }, Ct), HttpStatusCode.OK);
        Assert.True((bool)(await GuidelineAsync(employee))["mustAcknowledge"]!);
        var due = await hr.GetStringAsync("/api/v1/acknowledgements.csv", Ct);
        Assert.Single(due.Split("\r\n"), l => l.StartsWith(me + ",", StringComparison.Ordinal) && l.EndsWith(",due,", StringComparison.Ordinal));

        await AcknowledgeAsync(employee, new { version = "2.1.0" });
        Assert.False((bool)(await GuidelineAsync(employee))["mustAcknowledge"]!);

        // Rolled back to 2.0.0: the later acknowledgement covers it.
        await JsonAsync(await hr.PostAsJsonAsync($"/api/v1/packs/{BaseId}/rollback", new { expectedActive = "2.1.0" }, Ct), HttpStatusCode.OK);
        var back = await GuidelineAsync(employee);
        Assert.Equal(BaseVersion, (string?)back["version"]);
        Assert.False((bool)back["mustAcknowledge"]!);
    }

    [Fact]
    public async Task Hr_sees_who_has_and_has_not_acknowledged_as_json_and_formula_safe_csv()
    {
        await using var factory = new ApiFactory();
        var hr = factory.ClientAs("hr");
        var keys = factory.Services.GetRequiredService<ApiKeyStore>();
        var done = Client(factory, keys.Create("test", "anna", "Anna Müller", "anna@example.org", ["employee"]).Key);
        keys.Create("test", "evil", "=cmd()", "evil@example.org", ["employee"]);
        keys.Create("test", "semi", "Meier; Hans \"Hansi\"", "hans@example.org", ["employee"]);
        await AcknowledgeAsync(done);

        var list = await JsonAsync(await hr.GetAsync("/api/v1/acknowledgements", Ct), HttpStatusCode.OK);
        Assert.Equal(BaseId, (string?)list["packId"]);
        Assert.Equal(BaseVersion, (string?)list["version"]);
        Assert.Equal(["anna"], list["acknowledged"]!.AsArray().Select(p => (string)p!["personId"]!));
        var pending = list["pending"]!.AsArray().Select(p => (string)p!["personId"]!).ToList();
        Assert.Contains("evil", pending);
        Assert.Contains("semi", pending);
        Assert.DoesNotContain("admin", pending); // admin and hr keys without the employee role are not on the list
        Assert.All(list["pending"]!.AsArray(), p => Assert.True((bool)p!["mustAcknowledge"]!));

        var csv = await hr.GetAsync("/api/v1/acknowledgements.csv", Ct);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var bytes = await csv.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        var lines = text.Split("\r\n");
        Assert.Equal("personId,displayName,email,acknowledgedAt,status,coveredBy", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("anna,Anna Müller,anna@example.org,20", StringComparison.Ordinal) && l.EndsWith(",acknowledged,", StringComparison.Ordinal));
        Assert.Contains("evil,'=cmd(),evil@example.org,,missing,\r\n", text, StringComparison.Ordinal);
        Assert.Contains("semi,\"Meier; Hans \"\"Hansi\"\"\",hans@example.org,", text, StringComparison.Ordinal);

        var semi = Encoding.UTF8.GetString((await hr.GetByteArrayAsync("/api/v1/acknowledgements.csv?delimiter=;", Ct))[3..]);
        Assert.StartsWith("personId;displayName;email;acknowledgedAt;status;coveredBy\r\n", semi, StringComparison.Ordinal);
        Assert.Contains("evil;'=cmd();evil@example.org;;missing;\r\n", semi, StringComparison.Ordinal);
        Assert.Contains("semi;\"Meier; Hans \"\"Hansi\"\"\";hans@example.org;", semi, StringComparison.Ordinal);

        var bad = await ProblemAsync(await hr.GetAsync("/api/v1/acknowledgements.csv?delimiter=|", Ct), HttpStatusCode.BadRequest);
        Assert.NotNull(bad["errors"]!["delimiter"]);
        await ProblemAsync(await hr.GetAsync($"/api/v1/acknowledgements?pack={BaseId}&version=9", Ct), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Forbidden, (await done.GetAsync("/api/v1/acknowledgements", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.ClientAs("legal").GetAsync("/api/v1/acknowledgements.csv", Ct)).StatusCode);
    }

    private static HttpClient Client(ApiFactory factory, string key)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}
