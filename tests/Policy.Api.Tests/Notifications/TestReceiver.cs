using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Policy.Api.Tests.Notifications;

/// <summary>One request the receiver got: its headers and the exact body bytes.</summary>
internal sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : string.Empty;

    public string Text => System.Text.Encoding.UTF8.GetString(Body);
}

/// <summary>
/// A real HTTP receiver on a loopback port (Kestrel): records every request, answers with the next
/// status of <see cref="Plan"/> (200 once the plan is used up), and serves <see cref="Files"/> for GETs
/// (with ETag and If-None-Match, as a feed server does).
/// </summary>
internal sealed class TestReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestReceiver(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    /// <summary>Statuses to answer POSTs with, in order; then 200.</summary>
    public ConcurrentQueue<int> Plan { get; } = new();

    /// <summary>Path → (content type, body) served to GETs.</summary>
    public ConcurrentDictionary<string, (string ContentType, string Body)> Files { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, every POST is answered with this status (a receiver that is down).</summary>
    public int? AlwaysAnswer { get; set; }

    public static async Task<TestReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        TestReceiver? receiver = null;
        app.Run(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
            receiver!.Requests.Enqueue(new ReceivedRequest(context.Request.Method, context.Request.Path.Value ?? "/", headers, buffer.ToArray()));
            if (HttpMethods.IsGet(context.Request.Method))
            {
                if (!receiver.Files.TryGetValue(context.Request.Path.Value ?? "/", out var file))
                {
                    context.Response.StatusCode = 404;
                    return;
                }

                var etag = "\"" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(file.Body)))[..16] + "\"";
                if (context.Request.Headers.IfNoneMatch.ToString() == etag)
                {
                    context.Response.StatusCode = 304;
                    return;
                }

                context.Response.Headers.ETag = etag;
                context.Response.ContentType = file.ContentType;
                await context.Response.WriteAsync(file.Body);
                return;
            }

            context.Response.StatusCode = receiver.AlwaysAnswer ?? (receiver.Plan.TryDequeue(out var status) ? status : 200);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver = new TestReceiver(app, address.TrimEnd('/'));
        return receiver;
    }

    public IReadOnlyList<ReceivedRequest> Posts => [.. Requests.Where(r => r.Method == "POST")];

    /// <summary>Waits until <paramref name="condition"/> holds over the POSTs received, or fails after <paramref name="seconds"/>.</summary>
    public async Task<IReadOnlyList<ReceivedRequest>> WaitForPostsAsync(Func<IReadOnlyList<ReceivedRequest>, bool> condition, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            var posts = Posts;
            if (condition(posts))
            {
                return posts;
            }

            await Task.Delay(25, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"the receiver did not get what was expected within {seconds} s; it got {Posts.Count} POSTs: "
            + string.Join(" | ", Posts.Select(p => p.Header("Policy-Event") + " " + p.Text)));
        return [];
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
