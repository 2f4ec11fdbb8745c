using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Policy.Api.Tests.Operations;

/// <summary>/health/live and /health/ready: anonymous, status only; ready follows the store, live does not.</summary>
public sealed class HealthProbeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(HttpStatusCode Status, JsonObject Body)> Get(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Ct);
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!);
    }

    [Fact]
    public async Task Live_and_ready_answer_anonymously_with_the_status_alone()
    {
        using var factory = new ApiFactory();
        using var client = factory.CreateClient();
        foreach (var path in new[] { "/health", "/health/live", "/health/ready" })
        {
            var (status, body) = await Get(client, path);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("Healthy", (string)body["status"]!);
            Assert.Single(body); // no pack, store location or crisis reason for anonymous callers
        }

        using var details = await client.GetAsync("/health/details", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, details.StatusCode);
    }

    [Fact]
    public async Task Ready_fails_while_the_store_is_down_and_live_does_not()
    {
        using var root = new ApiFactory();
        await using var factory = root.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.Configure<HealthCheckServiceOptions>(o =>
            {
                // The store check as it answers when the database does not (StoreHealthCheck's catch).
                var store = o.Registrations.Single(r => r.Name == "store");
                o.Registrations.Remove(store);
                o.Registrations.Add(new HealthCheckRegistration(store.Name, _ => new StoreDown(), store.FailureStatus, store.Tags));
            })));
        using var client = factory.CreateClient();

        var (ready, readyBody) = await Get(client, "/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready);
        Assert.Equal("Unhealthy", (string)readyBody["status"]!);
        Assert.Single(readyBody);

        var (live, liveBody) = await Get(client, "/health/live");
        Assert.Equal(HttpStatusCode.OK, live);
        Assert.Equal("Healthy", (string)liveBody["status"]!);
    }

    private sealed class StoreDown : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(HealthCheckResult.Unhealthy("the store does not answer"));
    }
}
