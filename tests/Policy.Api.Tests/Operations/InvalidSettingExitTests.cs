using System.Diagnostics;

namespace Policy.Api.Tests.Operations;

/// <summary>The real process with a bad setting: one line on stderr naming it, exit code 1, no stack trace.</summary>
public sealed class InvalidSettingExitTests
{
    [Theory]
    [InlineData("Policy:RateLimits:ChecksPerPerson", "0", "Policy:RateLimits:ChecksPerPerson must be between")]
    [InlineData("Policy:Decisions:RetentionDays", "many", "Policy:Decisions:RetentionDays")]
    [InlineData("Policy:Engine:Budget", "01:00:00", "Policy:Engine:Budget")]
    [InlineData("Policy:Reviews:ExpireAfter", "00:00:10", "Policy:Reviews:ExpireAfter must be between")]
    [InlineData("Policy:Telemetry:TraceSampleRatio", "2", "Policy:Telemetry:TraceSampleRatio must be between 0 and 1")]
    public async Task An_invalid_setting_ends_the_start_with_one_line_and_exit_code_1(string setting, string value, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        var data = Directory.CreateTempSubdirectory("policy-invalid-setting-");
        try
        {
            var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet")
            {
                WorkingDirectory = AppContext.BaseDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Policy.Api.dll"), "--urls", "http://127.0.0.1:0", "--Policy:Storage:DataDirectory", data.FullName, "--" + setting, value })
            {
                info.ArgumentList.Add(arg);
            }

            info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);

            Assert.Equal(1, process.ExitCode);
            var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var line = Assert.Single(lines);
            Assert.StartsWith("Policy did not start, invalid setting: ", line, StringComparison.Ordinal);
            Assert.Contains(expected, line, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", await stdout + line, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled exception", await stdout, StringComparison.Ordinal);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
