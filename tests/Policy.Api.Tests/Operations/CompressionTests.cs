using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Policy.Api.Tests.Operations;

/// <summary>JSON is compressed with Brotli or gzip as the client asks; a response with a new API key never is.</summary>
public sealed class CompressionTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonNode> Decode(HttpResponseMessage response, string encoding)
    {
        Assert.Equal(encoding, Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        await using var raw = await response.Content.ReadAsStreamAsync(Ct);
        await using Stream decoded = encoding == "br" ? new BrotliStream(raw, CompressionMode.Decompress) : new GZipStream(raw, CompressionMode.Decompress);
        return (await JsonNode.ParseAsync(decoded, cancellationToken: Ct))!;
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task The_OpenAPI_document_is_compressed_as_asked(string encoding)
    {
        using var client = factory.CreateClient();
        using var plain = await client.GetAsync("/openapi/v1.json", Ct);
        var plainLength = (await plain.Content.ReadAsByteArrayAsync(Ct)).Length;

        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        using var response = await client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var compressedLength = (await response.Content.ReadAsByteArrayAsync(Ct)).Length;
        Assert.True(compressedLength * 4 < plainLength, $"{encoding}: {compressedLength} of {plainLength} bytes");
        var document = await Decode(response, encoding);
        Assert.NotNull(document["paths"]);
        Assert.Null(plain.Content.Headers.ContentEncoding.FirstOrDefault());
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Check_answers_and_problems_are_compressed_as_asked(string encoding)
    {
        using var client = factory.ClientAs("employee");
        client.DefaultRequestHeaders.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        using var check = await client.PostAsJsonAsync("/api/v1/checks", new { text = "Schöner Tag heute, wir feiern das Sommerfest." }, Ct);
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        var answer = await Decode(check, encoding);
        Assert.NotNull(answer["decision"]);

        using var invalid = await client.PostAsJsonAsync("/api/v1/checks", new { text = "" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType?.MediaType);
        Assert.Equal(400, (int)(await Decode(invalid, encoding))["status"]!);
    }

    [Theory]
    [InlineData("http://localhost")]
    [InlineData("https://localhost")]
    public async Task A_new_API_key_is_never_compressed_and_works(string baseAddress)
    {
        using var admin = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri(baseAddress) });
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiFactory.AdminKey);
        admin.DefaultRequestHeaders.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        admin.DefaultRequestHeaders.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        var person = "zip-" + Guid.NewGuid().ToString("N")[..8];
        using var created = await admin.PostAsJsonAsync("/api/v1/keys", new { personId = person, displayName = "Zip Test", email = person + "@example.org", roles = new[] { "employee" } }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Empty(created.Content.Headers.ContentEncoding);
        var key = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["key"]!;

        using var asPerson = factory.ClientWithKey(key);
        using var me = await asPerson.GetAsync("/api/v1/me", Ct);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }
}
