using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Policy.Api.OpenApi;

namespace Policy.OpenApi.Tests;

/// <summary>
/// The served document: the same as the committed docs/openapi.json (so every change to it is
/// reviewed), every operation described, error answers that match what the server does, and types
/// a generated client can use.
/// </summary>
public sealed class DocumentTests(ApiHost api) : IClassFixture<ApiHost>
{
    public const string RefreshCommand = "POLICY_UPDATE_OPENAPI=1 dotnet test --project tests/Policy.OpenApi.Tests -- --filter-method \"*Served_document_is_the_committed_one\"";

    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Served_document_is_the_committed_one()
    {
        using var client = api.CreateClient();
        // A host of the caller's must not end up in the document (no 'servers' from the request).
        client.DefaultRequestHeaders.Host = "integrator.example:8443";
        var served = await client.GetStringAsync(ApiDocument.Path, Ct);
        Assert.DoesNotContain("integrator.example", served, StringComparison.Ordinal);

        var pretty = JsonNode.Parse(served)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
        if (Environment.GetEnvironmentVariable("POLICY_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(Tools.Document, pretty, Ct);
        }

        var committed = File.Exists(Tools.Document) ? await File.ReadAllTextAsync(Tools.Document, Ct) : string.Empty;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(served), committed.Length > 0 ? JsonNode.Parse(committed) : null),
            $"The served OpenAPI document differs from docs/openapi.json. Review the change and refresh it with: {RefreshCommand}");
    }

    [Fact]
    public async Task Every_operation_has_an_id_summary_description_and_described_tags()
    {
        var document = await Document();
        var tags = document["tags"]!.AsArray().ToDictionary(t => (string)t!["name"]!, t => (string?)t!["description"]);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, method, operation) in Operations(document))
        {
            var where = $"{method.ToUpperInvariant()} {path}";
            keys.Add(where);
            Assert.True(ids.Add((string?)operation["operationId"] ?? string.Empty), $"{where}: operationId missing or not unique");
            Assert.False(string.IsNullOrWhiteSpace((string?)operation["summary"]), $"{where}: no summary");
            Assert.False(string.IsNullOrWhiteSpace((string?)operation["description"]), $"{where}: no description");
            var tag = (string?)operation["tags"]?[0];
            Assert.True(tag is not null && !string.IsNullOrWhiteSpace(tags.GetValueOrDefault(tag)), $"{where}: tag '{tag}' has no description");
        }

        // The table of texts names exactly the operations there are (no leftovers of removed ones).
        Assert.Equal(keys.Order(StringComparer.Ordinal), ApiOperations.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Secured_operations_document_401_and_429_and_role_limited_ones_403_as_the_server_answers()
    {
        var document = await Document();
        Assert.Equal("bearer", (string?)document["components"]!["securitySchemes"]![DocumentDescription.KeyScheme]!["scheme"]);
        Assert.False(document["components"]!["securitySchemes"]!.AsObject().ContainsKey("oidc"));

        using var employee = api.CreateClient();
        employee.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await EmployeeKey());
        using var anonymous = api.CreateClient();
        var probed = 0;
        foreach (var (path, method, operation) in Operations(document))
        {
            var responses = operation["responses"]!.AsObject();
            var schemes = operation["security"]!.AsArray().Select(s => s!.AsObject().Single().Key).ToList();
            Assert.Equal([DocumentDescription.KeyScheme], schemes);
            foreach (var status in new[] { "401", "429" })
            {
                Assert.True(responses[status]?["content"]?["application/problem+json"] is not null, $"{method} {path}: {status} not documented as problem+json");
            }

            Assert.True(responses["429"]!["headers"]?["Retry-After"] is not null, $"{method} {path}: 429 without Retry-After");

            // What the document says about 403 is what an employee gets (GETs without path parameters).
            if (method == "get" && !path.Contains('{', StringComparison.Ordinal))
            {
                using var answer = await employee.GetAsync(path, Ct);
                Assert.Equal(responses.ContainsKey("403"), answer.StatusCode == HttpStatusCode.Forbidden);
                using var nobody = await anonymous.GetAsync(path, Ct);
                Assert.Equal(HttpStatusCode.Unauthorized, nobody.StatusCode);
                probed++;
            }
        }

        Assert.True(probed > 20, $"only {probed} operations probed");
    }

    [Fact]
    public async Task Integers_are_integers_closed_vocabularies_are_enums_and_optional_request_fields_are_optional()
    {
        var document = await Document();
        var schemas = document["components"]!["schemas"]!.AsObject();
        foreach (var node in Descendants(document))
        {
            if (node["type"] is JsonArray types)
            {
                var names = types.Select(t => (string?)t).ToList();
                Assert.False(names.Contains("string") && (names.Contains("integer") || names.Contains("number")), $"number typed as string too: {node.ToJsonString()}");
            }
        }

        Assert.Equal(["allow", "info", "warn", "review", "block"], Enum(schemas, "CheckResponse", "decision"));
        Assert.Equal(["allow", "info", "warn", "review", "block"], Enum(schemas, "FindingDto", "severity"));
        Assert.Equal(["de", "en", "auto"], Enum(schemas, "CheckRequestDto", "language"));
        Assert.Equal(["private", "corporate"], Enum(schemas, "AccountDto", "kind"));
        Assert.Equal(["own", "licensed", "unknown"], Enum(schemas, "AttachmentDto", "license"));
        Assert.Equal(["company", "employee", "disputed"], Enum(schemas, "OverrideRequest", "verdict"));
        Assert.Equal("integer", (string?)schemas["SpanDto"]!["properties"]!["start"]!["type"]);

        // The README's request: only 'text' is required; nothing in it is null-able.
        var check = schemas["CheckRequestDto"]!;
        Assert.Equal(["text"], check["required"]!.AsArray().Select(r => (string?)r));
        foreach (var (name, property) in check["properties"]!.AsObject())
        {
            Assert.False(property!.ToJsonString().Contains("\"null\"", StringComparison.Ordinal), $"CheckRequestDto.{name} is null-able");
        }

        Assert.Empty(schemas["AccountDto"]!["required"]?.AsArray() ?? []);

        var example = document["paths"]!["/api/v1/checks"]!["post"]!["requestBody"]!["content"]!["application/json"]!["example"]!;
        Assert.False(string.IsNullOrEmpty((string?)example["text"]));
        var answer = document["paths"]!["/api/v1/checks"]!["post"]!["responses"]!["200"]!["content"]!["application/json"]!["example"]!;
        Assert.Equal("block", (string?)answer["decision"]);
        Assert.DoesNotContain("Blaubeere#77", answer.ToJsonString(), StringComparison.Ordinal);
    }

    private static List<string?> Enum(JsonObject schemas, string schema, string property) =>
        [.. schemas[schema]!["properties"]![property]!["enum"]!.AsArray().Select(v => (string?)v)];

    private async Task<string> EmployeeKey()
    {
        using var admin = api.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiHost.AdminKey);
        using var created = await admin.PostAsync("/api/v1/keys", JsonContent(new { personId = "emp-" + Guid.NewGuid().ToString("N")[..8], displayName = "Erika", email = "erika@example.org", roles = new[] { "employee" } }), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (string)JsonNode.Parse(await created.Content.ReadAsStringAsync(Ct))!["key"]!;
    }

    private static StringContent JsonContent(object value) =>
        new(JsonSerializer.Serialize(value), System.Text.Encoding.UTF8, "application/json");

    private async Task<JsonObject> Document()
    {
        using var client = api.CreateClient();
        return JsonNode.Parse(await client.GetStringAsync(ApiDocument.Path, Ct))!.AsObject();
    }

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonObject document) =>
        from path in document["paths"]!.AsObject()
        from method in path.Value!.AsObject()
        where Methods.Contains(method.Key)
        select (path.Key, method.Key, method.Value!.AsObject());

    private static IEnumerable<JsonObject> Descendants(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                yield return o;
                foreach (var child in o.Select(p => p.Value).OfType<JsonNode>().SelectMany(Descendants))
                {
                    yield return child;
                }

                break;
            case JsonArray a:
                foreach (var child in a.OfType<JsonNode>().SelectMany(Descendants))
                {
                    yield return child;
                }

                break;
        }
    }
}
