namespace Policy.OpenApi.Tests;

/// <summary>
/// openapi-typescript turns docs/openapi.json into types, and the sample client
/// (tools/openapi/sample/client.ts: check, batch, reviews) compiles against them with tsc --strict.
/// </summary>
public sealed class TypeScriptClientTests
{
    [Fact]
    public async Task The_sample_client_compiles_with_tsc_strict_against_the_generated_types()
    {
        var schema = Path.Combine(Tools.NpmTools, "sample", "schema.d.ts");
        var (generated, generation) = await Tools.Run(Tools.Npm("openapi-typescript"), $"\"{Tools.Document}\" --output \"{schema}\"", Tools.NpmTools);
        Assert.True(generated == 0, "openapi-typescript failed:\n" + generation);
        Assert.Contains("\"/api/v1/checks\"", await File.ReadAllTextAsync(schema, TestContext.Current.CancellationToken), StringComparison.Ordinal);

        var (compiled, output) = await Tools.Run(Tools.Npm("tsc"), "-p sample --pretty false", Tools.NpmTools);
        Assert.True(compiled == 0, "tsc --strict found errors in tools/openapi/sample/client.ts:\n" + output);
    }
}
