using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Policy.Api.Tests.Spokespeople;

/// <summary>
/// The spokesperson registry through HTTP on a real SQLite file, and what it does to checks:
/// who may speak on which topic, on which channel, when; and crisis mode.
/// </summary>
public sealed class SpokespeopleTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Finance = "Im Namen der Geschäftsführung: Der Umsatz im dritten Quartal ist gestiegen.";
    private const string Products = "Im Namen der Geschäftsführung: Das neue Produkt kommt im Mai.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly HttpClient _hr = factory.ClientAs("hr");

    private async Task<string> GrantAsync(string personId, string topic, string channel, DateTimeOffset from, DateTimeOffset? until)
    {
        var response = await _hr.PostAsJsonAsync(
            "/api/v1/spokespeople",
            new { personId, topics = new[] { topic }, channels = new[] { channel }, validFrom = from, validUntil = until, note = "test" },
            Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
    }

    private static async Task<JsonObject> CheckAsync(HttpClient client, string text, string kind, string? handle = null)
    {
        var response = await client.PostAsJsonAsync("/api/v1/checks", new { text, account = new { kind, handle } }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
    }

    private static string[] SpokespersonRules(JsonObject result) =>
        [.. result["findings"]!.AsArray().Where(f => (string?)f!["category"] == "spokesperson").Select(f => (string)f!["ruleId"]!).Distinct()];

    public enum When
    {
        Before,
        Within,
        After,
    }

    public static TheoryData<string, string, string, string, When, bool> Matrix()
    {
        // grant topic, grant channel, account (private | @acme_de), text topic, time, expected: may speak
        var data = new TheoryData<string, string, string, string, When, bool>();
        foreach (var when in Enum.GetValues<When>())
        {
            data.Add("none", "private", "private", "finance", when, false);
            data.Add("finance", "private", "private", "finance", when, when == When.Within);
            data.Add("finance", "private", "private", "products", when, false);
            data.Add("finance", "private", "@acme_de", "finance", when, false);
            data.Add("finance", "@acme_de", "@acme_de", "finance", when, when == When.Within);
            data.Add("finance", "@acme_de", "private", "finance", when, false);
            data.Add("products", "*", "@acme_de", "products", when, when == When.Within);
            data.Add("products", "*", "private", "finance", when, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Author_account_topic_and_time_decide_whether_a_statement_needs_review(
        string grantTopic, string grantChannel, string account, string textTopic, When when, bool maySpeak)
    {
        var person = factory.NewPerson("Sprecherin", "employee");
        var now = DateTimeOffset.UtcNow;
        var (from, until) = when switch
        {
            When.Before => (now.AddDays(1), (DateTimeOffset?)now.AddDays(30)),
            When.Within => (now.AddDays(-1), now.AddDays(30)),
            _ => (now.AddDays(-30), now.AddDays(-1)),
        };
        if (grantTopic != "none")
        {
            await GrantAsync(person.PersonId, grantTopic, grantChannel, from, until);
        }

        var client = factory.ClientWithKey(person.Key);
        var result = await CheckAsync(client, textTopic == "finance" ? Finance : Products, account == "private" ? "private" : "corporate", account == "private" ? null : account);
        var rules = SpokespersonRules(result);
        if (maySpeak)
        {
            Assert.Empty(rules);
        }
        else
        {
            Assert.NotEmpty(rules);
            Assert.True((string?)result["decision"] is "review" or "block", result.ToJsonString());
        }
    }

    [Fact]
    public async Task The_finding_names_who_may_speak_on_the_topic()
    {
        var cfo = factory.NewPerson("Finanzvorständin", "employee");
        await GrantAsync(cfo.PersonId, "finance", "*", DateTimeOffset.UtcNow.AddDays(-1), null);
        var result = await CheckAsync(factory.ClientAs("employee"), Finance, "private");
        var finding = result["findings"]!.AsArray().First(f => (string?)f!["ruleId"] == "spokesperson.statement")!;
        Assert.Contains(cfo.DisplayName, (string)finding["suggestion"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ending_an_authorization_changes_the_next_check_without_restart()
    {
        var person = factory.NewPerson("IR", "employee");
        var id = await GrantAsync(person.PersonId, "finance", "private", DateTimeOffset.UtcNow.AddDays(-1), null);
        var client = factory.ClientWithKey(person.Key);
        Assert.Empty(SpokespersonRules(await CheckAsync(client, Finance, "private")));

        var end = await _hr.PostAsJsonAsync($"/api/v1/spokespeople/{id}/end", new { reason = "left the IR team" }, Ct);
        Assert.Equal(HttpStatusCode.OK, end.StatusCode);
        Assert.Contains("spokesperson.statement", SpokespersonRules(await CheckAsync(client, Finance, "private")));

        var history = await _hr.GetFromJsonAsync<JsonArray>($"/api/v1/spokespeople/{id}/history", Ct);
        Assert.Equal(["created", "ended"], history!.Select(h => (string?)h!["action"]));
    }

    [Fact]
    public async Task A_registered_corporate_account_cannot_be_declared_private()
    {
        // An announcement is only a finding on corporate accounts; the handle makes it one.
        const string text = "Wir freuen uns, bekannt zu geben, dass wir ein neues Werk eröffnen.";
        var employee = factory.ClientAs("employee");
        // (The trained layer may still read it as speaking for the company; that is not what this is about.)
        Assert.DoesNotContain("spokesperson.announcement", SpokespersonRules(await CheckAsync(employee, text, "private")));
        Assert.Contains("spokesperson.announcement", SpokespersonRules(await CheckAsync(employee, text, "private", "@acme_de")));
    }

    [Fact]
    public async Task An_account_the_registry_rates_as_the_companys_is_checked_as_corporate()
    {
        const string text = "Wir freuen uns, bekannt zu geben, dass wir ein neues Werk eröffnen.";
        var handle = "acme_shop_" + Guid.NewGuid().ToString("N")[..8];
        var legal = factory.ClientAs("legal");
        var created = await legal.PostAsJsonAsync(
            "/api/v1/accounts",
            new
            {
                platform = "instagram", handle, registeredTo = "company", registeredName = "Acme Maschinenbau GmbH",
                paidBy = "company", purpose = "business", contactCount = 10,
            },
            Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var employee = factory.ClientAs("employee");
        Assert.Contains("spokesperson.announcement", SpokespersonRules(await CheckAsync(employee, text, "private", "@" + handle)));
        Assert.DoesNotContain("spokesperson.announcement", SpokespersonRules(await CheckAsync(employee, text, "private", "@someone_else_" + handle)));
    }

    [Fact]
    public async Task A_person_sees_the_corporate_accounts_they_may_use()
    {
        var person = factory.NewPerson("Social Media Team", "employee");
        await GrantAsync(person.PersonId, "products", "@acme_products", DateTimeOffset.UtcNow.AddDays(-1), null);
        await GrantAsync(person.PersonId, "general", "private", DateTimeOffset.UtcNow.AddDays(-1), null);
        await GrantAsync(person.PersonId, "finance", "@acme_ir", DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1));
        var channels = await factory.ClientWithKey(person.Key).GetFromJsonAsync<JsonArray>("/api/v1/me/corporate-accounts", Ct);
        Assert.Equal(["@acme_products"], channels!.Select(c => (string?)c!["handle"]));

        var nobody = await factory.ClientAs("employee").GetFromJsonAsync<JsonArray>("/api/v1/me/corporate-accounts", Ct);
        Assert.Empty(nobody!);
    }

    [Fact]
    public async Task Crisis_mode_reviews_corporate_posts_unless_the_author_is_on_the_crisis_team()
    {
        var admin = factory.ClientWithKey(ApiFactory.AdminKey);
        var employee = factory.ClientAs("employee");
        var team = factory.NewPerson("Krisenteam", "employee");
        await GrantAsync(team.PersonId, "crisis", "*", DateTimeOffset.UtcNow.AddDays(-1), null);
        var teamClient = factory.ClientWithKey(team.Key);
        const string text = "Schönes Wochenende an alle Follower!";

        try
        {
            Assert.Equal("allow", (string?)(await CheckAsync(employee, text, "corporate", "@acme_de"))["decision"]);

            var on = await _hr.PutAsJsonAsync("/api/v1/crisis", new { active = true, reason = "Produktrückruf" }, Ct);
            Assert.Equal(HttpStatusCode.OK, on.StatusCode);

            var corporate = await CheckAsync(employee, text, "corporate", "@acme_de");
            Assert.Equal("review", (string?)corporate["decision"]);
            Assert.Contains("crisis.corporate-review", SpokespersonRules(corporate));
            Assert.Equal("allow", (string?)(await CheckAsync(employee, text, "private"))["decision"]);
            Assert.Empty(SpokespersonRules(await CheckAsync(teamClient, text, "corporate", "@acme_de")));

            var health = await admin.GetFromJsonAsync<JsonObject>("/health/details", Ct);
            Assert.True((bool)health!["checks"]!["crisis"]!["data"]!["active"]!);

            var audit = await admin.GetFromJsonAsync<JsonArray>("/api/v1/audit?limit=1000", Ct);
            Assert.Contains(audit!, e => (string?)e!["action"] == "crisis.on");
        }
        finally
        {
            var off = await _hr.PutAsJsonAsync("/api/v1/crisis", new { active = false, reason = "resolved" }, Ct);
            Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        }

        Assert.Equal("allow", (string?)(await CheckAsync(employee, text, "corporate", "@acme_de"))["decision"]);
    }

    [Fact]
    public async Task Employees_see_names_and_topics_only_and_cannot_change_the_registry()
    {
        var person = factory.NewPerson("Personalchefin", "employee");
        await GrantAsync(person.PersonId, "people", "*", DateTimeOffset.UtcNow.AddDays(-1), null);
        var employee = factory.ClientAs("employee");

        var body = await employee.GetStringAsync("/api/v1/spokespeople?topic=people", Ct);
        var speakers = JsonNode.Parse(body)!.AsArray();
        Assert.Contains(speakers, s => (string?)s!["displayName"] == person.DisplayName);
        Assert.DoesNotContain(person.PersonId, body, StringComparison.Ordinal);
        Assert.DoesNotContain("channels", body, StringComparison.OrdinalIgnoreCase);

        var create = await employee.PostAsJsonAsync("/api/v1/spokespeople", new { personId = person.PersonId, topics = new[] { "finance" }, channels = new[] { "*" } }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await employee.GetAsync("/api/v1/spokespeople/registry", Ct)).StatusCode);
    }

    [Theory]
    [InlineData("""{"topics":["finance"],"channels":["*"]}""", "personId")]
    [InlineData("""{"personId":"x","topics":[],"channels":["*"]}""", "topics")]
    [InlineData("""{"personId":"x","topics":["Finanzen!"],"channels":["*"]}""", "topics[0]")]
    [InlineData("""{"personId":"x","topics":["finance"],"channels":[]}""", "channels")]
    [InlineData("""{"personId":"x","topics":["finance"],"channels":["*"],"validFrom":"2026-02-01T00:00:00Z","validUntil":"2026-01-01T00:00:00Z"}""", "validUntil")]
    public async Task Invalid_registrations_name_the_field(string json, string field)
    {
        var response = await _hr.PostAsync("/api/v1/spokespeople", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.True(problem!["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
    }

    [Fact]
    public async Task Unknown_people_and_authorizations_are_refused()
    {
        var response = await _hr.PostAsJsonAsync("/api/v1/spokespeople", new { personId = "nobody", topics = new[] { "finance" }, channels = new[] { "*" } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _hr.PostAsJsonAsync("/api/v1/spokespeople/nope/end", new { reason = "x" }, Ct)).StatusCode);
    }
}
