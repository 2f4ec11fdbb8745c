using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Policy.Api.Tests.Decisions;
using Policy.Api.Tests.Packs;

namespace Policy.Api.Tests.Notifications;

/// <summary>
/// The other ways out and in: Teams and Slack formats, the test button, e-mail through a real SMTP
/// conversation, the guideline and reminder events, and what HR may not configure.
/// </summary>
public sealed class NotificationChannelTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string> Fast(SmtpSink? smtp = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["Policy:Notifications:PollInterval"] = "00:00:00.050",
            ["Policy:Notifications:RetryBase"] = "00:00:00.100",
            ["Policy:Notifications:RetryMax"] = "00:00:00.200",
            ["Policy:Notifications:MaxAttempts"] = "2",
        };
        if (smtp is not null)
        {
            settings["Policy:Notifications:Smtp:Host"] = "127.0.0.1";
            settings["Policy:Notifications:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["Policy:Notifications:Smtp:Security"] = "None";
            settings["Policy:Notifications:Smtp:From"] = "Policy <policy@example.org>";
        }

        return settings;
    }

    [Fact]
    public async Task Teams_and_Slack_get_their_incoming_webhook_formats_and_the_test_button_reports_the_outcome()
    {
        await using var receiver = await TestReceiver.StartAsync();
        using var host = new DecisionHost(settings: Fast());
        var hr = host.ClientAs("hanna", "hr");
        var (teams, _) = await WebhookDeliveryTests.AddWebhookAsync(hr, receiver.BaseUrl + "/teams/abc/SECRETPATH", ["crisis.on"], "teams");
        var (slack, _) = await WebhookDeliveryTests.AddWebhookAsync(hr, receiver.BaseUrl + "/slack/T000/B000/XXXX", ["crisis.on"], "slack");

        // Teams' and Slack's URLs are their key: listings show the host and first path part only.
        var listing = await hr.GetStringAsync("/api/v1/notifications/subscriptions", Ct);
        Assert.DoesNotContain("SECRETPATH", listing, StringComparison.Ordinal);
        Assert.DoesNotContain("XXXX", listing, StringComparison.Ordinal);

        await WebhookDeliveryTests.SetCrisisAsync(hr, true, "Brand im Werk Nord");
        var posts = await receiver.WaitForPostsAsync(p => p.Count >= 2);
        var card = JsonNode.Parse(posts.Single(p => p.Path.StartsWith("/teams", StringComparison.Ordinal)).Text)!;
        Assert.Equal("message", (string?)card["type"]);
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)card["attachments"]![0]!["contentType"]);
        var blocks = card["attachments"]![0]!["content"]!["body"]!.AsArray().Select(b => (string?)b!["text"]).ToList();
        Assert.Contains(blocks, b => b!.Contains("Crisis mode ON", StringComparison.Ordinal));
        Assert.Contains(blocks, b => b!.Contains("Brand im Werk Nord", StringComparison.Ordinal));
        var text = (string?)JsonNode.Parse(posts.Single(p => p.Path.StartsWith("/slack", StringComparison.Ordinal)).Text)!["text"];
        Assert.StartsWith("*[Policy] Krisenmodus EIN / Crisis mode ON*", text, StringComparison.Ordinal);
        Assert.Contains("Brand im Werk Nord", text, StringComparison.Ordinal);

        // The test button: a delivery now, its outcome in the answer and in the log; a failing receiver says so.
        var ok = await PackTestData.JsonAsync(await hr.PostAsync($"/api/v1/notifications/subscriptions/{slack}/test", null, Ct), HttpStatusCode.OK);
        Assert.True((bool)ok["delivered"]!);
        Assert.Equal(200, (int)ok["status"]!);
        Assert.Contains(receiver.Posts, p => p.Header("Policy-Event") == "notification.test" && p.Path.StartsWith("/slack", StringComparison.Ordinal));
        Assert.DoesNotContain(receiver.Posts, p => p.Header("Policy-Event") == "notification.test" && p.Path.StartsWith("/teams", StringComparison.Ordinal));
        receiver.AlwaysAnswer = 410;
        var failed = await PackTestData.JsonAsync(await hr.PostAsync($"/api/v1/notifications/subscriptions/{teams}/test", null, Ct), HttpStatusCode.OK);
        Assert.False((bool)failed["delivered"]!);
        Assert.Equal(410, (int)failed["status"]!);
        var log = await PackTestData.JsonAsync(await hr.GetAsync($"/api/v1/notifications/deliveries/{(string)failed["deliveryId"]!}", Ct), HttpStatusCode.OK);
        Assert.Equal("notification.test", (string?)log["event"]);
        Assert.Equal(410, (int)log["tries"]![0]!["status"]!);

        // After the last try (MaxAttempts 2) the delivery is failed; HR can give it its tries again.
        string state = "pending";
        for (var i = 0; i < 100 && state == "pending"; i++)
        {
            await Task.Delay(50, Ct);
            state = (string)(await PackTestData.JsonAsync(await hr.GetAsync($"/api/v1/notifications/deliveries/{(string)failed["deliveryId"]!}", Ct), HttpStatusCode.OK))["state"]!;
        }

        Assert.Equal("failed", state);
        receiver.AlwaysAnswer = null;
        await PackTestData.JsonAsync(await hr.PostAsync($"/api/v1/notifications/deliveries/{(string)failed["deliveryId"]!}/retry", null, Ct), HttpStatusCode.OK);
        for (var i = 0; i < 100 && state != "delivered"; i++)
        {
            await Task.Delay(50, Ct);
            state = (string)(await PackTestData.JsonAsync(await hr.GetAsync($"/api/v1/notifications/deliveries/{(string)failed["deliveryId"]!}", Ct), HttpStatusCode.OK))["state"]!;
        }

        Assert.Equal("delivered", state);
        await PackTestData.ProblemAsync(await hr.PostAsync($"/api/v1/notifications/deliveries/{(string)failed["deliveryId"]!}/retry", null, Ct), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Email_goes_through_a_real_SMTP_conversation_with_the_same_events()
    {
        using var smtp = new SmtpSink();
        await using var receiver = await TestReceiver.StartAsync();
        using var host = new DecisionHost(settings: Fast(smtp));
        var hr = host.ClientAs("hanna", "hr");
        var created = await PackTestData.JsonAsync(
            await hr.PostAsJsonAsync("/api/v1/notifications/subscriptions", new { kind = "email", name = "Krisenteam", address = "krisenteam@example.org", events = new[] { "crisis.on", "guideline.activated" } }, Ct),
            HttpStatusCode.Created);
        Assert.Null(created["secret"]);
        await WebhookDeliveryTests.AddWebhookAsync(hr, receiver.BaseUrl + "/hook", ["guideline.activated", "acknowledgement.reminder"]);

        await WebhookDeliveryTests.SetCrisisAsync(hr, true, "Produktrückruf");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (smtp.Messages.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(25, Ct);
        }

        var mail = Assert.Single(smtp.Messages);
        Assert.Equal("policy@example.org", mail.From);
        Assert.Equal(["krisenteam@example.org"], mail.To);
        Assert.Contains("Subject: [Policy] Krisenmodus EIN / Crisis mode ON", mail.Data, StringComparison.Ordinal);
        Assert.Contains("X-Policy-Event: crisis.on", mail.Data, StringComparison.Ordinal);
        Assert.Contains("Produktr", mail.Data, StringComparison.Ordinal);

        // A guideline version activated: both the webhook and the mail, with version, previous and material.
        var admin = host.Factory.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", ApiFactory.AdminKey);
        await PackTestData.JsonAsync(await PackTestData.UploadAsync(admin, PackTestData.BaseAs("2.1.0")), HttpStatusCode.Created);
        await PackTestData.ActivateAsync(admin, PackTestData.BaseId, "2.1.0", PackTestData.BaseVersion);
        var activated = (await receiver.WaitForPostsAsync(p => p.Any(x => x.Header("Policy-Event") == "guideline.activated")))
            .Single(x => x.Header("Policy-Event") == "guideline.activated");
        var data = JsonNode.Parse(activated.Text)!["data"]!;
        Assert.Equal(PackTestData.BaseId, (string?)data["packId"]);
        Assert.Equal("2.1.0", (string?)data["version"]);
        Assert.Equal(PackTestData.BaseVersion, (string?)data["previous"]);
        Assert.Equal("activate", (string?)data["action"]);
        Assert.True((bool)data["checking"]!);
        while (smtp.Messages.Count < 2 && DateTime.UtcNow < deadline.AddSeconds(30))
        {
            await Task.Delay(25, Ct);
        }

        Assert.Contains(smtp.Messages, m => m.Data.Contains("X-Policy-Event: guideline.activated", StringComparison.Ordinal));
        Assert.DoesNotContain(receiver.Posts, p => p.Header("Policy-Event") == "crisis.on");

        // The reminder names the employees who have not acknowledged, no e-mail addresses.
        var alice = host.ClientAs("alice-reminder", "employee");
        var bob = host.ClientAs("bob-reminder", "employee");
        Assert.Equal(HttpStatusCode.OK, (await bob.PostAsync("/api/v1/guideline/acknowledgements", null, Ct)).StatusCode);
        var sent = await PackTestData.JsonAsync(await hr.PostAsync("/api/v1/acknowledgements/reminders", null, Ct), HttpStatusCode.OK);
        Assert.True((int)sent["pending"]! >= 1);
        var reminder = (await receiver.WaitForPostsAsync(p => p.Any(x => x.Header("Policy-Event") == "acknowledgement.reminder")))
            .Single(x => x.Header("Policy-Event") == "acknowledgement.reminder");
        var people = JsonNode.Parse(reminder.Text)!["data"]!["people"]!.AsArray().Select(p => (string?)p!["personId"]).ToList();
        Assert.Contains("alice-reminder", people);
        Assert.DoesNotContain("bob-reminder", people);
        Assert.DoesNotContain("@example.org", reminder.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.PostAsync("/api/v1/acknowledgements/reminders", null, Ct)).StatusCode);

        // A recipient the server refuses: the try is in the log with the SMTP answer.
        smtp.RejectNext = 1;
        var test = await PackTestData.JsonAsync(await hr.PostAsync($"/api/v1/notifications/subscriptions/{(string)created["subscription"]!["id"]!}/test", null, Ct), HttpStatusCode.OK);
        Assert.False((bool)test["delivered"]!);
        Assert.Contains("550", (string?)test["error"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_subscriptions_are_refused_naming_the_field_and_only_hr_may_configure()
    {
        using var host = new DecisionHost();
        var hr = host.ClientAs("hanna", "hr");
        async Task<JsonObject> Refused(object body) =>
            await PackTestData.ProblemAsync(await hr.PostAsJsonAsync("/api/v1/notifications/subscriptions", body, Ct), HttpStatusCode.BadRequest);

        Assert.NotNull((await Refused(new { kind = "webhook", name = "x", url = "http://hooks.example.com/x", events = new[] { "*" } }))["errors"]!["url"]);
        Assert.NotNull((await Refused(new { kind = "webhook", name = "x", url = "ftp://hooks.example.com/x", events = new[] { "*" } }))["errors"]!["url"]);
        Assert.NotNull((await Refused(new { kind = "webhook", name = "x", url = "https://user:pw@hooks.example.com/x", events = new[] { "*" } }))["errors"]!["url"]);
        Assert.NotNull((await Refused(new { kind = "webhook", name = "x", url = "https://hooks.example.com/x", events = new[] { "crisis.maybe" } }))["errors"]!["events[0]"]);
        Assert.NotNull((await Refused(new { kind = "webhook", name = "x", url = "https://hooks.example.com/x", events = Array.Empty<string>() }))["errors"]!["events"]);
        Assert.NotNull((await Refused(new { kind = "webhook", name = "x", url = "https://hooks.example.com/x", format = "discord", events = new[] { "*" } }))["errors"]!["format"]);
        Assert.NotNull((await Refused(new { kind = "webhook", name = "x", url = "https://hooks.example.com/x", secret = "short", events = new[] { "*" } }))["errors"]!["secret"]);
        Assert.NotNull((await Refused(new { kind = "email", name = "x", address = "hr@example.org", events = new[] { "*" } }))["errors"]!["kind"]); // no SMTP server configured
        Assert.NotNull((await Refused(new { kind = "pigeon", name = "x", events = new[] { "*" } }))["errors"]!["kind"]);
        Assert.Empty(JsonNode.Parse(await hr.GetStringAsync("/api/v1/notifications/subscriptions", Ct))!.AsArray());

        // https anywhere, http to loopback; a given secret is accepted and not echoed by the listing.
        var created = await PackTestData.JsonAsync(await hr.PostAsJsonAsync("/api/v1/notifications/subscriptions",
            new { kind = "webhook", name = "SIEM", url = "https://siem.example.com/policy", secret = "a-secret-of-the-receivers-own-choosing", events = new[] { "*" } }, Ct), HttpStatusCode.Created);
        Assert.Equal("a-secret-of-the-receivers-own-choosing", (string?)created["secret"]);
        Assert.DoesNotContain("receivers-own", await hr.GetStringAsync("/api/v1/notifications/subscriptions", Ct), StringComparison.Ordinal);
        var id = (string)created["subscription"]!["id"]!;

        // A change keeps the URL unless given, cannot set a secret or change the kind; pausing stops the test.
        var changed = await PackTestData.JsonAsync(await hr.PutAsJsonAsync($"/api/v1/notifications/subscriptions/{id}", new { name = "SIEM 2", events = new[] { "crisis.on" }, active = false }, Ct), HttpStatusCode.OK);
        Assert.Equal("https://siem.example.com/policy", (string?)changed["target"]);
        Assert.False((bool)changed["active"]!);
        var bad = await PackTestData.ProblemAsync(await hr.PutAsJsonAsync($"/api/v1/notifications/subscriptions/{id}", new { kind = "email", name = "x", secret = "another-secret-of-24-chars!!", events = new[] { "*" } }, Ct), HttpStatusCode.BadRequest);
        Assert.NotNull(bad["errors"]!["kind"]);
        Assert.NotNull(bad["errors"]!["secret"]);
        await PackTestData.ProblemAsync(await hr.PostAsync($"/api/v1/notifications/subscriptions/{id}/test", null, Ct), HttpStatusCode.Conflict);

        var employee = host.ClientAs("emma", "employee");
        Assert.Equal(HttpStatusCode.Forbidden, (await employee.GetAsync("/api/v1/notifications/subscriptions", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await employee.GetAsync("/api/v1/notifications/deliveries", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await hr.DeleteAsync($"/api/v1/notifications/subscriptions/{id}", Ct)).StatusCode);
        await PackTestData.ProblemAsync(await hr.DeleteAsync($"/api/v1/notifications/subscriptions/{id}", Ct), HttpStatusCode.NotFound);

        // The OpenAPI document carries every event's payload under 'webhooks'.
        var openapi = JsonNode.Parse(await host.Factory.CreateClient().GetStringAsync("/openapi/v1.json", Ct))!;
        foreach (var name in new[] { "review.requested", "review.decided", "review.expired", "crisis.on", "crisis.off", "guideline.activated", "acknowledgement.reminder", "monitoring.alert" })
        {
            Assert.NotNull(openapi["webhooks"]?[name]?["post"]?["requestBody"]);
        }

        var alert = openapi["components"]!["schemas"]!["Event_monitoring_alert"]!.ToJsonString();
        Assert.Contains("suggestCrisisMode", alert, StringComparison.Ordinal);
    }
}
