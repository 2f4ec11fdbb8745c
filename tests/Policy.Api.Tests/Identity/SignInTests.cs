using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;
using Policy.Tests.Oidc;

namespace Policy.Api.Tests.Identity;

/// <summary>
/// API callers with access tokens of a real OpenID Connect provider (tests/oidc-provider): the
/// person and roles come from the token's claims and groups, tokens that are expired, wrongly
/// signed or altered are refused, keys keep working beside them, and offboarding refuses a
/// person's tokens and keys.
/// </summary>
public sealed class SignInTests(SignInApiFactory api) : IClassFixture<SignInApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpStatusCode Status, JsonElement Body)> Me(string bearer)
    {
        using var client = api.ClientWithToken(bearer);
        using var response = await client.GetAsync("/api/v1/me", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static string[] RolesOf(JsonElement me) => [.. me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task A_token_with_groups_gets_the_mapped_roles_and_the_person_from_its_claims()
    {
        var (status, me) = await Me((await api.TokensOf("hanna")).AccessToken);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("hanna", me.GetProperty("id").GetString());
        Assert.Equal("Hanna Roth", me.GetProperty("displayName").GetString());
        Assert.Equal("hanna@acme.example", me.GetProperty("email").GetString());
        Assert.Equal(["employee", "hr"], RolesOf(me));

        // A group the settings do not name gives nothing.
        var (_, admin) = await Me((await api.TokensOf("adam")).AccessToken);
        Assert.Equal(["admin", "employee"], RolesOf(admin));
    }

    [Fact]
    public async Task A_token_without_the_group_claim_gets_employee_only()
    {
        var token = (await api.TokensOf("nils")).AccessToken;
        Assert.False(Payload(token).TryGetProperty("groups", out _), "the test person nils must have no groups claim");
        var (status, me) = await Me(token);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["employee"], RolesOf(me));

        using var client = api.ClientWithToken(token);
        using var hr = await client.GetAsync("/api/v1/acknowledgements", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, hr.StatusCode);
    }

    [Fact]
    public async Task An_expired_token_gets_401()
    {
        // The provider's "policy-expiring" client gets access tokens that live six seconds; the
        // API allows no clock skew in these tests.
        // On a loaded CI machine the first answer (signing keys fetched, code jitted) once came after
        // the six seconds: a 401 then is right, and says nothing about a fresh token. Such a late
        // answer is not judged; a fresh token is tried again, up to three times.
        string? token = null;
        var expires = DateTimeOffset.MinValue;
        for (var attempt = 0; attempt < 3 && token is null; attempt++)
        {
            var candidate = (await api.Provider.SignInAsync("erika", clientId: OidcTestProvider.ExpiringClientId, clientSecret: OidcTestProvider.ExpiringClientSecret)).AccessToken;
            var candidateExpires = DateTimeOffset.FromUnixTimeSeconds(Payload(candidate).GetProperty("exp").GetInt64());
            var (fresh, _) = await Me(candidate);
            if (DateTimeOffset.UtcNow < candidateExpires)
            {
                Assert.Equal(HttpStatusCode.OK, fresh);
                (token, expires) = (candidate, candidateExpires);
            }
        }

        Assert.True(token is not null, "no fresh token was answered within its six seconds in three attempts");

        var wait = expires - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1.2);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, Ct);
        }

        using var client = api.ClientWithToken(token);
        using var response = await client.GetAsync("/api/v1/me", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_wrongly_signed_or_altered_token_gets_401()
    {
        var token = (await api.TokensOf("erika")).AccessToken;
        Assert.Equal(HttpStatusCode.OK, (await Me(token)).Status);
        var parts = token.Split('.');

        // The same header and claims, signed with a key that is not the provider's.
        using var stranger = RSA.Create(2048);
        var forged = parts[0] + "." + parts[1];
        var forgedToken = forged + "." + Base64Url(stranger.SignData(Encoding.ASCII.GetBytes(forged), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Me(forgedToken)).Status);

        // The provider's signature over claims that were changed afterwards (admin added).
        var claims = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Payload(token).GetRawText())!;
        claims["groups"] = JsonSerializer.SerializeToElement(new[] { "policy-admins" });
        var altered = parts[0] + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims)) + "." + parts[2];
        Assert.Equal(HttpStatusCode.Unauthorized, (await Me(altered)).Status);

        // Unsigned ("alg": "none").
        var none = Base64Url(Encoding.UTF8.GetBytes("""{"alg":"none","typ":"JWT"}""")) + "." + parts[1] + ".";
        Assert.Equal(HttpStatusCode.Unauthorized, (await Me(none)).Status);

        // The ID token of the same sign-in is no access token for the API (audience: the client).
        Assert.Equal(HttpStatusCode.Unauthorized, (await Me((await api.TokensOf("erika")).IdToken)).Status);
    }

    [Fact]
    public async Task Keys_keep_working_beside_single_sign_on()
    {
        using var admin = api.ClientWithKey(ApiFactory.AdminKey);
        var answer = await admin.GetFromJsonAsync<JsonElement>("/api/v1/me", Ct);
        Assert.Equal("admin", answer.GetProperty("id").GetString());

        using var wrong = api.ClientWithKey("pk_not_a_key_at_all_0123456789");
        using var refused = await wrong.GetAsync("/api/v1/me", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task A_token_caller_is_in_the_people_registry_with_the_roles_the_directory_gave()
    {
        var (status, _) = await Me((await api.TokensOf("lale")).AccessToken);
        Assert.Equal(HttpStatusCode.OK, status);

        using var admin = api.ClientWithKey(ApiFactory.AdminKey);
        var people = await admin.GetFromJsonAsync<JsonElement>("/api/v1/people", Ct);
        var lale = people.EnumerateArray().Single(p => p.GetProperty("id").GetString() == "lale");
        Assert.Equal("Lale Kaya", lale.GetProperty("displayName").GetString());
        Assert.Equal(["employee", "legal"], lale.GetProperty("directoryRoles").EnumerateArray().Select(r => r.GetString()).Order().ToArray());
        Assert.False(string.IsNullOrEmpty(lale.GetProperty("firstSignedInAt").GetString()));
        Assert.False(string.IsNullOrEmpty(lale.GetProperty("lastSeenAt").GetString()));
    }

    [Fact]
    public async Task Offboarding_refuses_the_persons_tokens_and_revokes_their_keys()
    {
        var token = (await api.Provider.SignInAsync("otto")).AccessToken;
        Assert.Equal(HttpStatusCode.OK, (await Me(token)).Status);
        using var admin = api.ClientWithKey(ApiFactory.AdminKey);
        using var created = await admin.PostAsJsonAsync("/api/v1/keys", new { personId = "otto", displayName = "Otto Offboard", email = "otto@acme.example", roles = new[] { "employee" } }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("key").GetString()!;
        using var withKey = api.ClientWithKey(key);
        Assert.Equal(HttpStatusCode.OK, (await withKey.GetAsync("/api/v1/me", Ct)).StatusCode);

        using var hr = api.ClientWithToken((await api.TokensOf("hanna")).AccessToken);
        using var offboarded = await hr.PostAsync("/api/v1/people/otto/offboard", null, Ct);
        Assert.Equal(HttpStatusCode.OK, offboarded.StatusCode);
        Assert.Equal(1, (await offboarded.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("keysRevoked").GetInt32());

        Assert.Equal(HttpStatusCode.Unauthorized, (await Me(token)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await withKey.GetAsync("/api/v1/me", Ct)).StatusCode);
        // A fresh sign-in at the provider does not help: the registry says offboarded.
        var after = (await api.Provider.SignInAsync("otto")).AccessToken;
        Assert.Equal(HttpStatusCode.Unauthorized, (await Me(after)).Status);

        // Reinstated (a person who returns): a token issued from now on counts, the old one never again.
        using var reinstated = await hr.PostAsync("/api/v1/people/otto/reinstate", null, Ct);
        Assert.Equal(HttpStatusCode.NoContent, reinstated.StatusCode);
        await Task.Delay(1100, Ct); // "iat" has whole seconds: the next token must be issued after the offboarding's instant
        Assert.Equal(HttpStatusCode.OK, (await Me((await api.Provider.SignInAsync("otto")).AccessToken)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Me(token)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await withKey.GetAsync("/api/v1/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_page_session_endpoint_names_the_provider_and_sign_in_starts_the_code_flow_at_the_provider()
    {
        using var client = api.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var session = await client.GetFromJsonAsync<JsonElement>("/auth/session", Ct);
        Assert.True(session.GetProperty("singleSignOn").GetBoolean());
        Assert.False(session.GetProperty("signedIn").GetBoolean());
        Assert.Equal("Test-IdP", session.GetProperty("providerName").GetString());

        using var start = await client.GetAsync("/auth/sign-in?returnUrl=%2Fhr.html", Ct);
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var location = start.Headers.Location!.ToString();
        Assert.StartsWith(api.Provider.Issuer + "/auth?", location, StringComparison.Ordinal);
        Assert.Contains("client_id=policy-web", location, StringComparison.Ordinal);
        // The provider offers pushed authorization requests, so the parameters (response_type=code,
        // the PKCE challenge) went to it directly and the browser carries only their reference.
        // That PKCE is used at all shows in every sign-in: this provider refuses a code flow without it.
        Assert.Contains("request_uri=urn", location, StringComparison.Ordinal);
        Assert.DoesNotContain("client_secret", location, StringComparison.Ordinal);

        // An absolute return address would make the sign-in an open redirect: it becomes "/".
        using var evil = await client.GetAsync("/auth/sign-in?returnUrl=https%3A%2F%2Fevil.example%2F", Ct);
        Assert.Equal(HttpStatusCode.Redirect, evil.StatusCode);
        var cookies = evil.Headers.GetValues("Set-Cookie").ToList();
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.All(cookies, c => Assert.Contains("httponly", c, StringComparison.OrdinalIgnoreCase));
        Assert.All(cookies, c => Assert.Contains("samesite=lax", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_made_up_session_cookie_signs_nobody_in()
    {
        // A request that carries a session cookie but no Authorization header is judged by the cookie:
        // one the server did not protect signs nobody in, and a POST with it is refused like an anonymous one.
        using var client = api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/guideline/acknowledgements");
        request.Headers.Add("Cookie", "policy.session=made-up");
        using var response = await client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_OpenAPI_document_names_the_provider_as_an_OpenID_Connect_scheme()
    {
        using var client = api.CreateClient();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct);
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("oidc");
        Assert.Equal("openIdConnect", scheme.GetProperty("type").GetString());
        Assert.Equal(api.Provider.Issuer + "/.well-known/openid-configuration", scheme.GetProperty("openIdConnectUrl").GetString());

        // Without single sign-on there is no such scheme.
        await using var keysOnly = new ApiFactory();
        var plain = await keysOnly.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct);
        Assert.False(plain.TryGetProperty("components", out var components)
            && components.TryGetProperty("securitySchemes", out var schemes) && schemes.TryGetProperty("oidc", out _));
    }

    [Theory]
    [InlineData("Policy:SignIn:Authority", "http://idp.example.com/realms/acme", "must use https")]
    [InlineData("Policy:SignIn:ClientId", "", "ClientId is required")]
    [InlineData("Policy:SignIn:RoleGroups:superuser:0", "policy-root", "RoleGroups:superuser is not a role")]
    [InlineData("Policy:SignIn:ClockSkew", "00:30:00", "ClockSkew must be between")]
    public void A_wrong_sign_in_setting_stops_the_start_and_names_it(string key, string value, string expected)
    {
        using var factory = new ApiFactory().WithWebHostBuilder(b =>
        {
            b.UseSetting("Policy:SignIn:Authority", "https://idp.example.com/realms/acme");
            b.UseSetting("Policy:SignIn:ClientId", "policy");
            b.UseSetting(key, value);
        });
        var ex = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        var message = (ex as OptionsValidationException ?? ex.InnerException ?? ex).Message;
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    private static JsonElement Payload(string jwt)
    {
        var part = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        part = part.PadRight(part.Length + ((4 - (part.Length % 4)) % 4), '=');
        return JsonDocument.Parse(Convert.FromBase64String(part)).RootElement.Clone();
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
