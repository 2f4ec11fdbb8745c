using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;

namespace Policy.Api.Tests.Decisions;

/// <summary>
/// The real API as its own process, killed (SIGKILL) in the middle of a burst of checks: every
/// checkId a client received with 200 must be in the decision log afterwards.
/// </summary>
public sealed class DecisionDurabilityTests : IDisposable
{
    private const string AdminKey = "pk_kill_test_admin_key_0123456789";
    private const int Clients = 8;

    private readonly TestBackend _store = TestBackend.Create();
    private readonly List<ApiProcess> _servers = [];
    private readonly ConcurrentQueue<string> _output = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_answered_check_survives_kill_9_and_the_server_restarts_on_the_same_data()
    {
        var server = await StartServer();
        using var admin = server.Client(AdminKey);
        var created = await admin.PostAsJsonAsync("/api/v1/keys", new { personId = "kim", displayName = "Kim", email = "kim@example.org", roles = new[] { "employee" } }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var employeeKey = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["key"]!;

        var answered = new ConcurrentBag<string>();
        var failures = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        stop.CancelAfter(TimeSpan.FromSeconds(2));
        var burst = Enumerable.Range(0, Clients).Select(n => Task.Run(
            async () =>
            {
                using var client = server.Client(employeeKey);
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    try
                    {
                        if (n == 0)
                        {
                            // One client sends batches: a batch is one transaction.
                            var batch = await client.PostAsJsonAsync("/api/v1/checks/batch", new { items = Enumerable.Range(0, 5).Select(k => new { text = $"Batch {i}.{k}: Passwort lautet Blaubeere#{k}" }) }, stop.Token);
                            if (batch.StatusCode == HttpStatusCode.OK)
                            {
                                foreach (var item in (await batch.Content.ReadFromJsonAsync<JsonObject>(stop.Token))!["items"]!.AsArray())
                                {
                                    answered.Add((string)item!["checkId"]!);
                                }
                            }

                            continue;
                        }

                        var response = await client.PostAsJsonAsync("/api/v1/checks", new { text = $"Client {n}, Entwurf {i}: das ist streng vertraulich." }, stop.Token);
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            // Only a body read in full counts as answered.
                            answered.Add((string)(await response.Content.ReadFromJsonAsync<JsonObject>(stop.Token))!["checkId"]!);
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException or System.Text.Json.JsonException)
                    {
                        Interlocked.Increment(ref failures);
                        if (server.HasExited)
                        {
                            return;
                        }
                    }
                }
            },
            Ct)).ToList();

        // Kill in the middle of the burst: once a good number of checks has been answered (a busy
        // machine may need longer than a second to get there), but while clients are still sending.
        var burstStarted = DateTime.UtcNow;
        while (answered.Count < 200 && DateTime.UtcNow - burstStarted < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(50, Ct);
        }

        var answeredBeforeKill = answered.Count;
        await server.KillAsync();
        await Task.WhenAll(burst);

        Assert.True(answeredBeforeKill > 0, "no check was answered before the kill");
        var ids = answered.ToHashSet(StringComparer.Ordinal);
        Assert.Equal(answered.Count, ids.Count);

        long rows;
        using (var db = _store.Open())
        {
            if (!_store.IsPostgres)
            {
                Assert.Equal("ok", db.ExecuteScalar<string>("PRAGMA integrity_check"));
            }

            var stored = db.Query<string>("SELECT check_id FROM decisions").ToHashSet(StringComparer.Ordinal);
            rows = stored.Count;
            var missing = ids.Where(id => !stored.Contains(id)).ToList();
            Assert.True(missing.Count == 0, $"{missing.Count} of {ids.Count} answered checks are missing from the log, e.g. {missing.FirstOrDefault()}");
            Assert.Empty(db.Query<string>("SELECT text_hash FROM decisions WHERE length(text_hash) <> 64"));
        }

        // Same store: the server starts again and serves.
        var again = await StartServer();
        using var employee = again.Client(employeeKey);
        var mine = (await employee.GetFromJsonAsync<JsonObject>("/api/v1/decisions/mine?limit=1", Ct))!;
        Assert.Single(mine["items"]!.AsArray());
        var after = await employee.PostAsJsonAsync("/api/v1/checks", new { text = "Nach dem Neustart" }, Ct);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);

        foreach (var probe in new[] { "Blaubeere", "vertraulich", "Entwurf", "Neustart" })
        {
            Assert.DoesNotContain(_output, line => line.Contains(probe, StringComparison.OrdinalIgnoreCase));
        }

        Assert.Contains(_output, line => line.Contains("Request starting", StringComparison.Ordinal)); // Trace logging was on

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"kill -9: {Clients} clients, {answeredBeforeKill} checks answered when killed mid-burst, {ids.Count} answered in total, "
            + $"{rows} rows in the log, all answered found; {failures} requests failed by the kill; integrity ok; restart ok; {_output.Count} server log lines at Trace level hold no draft text");
    }

    private async Task<ApiProcess> StartServer()
    {
        var server = await ApiProcess.StartAsync(
            _store.Settings().Append(new("Policy:Identity:BootstrapAdminKey", AdminKey)), _output, traceLogging: true);
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
