using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Policy.Api.Pages;

namespace Policy.Api.Tests.Hardening;

/// <summary>
/// Issue 16, item 8: anonymous /health shows the status only (the crisis reason and the database
/// path are for admins, on /health/details), and every response carries the security headers,
/// including Swagger UI, the OpenAPI document and error answers; the pages keep their own policy.
/// </summary>
public sealed class SecurityHeaderTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Anonymous_health_is_the_status_alone()
    {
        var hr = factory.ClientAs("hr");
        Assert.Equal(HttpStatusCode.OK, (await hr.PutAsJsonAsync("/api/v1/crisis", new { active = true, reason = "Rückruf Charge 4711" }, Ct)).StatusCode);
        try
        {
            var body = await factory.CreateClient().GetStringAsync("/health", Ct);
            var health = JsonNode.Parse(body)!.AsObject();
            Assert.Equal(["status"], health.Select(p => p.Key));
            Assert.DoesNotContain("4711", body, StringComparison.Ordinal);
            Assert.DoesNotContain(factory.DataDirectory, body, StringComparison.Ordinal);

            Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync("/health/details", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await factory.ClientAs("employee").GetAsync("/health/details", Ct)).StatusCode);
            var details = await factory.ClientWithKey(ApiFactory.AdminKey).GetFromJsonAsync<JsonObject>("/health/details", Ct);
            Assert.Equal("Rückruf Charge 4711", (string?)details!["checks"]!["crisis"]!["data"]!["reason"]);
        }
        finally
        {
            await hr.PutAsJsonAsync("/api/v1/crisis", new { active = false, reason = "vorbei" }, Ct);
        }
    }

    [Theory]
    [InlineData("/swagger/index.html", null)]
    [InlineData("/swagger/index.js", null)]
    [InlineData("/openapi/v1.json", null)]
    [InlineData("/health", null)]
    [InlineData("/api/v1/me", "employee")]
    [InlineData("/api/v1/me", null)]
    [InlineData("/no/such/thing", null)]
    [InlineData("/index.html", null)]
    [InlineData("/js/common.js", null)]
    public async Task Every_response_carries_the_security_headers(string path, string? role)
    {
        var client = role is null ? factory.CreateClient() : factory.ClientAs(role);
        var response = await client.GetAsync(path, Ct);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        var expected = path.StartsWith("/swagger", StringComparison.Ordinal) ? SecurityHeaders.SwaggerPolicy
            : path.EndsWith(".html", StringComparison.Ordinal) || path.EndsWith(".js", StringComparison.Ordinal) ? PageEndpoints.ContentSecurityPolicy
            : SecurityHeaders.ApiPolicy;
        Assert.Equal(expected, csp);
    }
}
