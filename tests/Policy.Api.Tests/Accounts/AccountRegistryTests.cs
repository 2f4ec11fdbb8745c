using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Policy.Api.Tests.Accounts;

/// <summary>The registry through HTTP: create, change, history, as-of, override, employees' own accounts, bad input.</summary>
public sealed class AccountRegistryTests(AccountsHost host) : IClassFixture<AccountsHost>
{
    private static CancellationToken Ct => AccountsHost.Ct;

    [Fact]
    public async Task Hr_creates_an_account_and_gets_the_verdict_with_reasons()
    {
        var (employee, _) = host.As("employee");
        var (_, hr) = host.As("hr");
        var created = await AccountsHost.CreateAsync(hr, AccountsHost.Body(employee));

        Assert.Equal("company", (string?)created["verdict"]!["computed"]);
        Assert.Equal("company", (string?)created["verdict"]!["effective"]);
        var factors = created["verdict"]!["reasons"]!.AsArray().Select(r => (string?)r!["factor"]).ToList();
        Assert.Equal(["registered-name", "registered-email", "costs", "purpose", "customer-contacts"], factors);
        Assert.Contains("Hamburg", (string?)created["verdict"]!["reasons"]![4]!["basis"], StringComparison.Ordinal);
        Assert.Equal(employee, (string?)created["employeeId"]);
        Assert.Equal("active", (string?)created["status"]);
        Assert.Equal(1, (long)created["version"]!);

        var id = (string)created["id"]!;
        var fetched = await hr.GetFromJsonAsync<JsonObject>($"/api/v1/accounts/{id}", Ct);
        Assert.Equal("Vertrieb Süd", (string?)fetched!["createdFor"]);
    }

