using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Policy.Api.Tests.Hardening;

/// <summary>
/// Issue 16, items 2 and 8: lists are limited while the body is read, null items are named, and
/// every error answer is problem+json with a human detail and no internal type or parameter names,
/// in the Production environment (where the framework's default is an empty 400).
/// </summary>
public sealed class RequestBodyTests : IDisposable
{
    private readonly ApiFactory _root = new();
    private readonly WebApplicationFactory<Program> _factory;
    private readonly HttpClient _employee;
    private readonly HttpClient _admin;

    public RequestBodyTests()
    {
        _factory = _root.WithWebHostBuilder(b => b.UseEnvironment("Production"));
        _employee = Client(_root.NewKey("employee"));
        _admin = Client(ApiFactory.AdminKey);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _factory.Dispose();
        _root.Dispose();
    }

    private HttpClient Client(string key)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<(JsonObject Problem, string Body)> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(status == response.StatusCode, $"{response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]), body);
        // Nothing of the server's insides: no .NET type or parameter names, no framework wording.
        Assert.DoesNotContain("Policy.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Dto", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Implicit body", body, StringComparison.Ordinal);
        return (problem, body);
    }

    private static void Names(JsonObject problem, string field) =>
        Assert.True(problem["errors"]?.AsObject().ContainsKey(field) == true, $"errors do not name {field}: {problem}");

    [Fact]
    public async Task A_batch_stops_at_the_draft_past_the_limit_while_it_is_read()
    {
        // 1,001 drafts, then bytes that are not JSON at all: an answer about the limit (and not about
        // the syntax further on) shows that reading stopped at draft 1,001.
        var body = new StringBuilder("{\"items\":[");
        for (var i = 0; i < 1_001; i++)
        {
            body.Append("{\"text\":\"x\"},");
        }

        body.Append("this is not JSON");
        var (problem, text) = await ProblemAsync(await _employee.PostAsync("/api/v1/checks/batch", Json(body.ToString()), Ct), HttpStatusCode.BadRequest);
        Names(problem, "items");
        Assert.Contains("at most 1,000 drafts", text, StringComparison.Ordinal);
        Assert.Single(problem["errors"]!.AsObject());
    }

    [Fact]
    public async Task A_null_draft_in_a_batch_is_a_400_naming_it()
    {
        var (problem, _) = await ProblemAsync(await _employee.PostAsync("/api/v1/checks/batch", Json("""{"items":[{"text":"Hallo"},null]}"""), Ct), HttpStatusCode.BadRequest);
        Names(problem, "items[1]");
    }

    [Fact]
    public async Task A_null_attachment_is_a_400_naming_it()
    {
        var (problem, _) = await ProblemAsync(await _employee.PostAsync("/api/v1/checks", Json("""{"text":"Hallo","attachments":[null]}"""), Ct), HttpStatusCode.BadRequest);
        Names(problem, "attachments[0]");
    }

    [Fact]
    public async Task Attachments_stop_at_the_one_past_the_limit()
    {
        var items = string.Join(',', Enumerable.Repeat("""{"fileName":"a.jpg","mediaType":"image/jpeg"}""", 11));
        var (problem, _) = await ProblemAsync(
            await _employee.PostAsync("/api/v1/checks/batch", Json($$"""{"items":[{"text":"Hallo","attachments":[{{items}}, this is not JSON"""), Ct),
            HttpStatusCode.BadRequest);
        Names(problem, "items[0].attachments");
    }

    [Fact]
    public async Task An_empty_body_says_a_json_body_is_required()
    {
        var (problem, _) = await ProblemAsync(await _employee.PostAsync("/api/v1/checks", Json(""), Ct), HttpStatusCode.BadRequest);
        Assert.Equal("A JSON body is required.", (string?)problem["title"]);
    }

    [Theory]
    [InlineData("""{"text":5}""", "text")]
    [InlineData("""[]""", "body")]
    [InlineData("""{"text":"hi","account":"corporate"}""", "account")]
    public async Task A_value_of_the_wrong_type_names_the_field_not_the_type(string json, string field)
    {
        var (problem, _) = await ProblemAsync(await _employee.PostAsync("/api/v1/checks", Json(json), Ct), HttpStatusCode.BadRequest);
        Names(problem, field);
    }

    [Fact]
    public async Task Malformed_json_says_where()
    {
        var (problem, _) = await ProblemAsync(await _employee.PostAsync("/api/v1/checks", Json("{\"text\": "), Ct), HttpStatusCode.BadRequest);
        Assert.Contains("line 1", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_value_of_the_wrong_type_names_the_parameter_not_the_body()
    {
        var (problem, text) = await ProblemAsync(await _admin.GetAsync("/api/v1/audit?limit=abc", Ct), HttpStatusCode.BadRequest);
        Names(problem, "limit");
        Assert.Contains("whole number", text, StringComparison.Ordinal);
        Assert.DoesNotContain("body", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_unsupported_media_type_says_what_to_send()
    {
        var (problem, _) = await ProblemAsync(
            await _employee.PostAsync("/api/v1/checks", new StringContent("Hallo", Encoding.UTF8, "text/plain"), Ct),
            HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/no/such/page", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/api/v1/me", HttpStatusCode.MethodNotAllowed)]
    public async Task Answers_with_only_a_status_get_a_detail(string method, string path, HttpStatusCode status) =>
        await ProblemAsync(await _employee.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Ct), status);

    [Fact]
    public async Task Anonymous_and_forbidden_answers_get_a_detail()
    {
        await ProblemAsync(await _factory.CreateClient().GetAsync("/api/v1/me", Ct), HttpStatusCode.Unauthorized);
        await ProblemAsync(await _employee.GetAsync("/api/v1/audit", Ct), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_text_limit_says_it_counts_utf16_code_units()
    {
        // 5,000 emoji are 10,000 UTF-16 code units (allowed); 5,001 are one pair too many.
        var ok = await _employee.PostAsJsonAsync("/api/v1/checks", new { text = string.Concat(Enumerable.Repeat("😀", 5_000)) }, Ct);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var (problem, _) = await ProblemAsync(
            await _employee.PostAsJsonAsync("/api/v1/checks", new { text = string.Concat(Enumerable.Repeat("😀", 5_001)) }, Ct),
            HttpStatusCode.BadRequest);
        Names(problem, "text");
        Assert.Contains("UTF-16 code units", problem["errors"]!["text"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
