using System.Net.Http.Headers;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Policy.OpenApi.Tests.Client;
using Policy.OpenApi.Tests.Client.Models;

namespace Policy.OpenApi.Tests;

/// <summary>
/// The C# client Kiota generates from docs/openapi.json (committed under Client/ and compiled with
/// this project) is what Kiota generates today, and works against the real server on a loopback port.
/// </summary>
public sealed class KiotaClientTests : IAsyncLifetime
{
    public const string Generate = "dotnet kiota generate -l CSharp -d docs/openapi.json -o tests/Policy.OpenApi.Tests/Client -c PolicyApiClient -n Policy.OpenApi.Tests.Client --exclude-backward-compatible --clean-output";

    private readonly ApiHost _api = new();
    private HttpClient _http = null!;
    private PolicyApiClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _api.UseKestrel(0);
        _api.StartServer();
        _http = new HttpClient();
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiHost.AdminKey);
        var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: _http)
        {
            BaseUrl = _api.ClientOptions.BaseAddress.ToString().TrimEnd('/'),
        };
        _client = new PolicyApiClient(adapter);
        await Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task The_committed_client_is_what_kiota_generates_from_the_document()
    {
        var output = Directory.CreateTempSubdirectory("policy-kiota-").FullName;
        try
        {
            var arguments = Generate.Replace("dotnet ", string.Empty, StringComparison.Ordinal)
                .Replace("tests/Policy.OpenApi.Tests/Client", output, StringComparison.Ordinal) + " --log-level Error";
            var (exit, log) = await Tools.Run("dotnet", arguments, Tools.Root, new Dictionary<string, string> { ["KIOTA_OFFLINE_ENABLED"] = "true", ["KIOTA_UPDATE_DISABLED"] = "true", ["KIOTA_UPDATE__DISABLED"] = "true" });
            if (exit != 0 && log.Contains("kiota", StringComparison.OrdinalIgnoreCase) && log.Contains("not found", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail("Kiota is not installed: dotnet tool restore\n" + log);
            }

            Assert.True(exit == 0, "kiota generate failed:\n" + log);
            var committed = Path.Combine(Tools.Root, "tests", "Policy.OpenApi.Tests", "Client");
            var expected = Files(output);
            var actual = Files(committed);
            Assert.True(expected.Keys.Order().SequenceEqual(actual.Keys.Order()), $"The generated files differ from Client/. Refresh with: {Generate}");
            foreach (var (name, text) in expected)
            {
                Assert.True(text == actual[name], $"Client/{name} differs from what Kiota generates. Refresh with: {Generate}");
            }
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public async Task The_generated_client_checks_a_draft_and_a_batch()
    {
        // As the README sends it: no language, no attachments, no replyTo.
        var answer = await _client.Api.V1.Checks.PostAsync(new CheckRequestDto
        {
            Text = "Der neue Zugang fürs Lager-WLAN: Passwort lautet Blaubeere#77",
            Account = new AccountDto { Kind = AccountDto_kind.Private },
        }, cancellationToken: Ct);
        Assert.NotNull(answer);
        Assert.Equal(CheckResponse_decision.Block, answer.Decision);
        var finding = Assert.Single(answer.Findings!, f => f.Category == "credential");
        Assert.Equal(FindingDto_severity.Block, finding.Severity);
        Assert.InRange(finding.Span!.Start!.Value, 0, 60);
        Assert.DoesNotContain("Blaubeere#77", finding.Evidence, StringComparison.Ordinal);

        var batch = await _client.Api.V1.Checks.Batch.PostAsync(new BatchRequestDto
        {
            Items = [new CheckRequestDto { Text = "Schönen Feierabend zusammen!" }, new CheckRequestDto { Text = "Passwort: Blaubeere#77", Language = CheckRequestDto_language.De }],
        }, cancellationToken: Ct);
        Assert.Equal(2, batch!.Items!.Count);
        Assert.Equal(CheckResponse_decision.Block, batch.Items[1].Decision);
    }

    [Fact]
    public async Task The_generated_client_asks_for_reviews_and_reads_problem_details()
    {
        Assert.Empty((await _client.Api.V1.Reviews.Mine.GetAsync(cancellationToken: Ct))!);

        // A check that is not the caller's: 404 as problem+json, which the client raises as ProblemDetails.
        var refused = await Assert.ThrowsAsync<ProblemDetails>(() => _client.Api.V1.Reviews.PostAsync(
            new ReviewRequestDto { CheckId = Guid.NewGuid(), ShareText = false }, cancellationToken: Ct));
        Assert.Equal(404, refused.ResponseStatusCode);
        Assert.False(string.IsNullOrEmpty(refused.Title));

        var queue = await _client.Api.V1.Reviews.Queue.GetAsync(cancellationToken: Ct);
        Assert.NotNull(queue);
    }

    private static Dictionary<string, string> Files(string root) =>
        Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), f => File.ReadAllText(f).ReplaceLineEndings("\n"), StringComparer.Ordinal);
}
