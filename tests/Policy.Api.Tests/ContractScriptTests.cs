using System.Diagnostics;

namespace Policy.Api.Tests;

/// <summary>
/// Runs the integrations' wire-contract script (../shared/contract/check-api.py) against the real
/// server on a loopback port, so the contract is checked on every test run, not only by hand.
/// </summary>
public sealed class ContractScriptTests
{
    [Fact]
    public async Task The_shared_contract_script_passes_against_a_real_server()
    {
        var script = Path.Combine(SharedPaths.Shared, "contract", "check-api.py");
        Assert.True(File.Exists(script), $"contract script not found at {script}");

        await using var factory = new ApiFactory();
        factory.UseKestrel(0);
        factory.StartServer();
        var url = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');

        var key = factory.NewKey("employee");
        var psi = new ProcessStartInfo("python3", [script, url, "--key", key])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(psi)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(process.ExitCode == 0, $"contract script failed against {url}:\n{output}\n{errors}");
        Assert.Contains(" 0 failed", output, StringComparison.Ordinal);
    }
}
