using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Policy.Api.Tests.Identity;

/// <summary>
/// An installation never ends up without an admin: the last active admin key cannot be revoked,
/// and an operator on the machine can always issue a new one, audited.
/// </summary>
public sealed partial class AdminKeyRecoveryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_last_active_admin_key_cannot_be_revoked_until_there_is_another()
    {
        await using var factory = new ApiFactory();
        using var admin = factory.ClientWithKey(ApiFactory.AdminKey);
        var first = (await admin.GetFromJsonAsync<JsonArray>("/api/v1/keys", Ct))!.Single(k => ((JsonArray)k!["roles"]!).Any(r => (string?)r == "admin"));

        using var refused = await admin.DeleteAsync($"/api/v1/keys/{first!["id"]}", Ct);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/keys", Ct)).StatusCode);

        factory.NewKey("admin");
        using var revoked = await admin.DeleteAsync($"/api/v1/keys/{first["id"]}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.GetAsync("/api/v1/keys", Ct)).StatusCode);
    }

    [Fact]
    public async Task An_operator_issues_a_new_admin_key_on_the_machine_and_it_is_audited()
    {
        using var backend = TestBackend.Create();
        var settings = backend.Settings().Append(new("Policy:Identity:BootstrapAdminKey", ApiFactory.AdminKey)).ToList();
        using (var first = await ApiProcess.StartAsync(settings))
        {
            // The installation is in use: its admin key exists, so the bootstrap setting no longer applies.
            using var admin = first.Client(ApiFactory.AdminKey);
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/keys", Ct)).StatusCode);
        }

        var (exitCode, output) = await RunToEnd(["recover-admin-key", .. settings.SelectMany(s => new[] { "--" + s.Key, s.Value })]);

        Assert.True(exitCode == 0, output);
        var key = IssuedKey().Match(output);
        Assert.True(key.Success, "no key in: " + output);
        using var server = await ApiProcess.StartAsync(settings);
        using var recovered = server.Client(key.Value);
        var keys = await recovered.GetFromJsonAsync<JsonArray>("/api/v1/keys", Ct);
        Assert.Equal(2, keys!.Count(k => ((JsonArray)k!["roles"]!).Any(r => (string?)r == "admin")));
        var audit = await recovered.GetFromJsonAsync<JsonArray>("/api/v1/audit?limit=1000", Ct);
        Assert.Contains(audit!, e => (string?)e!["action"] == "key.created" && ((string?)e["actor"])!.StartsWith("operator:recover-admin-key@", StringComparison.Ordinal));
        Assert.True((bool)(await recovered.GetFromJsonAsync<JsonObject>("/api/v1/audit/verify", Ct))!["intact"]!);
    }

    private static async Task<(int ExitCode, string Output)> RunToEnd(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Policy.Api.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(60), Ct);
        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"pk_[A-Za-z0-9_-]{20,}")]
    private static partial Regex IssuedKey();
}
