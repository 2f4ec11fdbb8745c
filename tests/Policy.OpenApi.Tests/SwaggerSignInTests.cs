using System.Text.Json.Nodes;
using Policy.Api.OpenApi;

namespace Policy.OpenApi.Tests;

/// <summary>
/// Issue 21, item 4: with single sign-on set up, the document names the provider as an OpenID
/// Connect scheme beside the API key on every secured operation, and Swagger UI signs in with the
/// authorization code flow and PKCE as the configured public client; without it, keys only.
/// </summary>
public sealed class SwaggerSignInTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_sign_in_Swagger_UI_uses_the_code_flow_with_PKCE_and_the_document_offers_both_schemes()
    {
        await using var api = new ApiHost();
        api.Settings["Policy:SignIn:Authority"] = "http://127.0.0.1:9/realms/acme";
        api.Settings["Policy:SignIn:ClientId"] = "policy-pages";
        api.Settings["Policy:SignIn:SwaggerClientId"] = "policy-swagger";
        api.Settings["Policy:SignIn:Scopes:0"] = "openid";
        api.Settings["Policy:SignIn:Scopes:1"] = "groups";
        using var client = api.CreateClient();

        var document = JsonNode.Parse(await client.GetStringAsync(ApiDocument.Path, Ct))!;
        var schemes = document["components"]!["securitySchemes"]!;
        Assert.Equal("openIdConnect", (string?)schemes["oidc"]!["type"]);
        Assert.Equal("http://127.0.0.1:9/realms/acme/.well-known/openid-configuration", (string?)schemes["oidc"]!["openIdConnectUrl"]);
        Assert.Equal("http", (string?)schemes[DocumentDescription.KeyScheme]!["type"]);
        var check = document["paths"]!["/api/v1/checks"]!["post"]!;
        Assert.Equal(["apiKey", "oidc"], check["security"]!.AsArray().Select(s => s!.AsObject().Single().Key));

        // The browser may fetch the provider's discovery document and token endpoint, nothing else.
        using var page = await client.GetAsync("/swagger/index.html", Ct);
        Assert.Contains("connect-src 'self' http://127.0.0.1:9;", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        var config = await client.GetStringAsync("/swagger/index.js", Ct);
        var oauth = Configuration(config, "oauthConfigObject");
        Assert.Equal("policy-swagger", (string?)oauth["clientId"]);
        Assert.True((bool?)oauth["usePkceWithAuthorizationCodeGrant"]);
        Assert.Null(oauth["clientSecret"]);
        Assert.Equal(["openid", "groups"], oauth["scopes"]!.AsArray().Select(s => (string?)s));
        Assert.Equal(ApiDocument.Path, (string?)Configuration(config, "configObject")["urls"]![0]!["url"]);
    }

    [Fact]
    public async Task Without_sign_in_Swagger_UI_has_the_key_only()
    {
        await using var api = new ApiHost();
        using var client = api.CreateClient();
        var document = JsonNode.Parse(await client.GetStringAsync(ApiDocument.Path, Ct))!;
        Assert.Equal([DocumentDescription.KeyScheme], document["components"]!["securitySchemes"]!.AsObject().Select(s => s.Key));

        var oauth = Configuration(await client.GetStringAsync("/swagger/index.js", Ct), "oauthConfigObject");
        Assert.Null(oauth["clientId"]);
        Assert.True((bool?)Configuration(await client.GetStringAsync("/swagger/index.js", Ct), "configObject")["persistAuthorization"]);
    }

    /// <summary>The JSON object Swashbuckle writes as <c>var name = {...};</c> into index.js.</summary>
    private static JsonObject Configuration(string script, string name)
    {
        var start = script.IndexOf("var " + name + " = ", StringComparison.Ordinal);
        Assert.True(start >= 0, $"{name} not in index.js");
        start = script.IndexOf('{', start);
        var end = script.IndexOf("};", start, StringComparison.Ordinal) + 1;
        return JsonNode.Parse(script[start..end])!.AsObject();
    }
}
