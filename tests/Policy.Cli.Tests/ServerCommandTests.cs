using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Policy.Api.Tests;

namespace Policy.Cli.Tests;

/// <summary>
/// <c>policy push</c> and <c>policy activate</c> against the real API on a loopback port (a process
/// of its own, SQLite in a temporary folder), with the HR key in the environment as CI passes it.
/// </summary>
public sealed class ServerCommandTests : IAsyncLifetime
{
    private const string AdminKey = "pk_cli_test_admin_key_0123456789abcdef";

    private readonly TempFolder _data = new();
    private ApiProcess? _server;
    private string _hrKey = string.Empty;

    private ApiProcess Server => _server!;

    public async ValueTask InitializeAsync()
    {
        _server = await ApiProcess.StartAsync([
            new("Policy:Storage:DataDirectory", _data.Path),
            new("Policy:Identity:BootstrapAdminKey", AdminKey),
        ]);
        using var admin = Server.Client(AdminKey);
        var created = await admin.PostAsJsonAsync(
            "/api/v1/keys",
            new { personId = "h.cli", displayName = "Hanna CI", email = "h.cli@example.com", roles = new[] { "hr" } },
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        _hrKey = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["key"]!;
    }

    public ValueTask DisposeAsync()
    {
        _server?.Dispose();
        _data.Dispose();
        return ValueTask.CompletedTask;
    }

    private Task<CliRun> Cli(params string[] args) =>
        CliProcess.RunAsync([.. args, "--server", Server.BaseUrl], new Dictionary<string, string?> { ["POLICY_API_KEY"] = _hrKey });

    private async Task<JsonObject> Packs()
    {
        using var hr = Server.Client(_hrKey);
        return (await hr.GetFromJsonAsync<JsonObject>("/api/v1/packs", TestContext.Current.CancellationToken))!;
    }

    [Fact]
    public async Task Push_then_activate_makes_the_pack_check_drafts_and_repeating_them_changes_nothing()
    {
        using var dir = new TempFolder();
        var pack = dir.Write("company.yaml", TestPacks.Company());

        var push = await Cli("push", pack);
        var again = await Cli("push", pack);
        var activate = await Cli("activate", pack);
        var repeat = await Cli("activate", pack);

        Assert.True(push.ExitCode == 0, push.ToString());
        Assert.StartsWith("stored: test-company 1.0.0", push.Output, StringComparison.Ordinal);
        Assert.Contains("examples 2 passed, 0 failed", push.Output, StringComparison.Ordinal);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.StartsWith("already stored: test-company 1.0.0", again.Output, StringComparison.Ordinal);
        Assert.True(activate.ExitCode == 0, activate.ToString());
        Assert.Contains("activated test-company 1.0.0 (none was active); drafts are checked with test-company 1.0.0", activate.Output, StringComparison.Ordinal);
        Assert.True(repeat.ExitCode == 0, repeat.ToString());
        Assert.Contains("was already active", repeat.Output, StringComparison.Ordinal);

        var packs = await Packs();
        Assert.Equal("test-company", (string?)packs["checkingPack"]);
        Assert.Equal("1.0.0", (string?)packs["checkingVersion"]);
        using var hr = Server.Client(_hrKey);
        var check = await hr.PostAsJsonAsync("/api/v1/checks", new { text = "Heute Kickoff für Projekt Kranich.", account = new { kind = "private" } }, TestContext.Current.CancellationToken);
        var answer = (await check.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!;
        Assert.Equal("test-company", (string?)answer["pack"]!["id"]);
        Assert.Contains(answer["findings"]!.AsArray(), f => (string?)f!["ruleId"] == "confidential.codenames");
    }

    [Fact]
    public async Task Activate_with_a_stale_expected_version_is_refused_with_exit_code_1()
    {
        using var dir = new TempFolder();
        var v1 = dir.Write("v1.yaml", TestPacks.Company());
        var v2 = dir.Write("v2.yaml", TestPacks.Company("1.1.0"));
        Assert.Equal(0, (await Cli("push", v1)).ExitCode);
        Assert.Equal(0, (await Cli("push", v2)).ExitCode);
        Assert.Equal(0, (await Cli("activate", "test-company", "1.0.0")).ExitCode);

        var stale = await Cli("activate", "--expect-none", v2);
        var staleChecking = await Cli("activate", "--expect-active", "1.0.0", "--expect-checking", "social-media-guideline", v2);
        var right = await Cli("activate", "--expect-active", "1.0.0", "--expect-checking", "test-company@1.0.0", v2);

        Assert.True(stale.ExitCode == 1, stale.ToString());
        Assert.Contains("(409)", stale.Error, StringComparison.Ordinal);
        Assert.True(staleChecking.ExitCode == 1, staleChecking.ToString());
        Assert.Contains("The checking pack is not the one you expected.", staleChecking.Error, StringComparison.Ordinal);
        Assert.True(right.ExitCode == 0, right.ToString());
        Assert.Contains("activated test-company 1.1.0 (was 1.0.0)", right.Output, StringComparison.Ordinal);
        Assert.Equal("1.1.0", (string?)(await Packs())["checkingVersion"]);
    }

    [Fact]
    public async Task Push_of_a_pack_that_does_not_load_shows_the_servers_positions_and_exits_2()
    {
        using var dir = new TempFolder();
        var broken = dir.Write("broken.yaml", TestPacks.Company().Replace("expect: allow", "expect: maybe", StringComparison.Ordinal));

        var run = await Cli("push", broken);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("(400)", run.Error, StringComparison.Ordinal);
        Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(broken)}:1[0-9]:\d+: .*maybe", run.Error);
        Assert.DoesNotContain((await Packs())["packs"]!.AsArray(), p => (string?)p!["id"] == "test-company");
    }

    [Fact]
    public async Task Without_a_key_in_the_environment_or_with_a_wrong_one_nothing_is_sent_and_the_exit_code_is_2()
    {
        using var dir = new TempFolder();
        var pack = dir.Write("company.yaml", TestPacks.Company());

        var noKey = await CliProcess.RunAsync(["push", pack, "--server", Server.BaseUrl]);
        var otherVariable = await CliProcess.RunAsync(["push", pack, "--server", Server.BaseUrl, "--key-env", "ACME_POLICY_KEY"], new Dictionary<string, string?> { ["ACME_POLICY_KEY"] = _hrKey });
        var wrongKey = await CliProcess.RunAsync(["push", pack, "--server", Server.BaseUrl], new Dictionary<string, string?> { ["POLICY_API_KEY"] = "pk_wrong_key_wrong_key_wrong_key" });
        var noServer = await CliProcess.RunAsync(["push", pack], new Dictionary<string, string?> { ["POLICY_API_KEY"] = _hrKey });

        Assert.Equal(2, noKey.ExitCode);
        Assert.Contains("POLICY_API_KEY", noKey.Error, StringComparison.Ordinal);
        Assert.True(otherVariable.ExitCode == 0, otherVariable.ToString());
        Assert.Equal(2, wrongKey.ExitCode);
        Assert.Contains("(401)", wrongKey.Error, StringComparison.Ordinal);
        Assert.Equal(2, noServer.ExitCode);
        Assert.Contains("--server URL is required", noServer.Error, StringComparison.Ordinal);
    }
}
