using System.Net;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Policy.Api.Tests;

/// <summary>
/// Every endpoint × {anonymous, employee, hr, legal, admin}: who is admitted and what everybody
/// else gets (401 without a key, 403 with the wrong role, always as ProblemDetails). A new endpoint
/// that is not in the table fails the first test, so the matrix cannot fall behind the API.
/// </summary>
public sealed class AuthorizationMatrixTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly string[] Callers = ["anonymous", "employee", "hr", "legal", "admin"];

    private const string Public = "public";
    private const string SignedIn = "employee,hr,legal,admin";
    private const string Hr = "hr,admin";
    private const string Legal = "legal,admin";
    private const string HrLegal = "hr,legal,admin";
    private const string Admin = "admin";

    /// <summary>Method, route pattern, who is admitted, a body that passes binding (validation may still refuse it).</summary>
    private static readonly (string Method, string Route, string Admitted, string? Body)[] Table =
    [
        ("GET", "/health", Public, null),
        ("GET", "/health/details", Admin, null),
        ("GET", "/openapi/{documentName}.json", Public, null),
        ("GET", "/api/v1/me", SignedIn, null),
        ("GET", "/api/v1/me/corporate-accounts", SignedIn, null),
        ("POST", "/api/v1/checks/", SignedIn, """{"text":"Hallo"}"""),
        ("POST", "/api/v1/checks/batch", SignedIn, """{"items":[{"text":"Hallo"}]}"""),
        ("POST", "/api/v1/checks/clean-copy", SignedIn, "{}"),
        ("POST", "/api/v1/keys/", Admin, """{"personId":"p1","displayName":"P","email":"p@example.org","roles":["employee"]}"""),
        ("GET", "/api/v1/keys/", Admin, null),
        ("DELETE", "/api/v1/keys/{id}", Admin, null),
        ("GET", "/api/v1/audit/", Admin, null),
        ("GET", "/api/v1/audit/verify", Admin, null),
        ("GET", "/api/v1/crisis/", SignedIn, null),
        ("PUT", "/api/v1/crisis/", Hr, """{"active":false,"reason":"matrix test"}"""),
        ("GET", "/api/v1/spokespeople/", SignedIn, null),
        ("GET", "/api/v1/spokespeople/registry", Hr, null),
        ("POST", "/api/v1/spokespeople/", Hr, """{"personId":"nobody","topics":["finance"],"channels":["*"]}"""),
        ("PUT", "/api/v1/spokespeople/{id}", Hr, """{"personId":"nobody","topics":["finance"],"channels":["*"]}"""),
        ("POST", "/api/v1/spokespeople/{id}/end", Hr, """{"reason":"x"}"""),
        ("GET", "/api/v1/spokespeople/{id}/history", Hr, null),
        ("GET", "/api/v1/decisions/mine", SignedIn, null),
        ("GET", "/api/v1/decisions/stats", HrLegal, null),
        ("GET", "/api/v1/accounts/mine", SignedIn, null),
        ("POST", "/api/v1/accounts/mine", SignedIn, """{"platform":"x","handle":"h","registeredTo":"person","paidBy":"nobody","purpose":"private"}"""),
        ("GET", "/api/v1/accounts/", HrLegal, null),
        ("POST", "/api/v1/accounts/", HrLegal, """{"platform":"myspace"}"""),
        ("GET", "/api/v1/accounts/{id}", HrLegal, null),
        ("PUT", "/api/v1/accounts/{id}", HrLegal, """{"platform":"x","handle":"h","registeredTo":"person","paidBy":"nobody","purpose":"private"}"""),
        ("GET", "/api/v1/accounts/{id}/history", HrLegal, null),
        ("PUT", "/api/v1/accounts/{id}/override", Legal, """{"verdict":"company","justification":"matrix test"}"""),
        ("GET", "/api/v1/accounts/export.csv", Legal, null),
        ("GET", "/api/v1/accounts/export.json", Legal, null),
        ("GET", "/api/v1/accounts/export/manifest", Legal, null),
        ("GET", "/api/v1/accounts/offboarding/{id}", HrLegal, null),
        ("GET", "/api/v1/accounts/offboarding/{id}/report.csv", HrLegal, null),
        ("POST", "/api/v1/accounts/offboarding/{id}/done", HrLegal, """{"accountId":"none","item":"copy-contacts"}"""),
        ("POST", "/api/v1/packs/", Hr, """{"id":"matrix"}"""),
        ("POST", "/api/v1/packs/validate", Hr, """{"id":"matrix"}"""),
        ("GET", "/api/v1/packs/", HrLegal, null),
        ("GET", "/api/v1/packs/{id}/versions/{version}", HrLegal, null),
        ("GET", "/api/v1/packs/{id}/history", HrLegal, null),
        ("GET", "/api/v1/packs/{id}/diff", HrLegal, null),
        ("POST", "/api/v1/packs/{id}/versions/{version}/activate", Hr, """{"expectedActive":"1.0.0"}"""),
        ("POST", "/api/v1/packs/{id}/rollback", Hr, """{"expectedActive":"1.0.0"}"""),
        ("PUT", "/api/v1/packs/{id}/versions/{version}/material", Hr, """{"material":true}"""),
        ("GET", "/api/v1/guideline", SignedIn, null),
        ("POST", "/api/v1/guideline/acknowledgements", SignedIn, null),
        ("GET", "/api/v1/acknowledgements", Hr, null),
        ("GET", "/api/v1/acknowledgements.csv", Hr, null),
    ];

    /// <summary>Endpoints of other features are added to <see cref="Table"/> as they land; these prefixes are checked.</summary>
    private static bool Covered(string route) => Table.Any(t => t.Route == route);

    [Fact]
    public void Every_endpoint_of_the_api_is_in_the_matrix()
    {
        using var scope = factory.Services.CreateScope();
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/api/", StringComparison.Ordinal) || raw.StartsWith("api/", StringComparison.Ordinal)))
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Distinct()
            .ToList();
        var missing = endpoints.Where(e => !Covered(e)).ToList();
        Assert.True(missing.Count == 0, "endpoints without a row in the authorization matrix: " + string.Join(", ", missing));
    }

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (method, route, _, _) in Table)
        {
            foreach (var caller in Callers)
            {
                data.Add(method, route, caller);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_caller_gets_the_status_its_roles_allow(string method, string route, string caller)
    {
        var row = Table.Single(t => t.Method == method && t.Route == route);
        var client = caller == "anonymous" ? factory.CreateClient() : caller == "admin" ? factory.ClientWithKey(ApiFactory.AdminKey) : factory.ClientAs(caller);
        var url = route.Replace("{documentName}", "v1", StringComparison.Ordinal).Replace("{id}", "does-not-exist", StringComparison.Ordinal)
            .Replace("{version}", "0.0.0", StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (row.Body is not null)
        {
            request.Content = new StringContent(row.Body, Encoding.UTF8, "application/json");
        }

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var status = (int)response.StatusCode;
        var admitted = row.Admitted == Public || row.Admitted.Split(',').Contains(caller);
        if (admitted)
        {
            Assert.True(status is not (401 or 403) && status < 500, $"{caller} {method} {url}: {status}");
        }
        else
        {
            Assert.Equal(caller == "anonymous" ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }
}
