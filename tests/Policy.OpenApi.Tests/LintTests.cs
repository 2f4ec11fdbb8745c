using System.Text.RegularExpressions;

namespace Policy.OpenApi.Tests;

/// <summary>
/// docs/openapi.json passes Redocly CLI (tools/openapi/redocly.yaml) and Spectral's OpenAPI ruleset
/// (tools/openapi/.spectral.yaml) without errors; the counts are in the test output.
/// </summary>
public sealed partial class LintTests
{
    [Fact]
    public async Task Redocly_finds_no_errors()
    {
        var (exit, output) = await Tools.Run(Tools.Npm("redocly"), $"lint \"{Tools.Document}\" --config redocly.yaml --format stylish", Tools.NpmTools);
        var valid = output.Contains("Your API description is valid", StringComparison.Ordinal);
        var failed = RedoclyErrors().Match(output);
        Assert.True(exit == 0 && valid && !failed.Success, $"redocly lint: exit {exit}\n{output}");
    }

    [Fact]
    public async Task Spectral_finds_no_errors()
    {
        var (exit, output) = await Tools.Run(Tools.Npm("spectral"), $"lint \"{Tools.Document}\" --ruleset .spectral.yaml --fail-severity error --format text", Tools.NpmTools);
        Assert.True(exit == 0, $"spectral lint: exit {exit}\n{output}");
        Assert.DoesNotMatch(@"\berror\b\s+oas", output);
    }

    [GeneratedRegex(@"failed with (\d+) errors?")]
    private static partial Regex RedoclyErrors();
}
