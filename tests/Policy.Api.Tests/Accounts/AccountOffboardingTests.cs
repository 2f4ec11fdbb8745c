using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CsvHelper;

namespace Policy.Api.Tests.Accounts;

/// <summary>The offboarding report for one employee, its items marked done, CSV and audit.</summary>
public sealed class AccountOffboardingTests(AccountsHost host) : IClassFixture<AccountsHost>
{
    private static CancellationToken Ct => AccountsHost.Ct;

    private static string[] Handles(JsonObject report, string section) =>
        [.. report[section]!.AsArray().Select(i => (string)i!["handle"]!).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Report_sorts_accounts_into_hand_over_copy_access_and_private_and_items_are_marked_done()
    {
        var (employee, _) = host.As("employee");
        var (hrId, hr) = host.As("hr");
        var company = await AccountsHost.CreateAsync(hr, AccountsHost.Body(employee, b => b["handle"] = "a_company_" + Guid.NewGuid().ToString("N")[..6]));
        var privateOne = await AccountsHost.CreateAsync(hr, AccountsHost.Body(employee, b =>
        {
            b["handle"] = "b_private_" + Guid.NewGuid().ToString("N")[..6];
            b["registeredTo"] = "person";
            b["registeredEmail"] = "privat@web.de";
            b["paidBy"] = "employee";
            b["purpose"] = "private";
            b["contactCount"] = 50;
        }));
        var disputed = await AccountsHost.CreateAsync(hr, AccountsHost.Body(employee, b =>
        {
            b["handle"] = "c_disputed_" + Guid.NewGuid().ToString("N")[..6];
            b["registeredTo"] = "person";
            b["registeredEmail"] = "privat@web.de";
            b["purpose"] = "mixed";
            b["contactCount"] = 9;
        }));
        await AccountsHost.CreateAsync(hr, AccountsHost.Body(employee, b => b["status"] = "closed"));

        var report = (await hr.GetFromJsonAsync<JsonObject>($"/api/v1/accounts/offboarding/{employee}", Ct))!;
        Assert.Equal([(string)company["handle"]!], Handles(report, "handOverAccounts"));
        Assert.Equal([(string)company["handle"]!], Handles(report, "handOverAccess"));
        Assert.Equal([(string)privateOne["handle"]!], Handles(report, "staysPrivate"));
        Assert.Equal([(string)company["handle"]!, (string)disputed["handle"]!], Handles(report, "copyContacts"));
        Assert.Equal([(string)disputed["handle"]!], Handles(report, "disputed"));
        Assert.All(report["handOverAccounts"]!.AsArray(), i => Assert.False((bool)i!["done"]!));

        host.Time.Advance(TimeSpan.FromHours(1));
        var at = host.Time.GetUtcNow();
        var companyId = (string)company["id"]!;
        var done = await hr.PostAsJsonAsync($"/api/v1/accounts/offboarding/{employee}/done", new { accountId = companyId, item = "hand-over-account", note = "Übergabe an Team Social" }, Ct);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        await hr.PostAsJsonAsync($"/api/v1/accounts/offboarding/{employee}/done", new { accountId = companyId, item = "copy-contacts" }, Ct);

        var after = (await done.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        var handedOver = after["handOverAccounts"]![0]!;
        Assert.True((bool)handedOver["done"]!);
        Assert.Equal(hrId, (string?)handedOver["doneBy"]);
        Assert.Equal(at, DateTimeOffset.Parse((string)handedOver["doneAt"]!, CultureInfo.InvariantCulture));
        Assert.Equal("Übergabe an Team Social", (string?)handedOver["note"]);

        // Done steps show in the registry's history: status handed-over, contacts copied.
        var account = (await hr.GetFromJsonAsync<JsonObject>($"/api/v1/accounts/{companyId}", Ct))!;
        Assert.Equal("handed-over", (string?)account["status"]);
        Assert.Equal(at, DateTimeOffset.Parse((string)account["contactsCopiedAt"]!, CultureInfo.InvariantCulture));
        var history = (await hr.GetFromJsonAsync<JsonArray>($"/api/v1/accounts/{companyId}/history", Ct))!;
        Assert.Equal(["created", "handed-over", "contacts-copied"], history.Select(v => (string?)v!["change"]));

        var audit = host.Audit.List(0, 1000);
        Assert.Contains(audit, e => e.Action == "accounts.offboarding-done" && e.Subject == companyId && e.Actor == hrId);
        Assert.Contains(audit, e => e.Action == "accounts.offboarding-report" && e.Subject == employee);
        Assert.True(host.Audit.Verify().Intact);
    }

    [Fact]
    public async Task Report_as_csv_lists_every_item_and_the_disputed_accounts()
    {
        var (employee, _) = host.As("employee");
        var (_, legal) = host.As("legal");
        await AccountsHost.CreateAsync(legal, AccountsHost.Body(employee, b => b["createdFor"] = "Messe Köln"));
        await AccountsHost.CreateAsync(legal, AccountsHost.Body(employee, b => { b["registeredTo"] = "person"; b["purpose"] = "private"; b["contactCount"] = 0; }));

        var response = await legal.GetAsync($"/api/v1/accounts/offboarding/{employee}/report.csv?delimiter=semicolon", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        using var csv = CsvReader.Create(new MemoryStream(bytes), CsvReaderOptions.Default with { Separator = ';', HasHeader = true }, false);
        var items = new List<string>();
        while (csv.Read())
        {
            Assert.Equal(employee, csv["personId"].ToString());
            Assert.Equal("no", csv["done"].ToString());
            items.Add(csv["item"].ToString());
        }

        Assert.Equal(["hand-over-account", "copy-contacts", "hand-over-access", "decide-ownership"], items);
    }

    [Fact]
    public async Task Unknown_people_and_accounts_of_someone_else_are_refused()
    {
        var (employee, _) = host.As("employee");
        var (other, _) = host.As("employee");
        var (_, hr) = host.As("hr");
        var account = await AccountsHost.CreateAsync(hr, AccountsHost.Body(other));

        Assert.Equal(HttpStatusCode.NotFound, (await hr.GetAsync("/api/v1/accounts/offboarding/nobody-at-all", Ct)).StatusCode);
        var wrong = await hr.PostAsJsonAsync($"/api/v1/accounts/offboarding/{employee}/done", new { accountId = (string)account["id"]!, item = "hand-over-account" }, Ct);
        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        var badItem = await hr.PostAsJsonAsync($"/api/v1/accounts/offboarding/{other}/done", new { accountId = (string)account["id"]!, item = "burn-it" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badItem.StatusCode);
        Assert.True((await badItem.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!.AsObject().ContainsKey("item"));

        var (_, employeeClient) = host.As("employee");
        Assert.Equal(HttpStatusCode.Forbidden, (await employeeClient.GetAsync($"/api/v1/accounts/offboarding/{other}", Ct)).StatusCode);
    }
}
