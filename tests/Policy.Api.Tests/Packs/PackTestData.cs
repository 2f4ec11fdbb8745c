using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Policy.Api.Tests.Packs;

/// <summary>Small packs and HTTP helpers for the pack lifecycle tests.</summary>
internal static class PackTestData
{
    public const string BaseId = "social-media-guideline";

    public static string BaseContent { get; } = File.ReadAllText(Path.Combine(SharedPaths.Root, "policies", "social-media-guideline.yaml"));

    public static string BaseVersion { get; } = "2.0.0";

    /// <summary>The shipped base guideline under another version (so checks can tell them apart).</summary>
    public static string BaseAs(string version, string extra = "")
    {
        var content = BaseContent.Replace("\nversion: 2.0.0\n", $"\nversion: {version}\n", StringComparison.Ordinal);
        Assert.NotEqual(BaseContent, content);
        return content + extra;
    }

    /// <summary>A standalone pack: two sections, one terms rule, two examples.</summary>
    public static string Small(
        string version,
        string id = "test-pack",
        string severity = "warn",
        bool withSecondSection = true,
        string extraRules = "",
        string expect = "warn")
    {
        var second = withSecondSection
            ? "  - id: s2\n    title: \"2. Zweiter Abschnitt\"\n    text: Noch ein Abschnitt.\n"
            : string.Empty;
        return $$"""
            id: {{id}}
            version: "{{version}}"
            title: { de: Testrichtlinie, en: Test guideline }
            sections:
              - id: s1
                title: { de: "1. Geheimes", en: "1. Secrets" }
                text: { de: Geheimes bleibt geheim., en: Secrets stay secret. }

            """ + second + $$"""
            rules:
              - id: r.secret-word
                kind: terms
                section: s1
                category: confidential
                severity: {{severity}}
                terms: [geheimwort]
                message: Das Geheimwort gehört nicht in einen Beitrag.
                suggestion: Entferne das Geheimwort.

            """ + extraRules + $$"""
            examples:
              - text: Das Geheimwort ist raus.
                expect: {{expect}}
                rules: [r.secret-word]
              - text: Hallo Welt, schönes Wochenende!
                expect: allow

            """;
    }

    public static StringContent Yaml(string content) => new(content, Encoding.UTF8, "application/yaml");

    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string content) =>
        await client.PostAsync("/api/v1/packs", Yaml(content), TestContext.Current.CancellationToken);

    public static async Task<JsonObject> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var json = await JsonAsync(response, expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)expected, (int?)json["status"]);
        return json;
    }

    public static HttpRequestMessage Activation(string id, string version, string? ifMatch, object? body = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/packs/{id}/versions/{version}/activate");
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{ifMatch}\"");
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    public static async Task<JsonObject> ActivateAsync(HttpClient client, string id, string version, string? expected)
    {
        using var request = expected is null
            ? Activation(id, version, null, new { expectedActive = string.Empty })
            : Activation(id, version, expected);
        return await JsonAsync(await client.SendAsync(request, TestContext.Current.CancellationToken), HttpStatusCode.OK);
    }

    public static async Task<string> CheckVersionAsync(HttpClient employee)
    {
        var response = await employee.PostAsJsonAsync("/api/v1/checks", new { text = "Schönen Feierabend zusammen!" }, TestContext.Current.CancellationToken);
        var json = await JsonAsync(response, HttpStatusCode.OK);
        return (string)json["pack"]!["version"]!;
    }

    public static async Task<JsonArray> PacksAsync(HttpClient client)
    {
        var json = await JsonAsync(await client.GetAsync("/api/v1/packs", TestContext.Current.CancellationToken), HttpStatusCode.OK);
        return json["packs"]!.AsArray();
    }

    public static async Task<JsonArray> AuditAsync(ApiFactory factory)
    {
        using var admin = factory.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiFactory.AdminKey);
        var response = await admin.GetAsync("/api/v1/audit?limit=1000", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsArray();
    }

    public static async Task AssertAuditIntactAsync(ApiFactory factory)
    {
        using var admin = factory.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiFactory.AdminKey);
        var json = await JsonAsync(await admin.GetAsync("/api/v1/audit/verify", TestContext.Current.CancellationToken), HttpStatusCode.OK);
        Assert.True((bool)json["intact"]!, json.ToJsonString());
    }
}
