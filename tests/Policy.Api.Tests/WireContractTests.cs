using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Policy.Api.Tests;

/// <summary>
/// The wire contract of <c>POST /api/v1/checks</c>, <c>/batch</c> and <c>/openapi/v1.json</c> that
/// integrations and the detection evaluation rely on, checked against the real server on a loopback
/// port (Kestrel, not the in-memory test server), on raw JSON rather than our own DTOs, so a renamed
/// or retyped field fails here even when both ends of our code agree. It covers what the
/// integrators' contract script checks: decision bands, finding shape, spans inside the text, masked
/// secrets, problem+json naming the field, batch shapes and the OpenAPI document.
/// </summary>
public sealed class WireContractTests : IAsyncLifetime
{
    private static readonly string[] Decisions = ["allow", "info", "warn", "review", "block"];
    private static readonly string[] FindingFields = ["ruleId", "category", "severity", "section", "span", "evidence", "message", "suggestion"];

    private readonly ApiFactory _factory = new();
    private HttpClient _client = null!;

    public ValueTask InitializeAsync()
    {
        _factory.UseKestrel(0);
        _factory.StartServer();
        _client = new HttpClient { BaseAddress = _factory.ClientOptions.BaseAddress };
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _factory.NewKey("employee"));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    public static TheoryData<string, string, string, string, string?, string?> Examples => new()
    {
        // text, request extras (JSON), lowest, highest decision, category that must be found, secret never echoed
        { "Der neue Zugang fürs Lager-WLAN: Passwort lautet Blaubeere#77", """{"account":{"kind":"private"}}""", "block", "block", "credential", "Blaubeere#77" },
        { "Schönen Feierabend zusammen, bis morgen!", """{"account":{"kind":"private"}}""", "allow", "info", null, null },
        { "Bitte schickt die Rechnung an DE89 3704 0044 0532 0130 00.", """{"account":{"kind":"private"}}""", "warn", "block", "pii", "DE89 3704 0044 0532 0130 00" },
        { "Sorry for the wait! Please DM us your order number and we'll look into it.", """{"account":{"kind":"corporate"},"replyTo":{"isComplaint":true}}""", "allow", "review", null, null },
        { "Blick aus dem Büro heute 🌇", """{"account":{"kind":"private"},"attachments":[{"fileName":"IMG_1.jpg","mediaType":"image/jpeg","license":"own","gps":{"lat":48.137,"lon":11.575}}]}""", "info", "block", "location", null },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task A_check_answers_the_documented_shape(string text, string extras, string lowest, string highest, string? category, string? secret)
    {
        var request = JsonNode.Parse(extras)!.AsObject();
        request["text"] = text;

        var (status, _, body) = await Post("/api/v1/checks", request.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, status);
        var answer = JsonNode.Parse(body)!.AsObject();
        var decision = (string)answer["decision"]!;
        Assert.InRange(Array.IndexOf(Decisions, decision), Array.IndexOf(Decisions, lowest), Array.IndexOf(Decisions, highest));
        Assert.True(Guid.TryParse((string?)answer["checkId"], out _), "checkId is a UUID");
        var pack = answer["pack"]!.AsObject();
        foreach (var field in new[] { "id", "version", "sha256" })
        {
            Assert.False(string.IsNullOrEmpty((string?)pack[field]), $"pack.{field} is set");
        }

        var findings = answer["findings"]!.AsArray();
        foreach (var finding in findings.Select(f => f!.AsObject()))
        {
            AssertFindingShape(finding, text);
        }

        if (category is not null)
        {
            Assert.Contains(category, findings.Select(f => (string?)f!["category"]));
        }

        if (secret is not null)
        {
            Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_empty_text_is_a_problem_naming_the_field()
    {
        var (status, type, body) = await Post("/api/v1/checks", """{"text":""}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", type);
        var errors = JsonNode.Parse(body)!["errors"]!.AsObject();
        Assert.Contains(errors, e => e.Key.Equals("text", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_wrong_account_kind_is_a_problem_naming_the_field()
    {
        var (status, type, body) = await Post("/api/v1/checks", """{"text":"Hallo","account":{"kind":"firma"}}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", type);
        Assert.Contains(JsonNode.Parse(body)!["errors"]!.AsObject(), e => e.Key.Contains("kind", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_batch_answers_one_result_per_draft_in_order_and_masks_secrets()
    {
        var (status, _, body) = await Post("/api/v1/checks/batch",
            """{"items":[{"text":"Hallo Welt","account":{"kind":"private"}},{"text":"pw: Sonne123!","account":{"kind":"private"}}]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("Sonne123!", body, StringComparison.Ordinal);
        var items = JsonNode.Parse(body)!["items"]!.AsArray();
        Assert.Equal(2, items.Count);
        Assert.Equal("allow", (string?)items[0]!["decision"]);
        Assert.Equal("block", (string?)items[1]!["decision"]);
        foreach (var finding in items[1]!["findings"]!.AsArray())
        {
            AssertFindingShape(finding!.AsObject(), "pw: Sonne123!");
        }
    }

    [Fact]
    public async Task The_openapi_document_describes_the_check_endpoints()
    {
        using var response = await _client.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var paths = doc.RootElement.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/v1/checks").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/v1/checks/batch").TryGetProperty("post", out _));
    }

    private static void AssertFindingShape(JsonObject finding, string text)
    {
        foreach (var field in FindingFields)
        {
            Assert.True(finding.ContainsKey(field), $"finding lacks {field}: {finding.ToJsonString()}");
        }

        Assert.Contains((string?)finding["severity"], Decisions);
        var span = finding["span"]!.AsObject();
        var start = (int)span["start"]!;
        var length = (int)span["length"]!;
        Assert.InRange(start, 0, text.Length);
        Assert.InRange(start + length, start, text.Length);
        var section = finding["section"]!.AsObject();
        Assert.False(string.IsNullOrEmpty((string?)section["id"]));
        Assert.False(string.IsNullOrEmpty((string?)section["title"]));
    }

    private async Task<(HttpStatusCode Status, string? MediaType, string Body)> Post(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync(path, content, TestContext.Current.CancellationToken);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
