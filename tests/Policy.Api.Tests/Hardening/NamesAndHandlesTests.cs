using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Policy.Api.Tests.Accounts;
using Policy.Api.Tests.Packs;

namespace Policy.Api.Tests.Hardening;

/// <summary>
/// Issue 16, item 7 and the accessReference grammar of item 8: pack ids and versions follow a strict
/// grammar (refused with 400 naming the field, nothing stored); the company's handles are nobody's
/// private account, and a refused handle says only "not available", whoever has it.
/// </summary>
public sealed class NamesAndHandlesTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.True(problem["errors"]?.AsObject().ContainsKey(field) == true, $"errors do not name {field}: {body}");
        return problem;
    }

    [Theory]
    [InlineData("..")]
    [InlineData("Acme")]
    [InlineData("-acme")]
    [InlineData("acme.social")]
    [InlineData("a_b")]
    public async Task A_pack_id_outside_the_grammar_is_refused_naming_id(string id)
    {
        var hr = factory.ClientAs("hr");
        await ProblemAsync(await PackTestData.UploadAsync(hr, PackTestData.Small("1.0.0", id: id)), "id");
        await ProblemAsync(await hr.PostAsync("/api/v1/packs/validate", PackTestData.Yaml(PackTestData.Small("1.0.0", id: id)), Ct), "id");
        var list = await hr.GetFromJsonAsync<JsonObject>("/api/v1/packs", Ct);
        Assert.DoesNotContain(list!["packs"]!.AsArray(), p => (string?)p!["id"] == id);
    }

    [Theory]
    [InlineData(@"1.0\r\n.0")]
    [InlineData(@"1.0.0\0")]
    [InlineData(@"../1.0.0")]
    [InlineData(@"1.0.0\u202E")]
    [InlineData(@"1.0")]
    [InlineData(@"01.0.0")]
    [InlineData(@"1.0.0-")]
    [InlineData(@"1.0.0 rc")]
    public async Task A_version_that_is_not_semver_is_refused_naming_version(string version)
    {
        var hr = factory.ClientAs("hr");
        var id = "semver-" + Guid.NewGuid().ToString("N")[..8];
        await ProblemAsync(await PackTestData.UploadAsync(hr, PackTestData.Small(version, id: id)), "version");
        var list = await hr.GetFromJsonAsync<JsonObject>("/api/v1/packs", Ct);
        Assert.DoesNotContain(list!["packs"]!.AsArray(), p => (string?)p!["id"] == id);
    }

    [Fact]
    public async Task A_semver_with_prerelease_and_build_is_stored_and_reachable()
    {
        var hr = factory.ClientAs("hr");
        var upload = await PackTestData.UploadAsync(hr, PackTestData.Small("2.0.1-rc.1+build.5", id: "semver-ok"));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var shown = await hr.GetAsync(upload.Headers.Location, Ct);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
    }

    private static JsonObject Private(string handle, string platform = "instagram") => new()
    {
        ["platform"] = platform,
        ["handle"] = handle,
        ["registeredTo"] = "person",
        ["paidBy"] = "employee",
        ["purpose"] = "private",
    };

    [Fact]
    public async Task The_company_handles_cannot_be_registered_as_private_and_the_answer_reveals_nothing()
    {
        var employee = factory.ClientAs("employee");

        // Configured (Policy:CorporateAccounts:Handles), in any spelling.
        var configured = await ProblemAsync(await employee.PostAsJsonAsync("/api/v1/accounts/mine", Private("@acme_de"), Ct), "handle");
        await ProblemAsync(await employee.PostAsJsonAsync("/api/v1/accounts/mine", Private("ACME_DE", "tiktok"), Ct), "handle");

        // A company account in the registry, on another platform than the one asked for.
        var companyHandle = AccountsHost.UniqueHandle("acmeshop");
        var company = await AccountsHost.CreateAsync(factory.ClientAs("hr"), AccountsHost.Body(null, b => b["handle"] = companyHandle));
        var overridden = await factory.ClientAs("legal").PutAsJsonAsync(
            $"/api/v1/accounts/{company["id"]}/override", new { verdict = "company", justification = "Firmenkonto laut Vertrag" }, Ct);
        Assert.Equal(HttpStatusCode.OK, overridden.StatusCode);
        await ProblemAsync(await employee.PostAsJsonAsync("/api/v1/accounts/mine", Private(companyHandle, "x"), Ct), "handle");

        // Someone else's private account: the same answer, word for word.
        var colleagueHandle = AccountsHost.UniqueHandle("colleague");
        Assert.Equal(HttpStatusCode.Created, (await factory.ClientAs("employee").PostAsJsonAsync("/api/v1/accounts/mine", Private(colleagueHandle), Ct)).StatusCode);
        var taken = await ProblemAsync(await employee.PostAsJsonAsync("/api/v1/accounts/mine", Private(colleagueHandle), Ct), "handle");

        var message = (string?)configured["errors"]!["handle"]![0];
        Assert.Equal("this handle is not available.", message);
        Assert.Equal(message, (string?)taken["errors"]!["handle"]![0]);
        Assert.Empty((await employee.GetFromJsonAsync<JsonArray>("/api/v1/accounts/mine", Ct))!);
    }

    [Theory]
    [InlineData("vault://social/x Blaubeere#77")]
    [InlineData("op://social/linkedin?password=Sommer2024")]
    public async Task An_access_reference_with_a_password_after_the_uri_is_refused(string reference)
    {
        var body = Private(AccountsHost.UniqueHandle("ref"));
        body["accessReference"] = reference;
        var problem = await ProblemAsync(await factory.ClientAs("employee").PostAsJsonAsync("/api/v1/accounts/mine", body, Ct), "accessReference");
        Assert.DoesNotContain("Blaubeere", problem.ToJsonString(), StringComparison.Ordinal);
    }
}
