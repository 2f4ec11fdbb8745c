using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Policy.Api.Tests.Decisions;
using Policy.Api.Tests.Packs;

namespace Policy.Api.Tests.Notifications;

/// <summary>
/// Webhooks end to end on the real store: HR adds a webhook pointing at a real HTTP receiver on
/// loopback, a state change writes its event to the outbox, the worker delivers it signed, retries
/// with backoff, and the delivery log shows each try.
/// </summary>
public sealed class WebhookDeliveryTests
{
    private static readonly Dictionary<string, string> Fast = new()
    {
        ["Policy:Notifications:PollInterval"] = "00:00:00.050",
        ["Policy:Notifications:RetryBase"] = "00:00:00.100",
        ["Policy:Notifications:RetryMax"] = "00:00:00.400",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static async Task<(string Id, string Secret)> AddWebhookAsync(HttpClient hr, string url, string[] events, string format = "json")
    {
        var created = await PackTestData.JsonAsync(
            await hr.PostAsJsonAsync("/api/v1/notifications/subscriptions", new { kind = "webhook", name = "Receiver " + format, url, format, events }, Ct),
            HttpStatusCode.Created);
        return ((string)created["subscription"]!["id"]!, (string)created["secret"]!);
    }

    internal static async Task SetCrisisAsync(HttpClient hr, bool active, string reason)
    {
        var response = await hr.PutAsJsonAsync("/api/v1/crisis", new { active, reason }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The recipe of docs/notifications.md, written out independently of the API's own code.</summary>
    internal static bool SignatureVerifies(ReceivedRequest request, string secret)
    {
        var timestamp = request.Header("Policy-Timestamp");
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > 300)
        {
            return false;
        }

        var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(request.Body).ToArray();
        var expected = "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(request.Header("Policy-Signature")));
    }

    [Fact]
    public async Task Crisis_mode_reaches_a_real_receiver_signed_and_the_secret_is_shown_once_and_never_logged()
    {
        await using var receiver = await TestReceiver.StartAsync();
        using var host = new DecisionHost(settings: Fast);
        var hr = host.ClientAs("hanna", "hr");
        var (id, secret) = await AddWebhookAsync(hr, receiver.BaseUrl + "/hooks/policy?tenant=acme", ["crisis.on", "crisis.off"]);
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);

        await SetCrisisAsync(hr, true, "Produktrückruf Modell X");
        await SetCrisisAsync(hr, false, "Rückruf abgeschlossen");
        var posts = await receiver.WaitForPostsAsync(p => p.Count >= 2);

        var on = posts.Single(p => p.Header("Policy-Event") == "crisis.on");
        Assert.Equal("/hooks/policy", on.Path);
        Assert.True(SignatureVerifies(on, secret), "the signature does not verify with the secret");
        Assert.False(SignatureVerifies(on, secret + "x"), "a wrong secret must not verify");
        var tampered = on with { Body = Encoding.UTF8.GetBytes(on.Text.Replace("Modell X", "Modell Y", StringComparison.Ordinal)) };
        Assert.False(SignatureVerifies(tampered, secret), "a changed body must not verify");
        Assert.StartsWith("application/json", on.Header("Content-Type"), StringComparison.Ordinal);

        var body = JsonNode.Parse(on.Text)!.AsObject();
        Assert.Equal("crisis.on", (string?)body["event"]);
        Assert.Equal(on.Header("Policy-Event-Id"), (string?)body["id"]);
        Assert.True((bool)body["data"]!["active"]!);
        Assert.Equal("Produktrückruf Modell X", (string?)body["data"]!["reason"]);
        Assert.Equal("hanna", (string?)body["data"]!["by"]);
        Assert.True(Policy.Api.Notifications.WebhookSignature.Verify(secret, on.Header("Policy-Timestamp"), on.Header("Policy-Signature"), on.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));

        var off = JsonNode.Parse(posts.Single(p => p.Header("Policy-Event") == "crisis.off").Text)!;
        Assert.False((bool)off["data"]!["active"]!);

        // Never again after creation: not in the listing, the single view, the audit trail, the database or the logs.
        var listing = await hr.GetStringAsync("/api/v1/notifications/subscriptions", Ct);
        var single = await hr.GetStringAsync($"/api/v1/notifications/subscriptions/{id}", Ct);
        var admin = host.Factory.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", ApiFactory.AdminKey);
        var audit = await admin.GetStringAsync("/api/v1/audit?limit=1000", Ct);
        Assert.Contains(id, listing, StringComparison.Ordinal);
        Assert.Contains("notification.subscription.created", audit, StringComparison.Ordinal);
        foreach (var text in new[] { listing, single, audit, host.Logs.All })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(secret["whsec_".Length..], text, StringComparison.Ordinal);
        }

        using (var db = host.OpenDatabase())
        {
            var stored = db.QuerySingle<string>("SELECT secret_sealed FROM notification_subscriptions WHERE id = @id", new { id });
            Assert.DoesNotContain(secret["whsec_".Length..], stored, StringComparison.Ordinal);
        }

        // A new secret: shown once, and the next delivery is signed with it, not the old one.
        var rotated = await PackTestData.JsonAsync(await hr.PostAsync($"/api/v1/notifications/subscriptions/{id}/secret", null, Ct), HttpStatusCode.OK);
        var newSecret = (string)rotated["secret"]!;
        Assert.NotEqual(secret, newSecret);
        await SetCrisisAsync(hr, true, "Zweiter Test");
        var third = (await receiver.WaitForPostsAsync(p => p.Count >= 3))[2];
        Assert.True(SignatureVerifies(third, newSecret));
        Assert.False(SignatureVerifies(third, secret));
        Assert.DoesNotContain(newSecret, host.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receiver_that_fails_twice_gets_the_event_on_the_third_try_and_the_log_shows_each_try()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.Plan.Enqueue(500);
        receiver.Plan.Enqueue(503);
        using var host = new DecisionHost(settings: Fast);
        var hr = host.ClientAs("hanna", "hr");
        var (id, secret) = await AddWebhookAsync(hr, receiver.BaseUrl + "/hook", ["*"]);

        await SetCrisisAsync(hr, true, "Shitstorm zum Werk Nord");
        var posts = await receiver.WaitForPostsAsync(p => p.Count >= 3);
        await Task.Delay(300, Ct);
        Assert.Equal(3, receiver.Posts.Count);
        Assert.Single(posts.Select(p => p.Header("Policy-Event-Id")).Distinct());
        Assert.All(posts, p => Assert.True(SignatureVerifies(p, secret)));
        Assert.Single(posts.Select(p => p.Header("Policy-Delivery")).Distinct());

        JsonArray deliveries = [];
        for (var i = 0; i < 100; i++)
        {
            deliveries = JsonNode.Parse(await hr.GetStringAsync($"/api/v1/notifications/deliveries?subscriptionId={id}", Ct))!.AsArray();
            if (deliveries.Count == 1 && (string?)deliveries[0]!["state"] == "delivered")
            {
                break;
            }

            await Task.Delay(50, Ct);
        }

        var delivery = Assert.Single(deliveries)!;
        Assert.Equal("delivered", (string?)delivery["state"]);
        Assert.Equal("crisis.on", (string?)delivery["event"]);
        Assert.Equal(3, (int)delivery["attempts"]!);
        var tries = delivery["tries"]!.AsArray();
        Assert.Equal([500, 503, 200], tries.Select(t => (int)t!["status"]!));
        Assert.Equal([false, false, true], tries.Select(t => (bool)t!["succeeded"]!));
        Assert.Equal([1, 2, 3], tries.Select(t => (int)t!["attempt"]!));
        Assert.Contains("500", (string?)tries[0]!["error"], StringComparison.Ordinal);
        // Backoff: the second wait is longer than the first.
        var at = tries.Select(t => DateTimeOffset.Parse((string)t!["at"]!, CultureInfo.InvariantCulture)).ToList();
        Assert.True(at[1] - at[0] >= TimeSpan.FromMilliseconds(90), $"first wait {at[1] - at[0]}");
        Assert.True(at[2] - at[1] >= TimeSpan.FromMilliseconds(190), $"second wait {at[2] - at[1]}");
    }

    [Fact]
    public void Backoff_doubles_per_try_and_spreads_deliveries_by_up_to_a_quarter_never_earlier()
    {
        using var host = new DecisionHost(settings: new Dictionary<string, string>
        {
            ["Policy:Notifications:RetryBase"] = "00:00:30",
            ["Policy:Notifications:RetryMax"] = "01:00:00",
        });
        var store = host.Services.GetRequiredService<Policy.Api.Notifications.DeliveryStore>();
        var ids = Enumerable.Range(0, 200).Select(i => $"dlv-{i:D4}").ToList();

        foreach (var (attempt, expected) in new[] { (1L, 30.0), (2L, 60.0), (3L, 120.0), (9L, 3600.0) })
        {
            var waits = ids.Select(id => store.Backoff(attempt, id).TotalSeconds).ToList();
            Assert.All(waits, w => Assert.InRange(w, expected, expected * 1.25));
            // Spread: deliveries that failed together do not come back together.
            Assert.True(waits.Distinct().Count() > 150, $"attempt {attempt}: {waits.Distinct().Count()} distinct waits of 200");
            Assert.True(waits.Max() - waits.Min() > expected * 0.2, $"attempt {attempt}: spread {waits.Max() - waits.Min()} s");
        }

        // Reproducible: the same delivery and try wait the same.
        Assert.Equal(store.Backoff(4, "dlv-0001"), store.Backoff(4, "dlv-0001"));
    }
}
