using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Policy.Api.Tests;

public sealed class CheckApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = factory.ClientAs("employee");

    private async Task<JsonObject> CheckAsync(object body)
    {
        var response = await _client.PostAsJsonAsync("/api/v1/checks", body, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!;
    }

    [Fact]
    public async Task A_clean_post_is_allowed_with_pack_and_check_id()
    {
        var result = await CheckAsync(new { text = "Schönen Feierabend zusammen, bis morgen!", account = new { kind = "private" } });
        Assert.Equal("allow", (string?)result["decision"]);
        Assert.Empty(result["findings"]!.AsArray());
        Assert.Equal("social-media-guideline", (string?)result["pack"]!["id"]);
        Assert.Matches("^[0-9a-f]{64}$", (string?)result["pack"]!["sha256"]);
        Assert.True(Guid.TryParse((string?)result["checkId"], out var id) && id != Guid.Empty);
    }

    [Fact]
    public async Task A_password_blocks_and_is_never_echoed()
    {
        const string text = "Der neue Zugang fürs Lager-WLAN: Passwort lautet Blaubeere#77";
        var response = await _client.PostAsJsonAsync("/api/v1/checks", new { text }, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("Blaubeere#77", body, StringComparison.Ordinal);
        var result = JsonNode.Parse(body)!.AsObject();
        Assert.Equal("block", (string?)result["decision"]);
        var finding = result["findings"]!.AsArray().First(f => (string?)f!["category"] == "credential")!;
        var start = (int)finding["span"]!["start"]!;
        var length = (int)finding["span"]!["length"]!;
        Assert.Contains("Blaubeere#77", text.Substring(start, length), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty((string?)finding["section"]!["title"]));
        Assert.False(string.IsNullOrEmpty((string?)finding["suggestion"]));
    }

    [Fact]
    public async Task Messages_follow_the_requested_language()
    {
        const string text = "Das ist streng vertraulich.";
        var de = await CheckAsync(new { text, language = "de" });
        var en = await CheckAsync(new { text, language = "en" });
        Assert.NotEqual((string?)de["findings"]![0]!["message"], (string?)en["findings"]![0]!["message"]);
        Assert.Equal("en", (string?)en["language"]);
    }

    [Theory]
    [InlineData("""{"text":""}""", "text")]
    [InlineData("""{"text":"   "}""", "text")]
    [InlineData("""{}""", "text")]
    [InlineData("""{"text":"hi","language":"fr"}""", "language")]
    [InlineData("""{"text":"hi","account":{"kind":"company"}}""", "account.kind")]
    [InlineData("""{"text":"hi","attachments":[{"fileName":"a.jpg","mediaType":"image/jpeg","license":"stolen"}]}""", "attachments[0].license")]
    [InlineData("""{"text":"hi","attachments":[{"fileName":"a.jpg","mediaType":"image/jpeg","gps":{"lat":123,"lon":0}}]}""", "attachments[0].gps.lat")]
    public async Task Invalid_requests_get_problem_details_naming_the_field(string json, string field)
    {
        var response = await _client.PostAsync("/api/v1/checks", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken);
        Assert.True(problem!["errors"]!.AsObject().ContainsKey(field), $"errors do not name {field}: {problem}");
    }

    [Fact]
    public async Task A_text_over_ten_thousand_characters_is_refused()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/checks", new { text = new string('a', 10_001) }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var ok = await _client.PostAsJsonAsync("/api/v1/checks", new { text = new string('a', 10_000) }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Malformed_json_is_a_problem_not_a_crash()
    {
        var response = await _client.PostAsync("/api/v1/checks", new StringContent("{\"text\": ", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Batch_answers_in_order_and_masks_secrets()
    {
        var response = await _client.PostAsJsonAsync(
            "/api/v1/checks/batch",
            new { items = new object[] { new { text = "Hallo Welt" }, new { text = "pw: Sonne123!" } } },
            TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("Sonne123!", body, StringComparison.Ordinal);
        var items = JsonNode.Parse(body)!["items"]!.AsArray();
        Assert.Equal(["allow", "block"], items.Select(i => (string?)i!["decision"]));
        Assert.NotEqual((string?)items[0]!["checkId"], (string?)items[1]!["checkId"]);
    }

    [Fact]
    public async Task Batch_refuses_more_than_a_thousand_drafts_and_names_the_bad_item()
    {
        var tooMany = Enumerable.Range(0, 1001).Select(_ => new { text = "x" }).ToArray();
        var response = await _client.PostAsJsonAsync("/api/v1/checks/batch", new { items = tooMany }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);

        var bad = await _client.PostAsJsonAsync("/api/v1/checks/batch", new { items = new object[] { new { text = "ok" }, new { text = "" } } }, TestContext.Current.CancellationToken);
        var problem = await bad.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken);
        Assert.True(problem!["errors"]!.AsObject().ContainsKey("items[1].text"), problem.ToJsonString());
    }

    [Fact]
    public async Task Checking_requires_a_valid_key()
    {
        var anonymous = factory.CreateClient();
        var response = await anonymous.PostAsJsonAsync("/api/v1/checks", new { text = "Hallo" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        anonymous.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "pk_not_a_key");
        response = await anonymous.PostAsJsonAsync("/api/v1/checks", new { text = "Hallo" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task OpenApi_swagger_and_health_are_served()
    {
        var openApi = await _client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        using var doc = JsonDocument.Parse(openApi);
        Assert.True(doc.RootElement.GetProperty("paths").TryGetProperty("/api/v1/checks", out _));
        Assert.True(doc.RootElement.GetProperty("paths").TryGetProperty("/api/v1/checks/batch", out _));

        var swagger = await _client.GetAsync("/swagger/index.html", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, swagger.StatusCode);

        var health = await _client.GetFromJsonAsync<JsonObject>("/health", TestContext.Current.CancellationToken);
        Assert.Equal("Healthy", (string?)health!["status"]);
        var details = await factory.ClientWithKey(ApiFactory.AdminKey).GetFromJsonAsync<JsonObject>("/health/details", TestContext.Current.CancellationToken);
        Assert.Equal("social-media-guideline", (string?)details!["checks"]!["pack"]!["data"]!["pack"]);
    }
}
