using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Policy.Api.Tests.Packs;

/// <summary>
/// The real server as a process: SIGTERM while uploads of a megabyte of '[' are being read. Such an
/// upload used to keep a core busy for over 30 minutes and the server ignored SIGTERM until kill -9;
/// reading is now linear and follows the request's token, so the host's drain ends it.
/// </summary>
public sealed class ShutdownDuringPackParseTests : IDisposable
{
    private const string AdminKey = "pk_sigterm_test_admin_key_0123456789";

    /// <summary>The host's default drain (HostOptions.ShutdownTimeout, 30 s) and a margin for a loaded machine.</summary>
    private static readonly TimeSpan ExitWithin = TimeSpan.FromSeconds(45);

    private readonly TestBackend _store = TestBackend.Create();
    private readonly ConcurrentQueue<string> _output = new();
    private ApiProcess? _server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sigterm_ends_the_server_while_hostile_packs_are_read()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "SIGTERM is a POSIX signal");
        _server = await ApiProcess.StartAsync(_store.Settings().Append(new("Policy:Identity:BootstrapAdminKey", AdminKey)), _output);
        using var admin = _server.Client(AdminKey);
        var created = await admin.PostAsJsonAsync("/api/v1/keys", new { personId = "hana", displayName = "Hana", email = "hana@example.org", roles = new[] { "hr" } }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var hrKey = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["key"]!;

        var pack = "id: deep\nversion: '1'\ndescription: " + new string('[', 1024 * 1024 - 40) + "\n";
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var uploads = Enumerable.Range(0, 4).Select(_ => Task.Run(
            async () =>
            {
                using var client = _server.Client(hrKey);
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        using var content = new StringContent(pack, Encoding.UTF8);
                        content.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
                        var response = await client.PostAsync("/api/v1/packs/validate", content, stop.Token);

                        // While the server runs, the answer is the pack error, never a stored pack.
                        Assert.True(response.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest or HttpStatusCode.ServiceUnavailable, response.StatusCode.ToString());
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException)
                    {
                        return; // the server went away, as it should
                    }
                }
            },
            Ct)).ToList();

        // Let the uploads get going, then ask the server to stop the way systemd or docker do.
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        var watch = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", _server.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(Ct);
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        limit.CancelAfter(ExitWithin);
        try
        {
            await _server.Process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
        {
            Assert.Fail($"the server was still running {ExitWithin.TotalSeconds:0} s after SIGTERM:\n" + string.Join('\n', _output.TakeLast(30)));
        }

        stop.Cancel();
        await Task.WhenAll(uploads);
        TestContext.Current.TestOutputHelper?.WriteLine($"exited {watch.Elapsed.TotalSeconds:0.0} s after SIGTERM, code {_server.Process.ExitCode}");
    }

    public void Dispose()
    {
        _server?.Dispose();
        _store.Dispose();
    }
}