    [Fact]
    public async Task A_change_never_overwrites_and_as_of_shows_the_old_values()
    {
        var (employee, _) = host.As("employee");
        var (_, hr) = host.As("hr");
        var (_, legal) = host.As("legal");
        var body = AccountsHost.Body(employee, b => b["displayName"] = "Alter Name");
        var created = await AccountsHost.CreateAsync(hr, body);
        var id = (string)created["id"]!;
        var before = host.Time.GetUtcNow();
        host.Time.Advance(TimeSpan.FromDays(2));

        body["displayName"] = "Neuer Name";
        body["paidBy"] = "employee";
        var changed = await hr.PutAsJsonAsync($"/api/v1/accounts/{id}", body, Ct);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var now = (await changed.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal(2, (long)now["version"]!);
        Assert.Equal("disputed", (string?)now["verdict"]!["computed"]);

        var old = await hr.GetFromJsonAsync<JsonObject>($"/api/v1/accounts/{id}?asOf={Uri.EscapeDataString(before.ToString("O"))}", Ct);
        Assert.Equal("Alter Name", (string?)old!["displayName"]);
        Assert.Equal("company", (string?)old["verdict"]!["computed"]);

        var dayBefore = await hr.GetFromJsonAsync<JsonObject>($"/api/v1/accounts/{id}?asOf={before:yyyy-MM-dd}", Ct);
        Assert.Equal("Alter Name", (string?)dayBefore!["displayName"]);

        var history = await hr.GetFromJsonAsync<JsonArray>($"/api/v1/accounts/{id}/history", Ct);
        Assert.Equal(["Alter Name", "Neuer Name"], history!.Select(v => (string?)v!["displayName"]));
        Assert.All(history!, v => Assert.False(string.IsNullOrEmpty((string?)v!["changedBy"])));

        var tooEarly = await hr.GetAsync($"/api/v1/accounts/{id}?asOf=2020-01-01", Ct);
        Assert.Equal(HttpStatusCode.NotFound, tooEarly.StatusCode);

        var list = await legal.GetFromJsonAsync<JsonObject>($"/api/v1/accounts?employee={employee}&asOf={Uri.EscapeDataString(before.ToString("O"))}", Ct);
        Assert.Equal("Alter Name", (string?)list!["items"]![0]!["displayName"]);
    }

    [Fact]
    public async Task Legal_overrides_with_a_justification_shown_beside_the_computed_verdict_and_audited()
    {
        var (employee, _) = host.As("employee");
        var (_, hr) = host.As("hr");
        var (legalId, legal) = host.As("legal");
        var created = await AccountsHost.CreateAsync(hr, AccountsHost.Body(employee, b =>
        {
            b["registeredTo"] = "person";
            b["registeredEmail"] = "max@gmail.com";
            b["purpose"] = "mixed";
        }));
        var id = (string)created["id"]!;
        Assert.Equal("disputed", (string?)created["verdict"]!["computed"]);

        var denied = await hr.PutAsJsonAsync($"/api/v1/accounts/{id}/override", new { verdict = "company", justification = "x" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);

        var missing = await legal.PutAsJsonAsync($"/api/v1/accounts/{id}/override", new { verdict = "company" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("justification", await missing.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var response = await legal.PutAsJsonAsync($"/api/v1/accounts/{id}/override",
            new { verdict = "company", justification = "Arbeitsvertrag § 7: Konto für den Vertrieb angelegt" }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var overridden = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal("disputed", (string?)overridden["verdict"]!["computed"]);
        Assert.Equal("company", (string?)overridden["verdict"]!["effective"]);
        Assert.Equal(legalId, (string?)overridden["verdict"]!["override"]!["by"]);
        Assert.Equal("Arbeitsvertrag § 7: Konto für den Vertrieb angelegt", (string?)overridden["verdict"]!["override"]!["justification"]);

        // A later change by hr keeps legal's decision.
        var body = AccountsHost.Body(employee, b =>
        {
            b["handle"] = (string?)created["handle"];
            b["registeredTo"] = "person";
            b["registeredEmail"] = "max@gmail.com";
            b["purpose"] = "mixed";
            b["displayName"] = "Umbenannt";
        });
        var changed = await (await hr.PutAsJsonAsync($"/api/v1/accounts/{id}", body, Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Equal("company", (string?)changed!["verdict"]!["effective"]);

        var audit = host.Audit.List(0, 1000);
        Assert.Contains(audit, e => e.Action == "account.overridden" && e.Subject == id && e.Actor == legalId && e.Details.Contains("Arbeitsvertrag", StringComparison.Ordinal));
        Assert.True(host.Audit.Verify().Intact);

        var removed = await legal.PutAsJsonAsync($"/api/v1/accounts/{id}/override", new { verdict = (string?)null, justification = "Klärung steht aus" }, Ct);
        var cleared = (await removed.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Null(cleared["verdict"]!["override"]);
        Assert.Equal("disputed", (string?)cleared["verdict"]!["effective"]);
    }

    [Fact]
    public async Task Employees_see_and_register_only_their_own_accounts()
    {
        var (me, client) = host.As("employee");
        var (other, _) = host.As("employee");
        var body = AccountsHost.Body(null, b =>
        {
            b["platform"] = "instagram";
            b["registeredTo"] = "person";
            b["registeredEmail"] = "jürgen.müller@web.de";
            b["paidBy"] = "nobody";
            b["purpose"] = "private";
            b["contactCount"] = 0;
            b.Remove("accessReference");
        });
        var created = await AccountsHost.CreateAsync(client, body, "/api/v1/accounts/mine");
        Assert.Equal(me, (string?)created["employeeId"]);
        Assert.Equal("employee", (string?)created["verdict"]!["effective"]);

        var notMine = await client.PostAsJsonAsync("/api/v1/accounts/mine", AccountsHost.Body(other), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, notMine.StatusCode);
        Assert.True((await notMine.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!.AsObject().ContainsKey("employeeId"));

        var (_, hr) = host.As("hr");
        await AccountsHost.CreateAsync(hr, AccountsHost.Body(other));

        var mine = await client.GetFromJsonAsync<JsonArray>("/api/v1/accounts/mine", Ct);
        Assert.Equal([me], mine!.Select(a => (string?)a!["employeeId"]));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/accounts", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/v1/accounts/{created["id"]}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/accounts/export.csv", Ct)).StatusCode);
    }

    public static TheoryData<string, string, string?> BadInput() => new()
    {
        { "platform", "platform", "myspace" },
        { "platform", "platform", null },
        { "url", "url", "not a url" },
        { "url", "url", "ftp://files.acme.de/x" },
        { "url", "url", "https://user:pw@linkedin.com/x" },
        { "registeredEmail", "registeredEmail", "social@" },
        { "registeredEmail", "registeredEmail", "social acme.de" },
        { "registeredEmail", "registeredEmail", "a@b@acme.de" },
        { "accessReference", "accessReference", "Sonne123!" },
        { "accessReference", "accessReference", "pw: Blaubeere#77" },
        { "accessReference", "accessReference", "Vault Social / Sommer2024!" },
        { "handle", "handle", "two words" },
        { "handle", "handle", "" },
        { "registeredTo", "registeredTo", "team" },
        { "paidBy", "paidBy", "customer" },
        { "purpose", "purpose", "hobby" },
        { "status", "status", "deleted" },
        { "contactCount", "contactCount", "-1" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_is_refused_naming_the_field_and_nothing_is_stored(string field, string error, string? value)
    {
        var (employee, _) = host.As("employee");
        var (_, hr) = host.As("hr");
        var body = AccountsHost.Body(employee, b => b[field] = field == "contactCount" ? JsonValue.Create(int.Parse(value!, System.Globalization.CultureInfo.InvariantCulture)) : value);
        var auditBefore = host.Audit.List(0, 1000).Count;

        var response = await hr.PostAsJsonAsync("/api/v1/accounts", body, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.True(problem["errors"]!.AsObject().ContainsKey(error), problem.ToJsonString());
        if (field == "accessReference")
        {
            Assert.DoesNotContain(value!, problem.ToJsonString(), StringComparison.Ordinal);
        }

        var stored = await hr.GetFromJsonAsync<JsonObject>($"/api/v1/accounts?employee={employee}", Ct);
        Assert.Empty(stored!["items"]!.AsArray());
        Assert.Equal(auditBefore, host.Audit.List(0, 1000).Count);
    }

    [Fact]
    public async Task A_handle_that_exists_on_the_platform_is_refused_whatever_its_case_or_at_sign()
    {
        var (employee, _) = host.As("employee");
        var (_, hr) = host.As("hr");
        var handle = AccountsHost.UniqueHandle("Acme");
        await AccountsHost.CreateAsync(hr, AccountsHost.Body(employee, b => b["handle"] = handle));

        var again = await hr.PostAsJsonAsync("/api/v1/accounts", AccountsHost.Body(employee, b => b["handle"] = "@" + handle.ToUpperInvariant()), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.True((await again.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!.AsObject().ContainsKey("handle"));

        // The same handle on another platform is another account.
        await AccountsHost.CreateAsync(hr, AccountsHost.Body(employee, b => { b["handle"] = handle; b["platform"] = "xing"; }));

        var list = await hr.GetFromJsonAsync<JsonObject>($"/api/v1/accounts?employee={employee}", Ct);
        Assert.Equal(2, list!["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Unknown_employee_and_bad_filters_are_refused_naming_the_field()
    {
        var (_, hr) = host.As("hr");
        var response = await hr.PostAsJsonAsync("/api/v1/accounts", AccountsHost.Body("nobody-here"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!.AsObject().ContainsKey("employeeId"));

        foreach (var (query, field) in new[] { ("verdict=maybe", "verdict"), ("status=gone", "status"), ("asOf=yesterday", "asOf"), ("limit=0", "limit") })
        {
            var r = await hr.GetAsync("/api/v1/accounts?" + query, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.True((await r.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!.AsObject().ContainsKey(field), query);
        }
    }

    [Fact]
    public async Task Lists_are_paged_and_filtered_by_verdict_and_status()
    {
        var (employee, _) = host.As("employee");
        var (_, hr) = host.As("hr");
        for (var i = 0; i < 3; i++)
        {
            await AccountsHost.CreateAsync(hr, AccountsHost.Body(employee));
        }

        await AccountsHost.CreateAsync(hr, AccountsHost.Body(employee, b => { b["registeredEmail"] = "x@gmail.com"; b["status"] = "closed"; }));

        var first = await hr.GetFromJsonAsync<JsonObject>($"/api/v1/accounts?employee={employee}&limit=2", Ct);
        Assert.Equal(2, first!["items"]!.AsArray().Count);
        var next = (string?)first["next"];
        var second = await hr.GetFromJsonAsync<JsonObject>($"/api/v1/accounts?employee={employee}&limit=2&after={next}", Ct);
        Assert.Equal(2, second!["items"]!.AsArray().Count);
        Assert.Null((string?)second["next"]);

        var disputed = await hr.GetFromJsonAsync<JsonObject>($"/api/v1/accounts?employee={employee}&verdict=disputed", Ct);
        Assert.Equal("closed", (string?)Assert.Single(disputed!["items"]!.AsArray())!["status"]);
        var active = await hr.GetFromJsonAsync<JsonObject>($"/api/v1/accounts?employee={employee}&status=active", Ct);
        Assert.Equal(3, active!["items"]!.AsArray().Count);
    }

    [Fact]
    public void Company_domains_in_configuration_are_validated_at_start()
    {
        using var bad = AccountsHost.With(new Dictionary<string, string> { ["Policy:Accounts:CompanyDomains:0"] = "not a domain" });
        var ex = Assert.ThrowsAny<Exception>(() => bad.Factory.CreateClient());
        Assert.Contains("CompanyDomains", (ex as OptionsValidationException ?? ex.InnerException ?? ex).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_configuration_the_company_packs_internal_domains_count()
    {
        using var acme = AccountsHost.With(new Dictionary<string, string> { ["Policy:Packs:Active"] = "acme-social-media" });
        var (employee, _) = acme.As("employee");
        var (_, hr) = acme.As("hr");
        var intern = await AccountsHost.CreateAsync(hr, AccountsHost.Body(employee, b => b["registeredEmail"] = "social@acme-intern.de"));
        Assert.Equal("company", (string?)intern["verdict"]!["computed"]);
        var mailbox = await AccountsHost.CreateAsync(hr, AccountsHost.Body(employee, b => b["registeredEmail"] = "presse@acme-maschinenbau.de"));
        Assert.Equal("company", (string?)mailbox["verdict"]!["computed"]);
        var outside = await AccountsHost.CreateAsync(hr, AccountsHost.Body(employee, b => b["registeredEmail"] = "social@acme.de"));
        Assert.Equal("disputed", (string?)outside["verdict"]!["computed"]);
    }
}
