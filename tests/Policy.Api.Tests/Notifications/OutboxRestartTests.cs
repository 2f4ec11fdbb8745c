using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;

namespace Policy.Api.Tests.Notifications;

/// <summary>
/// The real API as a process: an event whose receiver is down is still pending when the process is
/// killed (SIGKILL, no shutdown); after a restart on the same store the receiver gets it, once.
/// </summary>
public sealed class OutboxRestartTests : IDisposable
{
    private const string AdminKey = "pk_outbox_restart_admin_key_0123456789";

    private readonly TestBackend _store = TestBackend.Create();
    private readonly List<ApiProcess> _servers = [];
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_event_not_yet_delivered_survives_kill_9_and_arrives_after_the_restart()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.AlwaysAnswer = 503;
        var server = await StartServer();
        using var admin = server.Client(AdminKey);
        var (id, secret) = await WebhookDeliveryTests.AddWebhookAsync(admin, receiver.BaseUrl + "/hook", ["crisis.on"]);
        await WebhookDeliveryTests.SetCrisisAsync(admin, true, "Vor dem Absturz");

        // The receiver is down: it sees tries, answers 503, and the delivery stays pending.
        await receiver.WaitForPostsAsync(p => p.Count >= 2);
        await server.KillAsync();
        var eventId = receiver.Posts[0].Header("Policy-Event-Id");
        using (var db = _store.Open())
        {
            Assert.Equal("pending", db.QuerySingle<string>("SELECT state FROM notification_deliveries WHERE event_id = @eventId", new { eventId }));
        }

        var triesBefore = receiver.Posts.Count;
        receiver.AlwaysAnswer = null;
        var again = await StartServer();
        var posts = await receiver.WaitForPostsAsync(p => p.Count > triesBefore);
        var delivered = posts[triesBefore];
        Assert.Equal(eventId, delivered.Header("Policy-Event-Id"));
        Assert.True(WebhookDeliveryTests.SignatureVerifies(delivered, secret), "after the restart the secret still signs (key file beside the database)");

        using var hr = again.Client(AdminKey);
        JsonObject? delivery = null;
        for (var i = 0; i < 100; i++)
        {
            delivery = JsonNode.Parse(await hr.GetStringAsync($"/api/v1/notifications/deliveries?subscriptionId={id}", Ct))!.AsArray().Single()!.AsObject();
            if ((string?)delivery["state"] == "delivered")
            {
                break;
            }

            await Task.Delay(50, Ct);
        }

        Assert.Equal("delivered", (string?)delivery!["state"]);
        var tries = delivery["tries"]!.AsArray();
        Assert.True(tries.Count >= 3, $"{tries.Count} tries logged");
        Assert.All(tries.Take(tries.Count - 1), t => Assert.Equal(503, (int)t!["status"]!));
        Assert.Equal(200, (int)tries[^1]!["status"]!);

        // Delivered once: no second POST of the event afterwards.
        await Task.Delay(500, Ct);
        Assert.Single(receiver.Posts.Skip(triesBefore), p => p.Header("Policy-Event-Id") == eventId);
        Assert.DoesNotContain(_output, line => line.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(_output, line => line.Contains("/hook", StringComparison.Ordinal));
    }

    private async Task<ApiProcess> StartServer()
    {
        var server = await ApiProcess.StartAsync(
            _store.Settings().Concat(
            [
                new("Policy:Identity:BootstrapAdminKey", AdminKey),
                new("Policy:Notifications:PollInterval", "00:00:00.050"),
                new("Policy:Notifications:RetryBase", "00:00:00.100"),
                new("Policy:Notifications:RetryMax", "00:00:00.300"),
                new("Policy:Notifications:MaxAttempts", "50"),
            ]),
            _output,
            traceLogging: true);
        _servers.Add(server);
        return server;
    }

    public void Dispose()
    {
        foreach (var server in _servers)
        {
            server.Dispose();
        }

        _store.Dispose();
    }
}
