using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Policy.Api.Identity;

namespace Policy.Api.Tests.Operations;

/// <summary>
/// Traces go to a real OTLP/HTTP receiver on loopback: with <c>TraceSampleRatio</c> 0 a request of
/// its own is not traced, a caller's sampled <c>traceparent</c> always is (parent-based), an
/// unsampled one never. The trace id is looked for as its 16 raw bytes in the exported protobuf.
/// </summary>
[Collection(nameof(MetricsAlone))]
public sealed class TraceSamplingTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<byte[]> _exports = new();
    private WebApplication? _collector;
    private ApiFactory? _factory;
    private WebApplicationFactory<Program>? _api;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _collector = builder.Build();
        _collector.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            _exports.Enqueue(body.ToArray());
            return Results.Ok();
        });
        await _collector.StartAsync(Ct);
        var address = _collector.Urls.Single();

        _factory = new ApiFactory();
        _api = _factory.WithWebHostBuilder(b => b
            .UseSetting("Policy:Telemetry:OtlpEndpoint", address)
            .UseSetting("Policy:Telemetry:OtlpProtocol", "http/protobuf")
            .UseSetting("Policy:Telemetry:TraceSampleRatio", "0"));
    }

    [Fact]
    public async Task A_callers_sampling_decision_is_followed_and_its_own_requests_follow_the_ratio()
    {
        using var employee = _api!.CreateClient();
        employee.DefaultRequestHeaders.Authorization = new("Bearer", _factory!.NewKey(Roles.Employee));
        var unsampledParent = ActivityTraceId.CreateRandom();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await employee.PostAsJsonAsync("/api/v1/checks", new { text = $"Schöner Tag {i}" }, Ct)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await Check(employee, unsampledParent, sampled: false)).StatusCode);

        // The server ends a request's span after the client has its answer: give the spans of the
        // requests above time to end, so that a span wrongly recorded would be in this flush.
        await Task.Delay(500, Ct);
        Flush();
        Assert.Empty(_exports);

        var sampledParent = ActivityTraceId.CreateRandom();
        Assert.Equal(HttpStatusCode.OK, (await Check(employee, sampledParent, sampled: true)).StatusCode);
        var exported = await ExportedUntilAsync(Bytes(sampledParent));

        Assert.True(Contains(exported, Bytes(sampledParent)), "the sampled caller's trace was not exported");
        Assert.False(Contains(exported, Bytes(unsampledParent)), "an unsampled caller's trace was exported");
    }

    /// <summary>Everything exported, flushed until it holds <paramref name="traceId"/> (its span ends on
    /// the server after the answer is sent) or ten seconds have passed.</summary>
    private async Task<byte[]> ExportedUntilAsync(byte[] traceId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            Flush();
            var exported = _exports.SelectMany(b => b).ToArray();
            if (Contains(exported, traceId) || DateTime.UtcNow > deadline)
            {
                return exported;
            }

            await Task.Delay(50, Ct);
        }
    }

    private static Task<HttpResponseMessage> Check(HttpClient client, ActivityTraceId traceId, bool sampled)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/checks") { Content = JsonContent.Create(new { text = "Guten Morgen" }) };
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-{(sampled ? "01" : "00")}");
        return client.SendAsync(request, Ct);
    }

    private void Flush() => Assert.True(_api!.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000), "the exporter did not flush");

    private static byte[] Bytes(ActivityTraceId id)
    {
        var bytes = new byte[16];
        id.CopyTo(bytes);
        return bytes;
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    public async ValueTask DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_collector is not null)
        {
            await _collector.DisposeAsync();
        }
    }
}
