using System.Net;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Policy.Api.Tests.Identity;

namespace Policy.Api.Tests;

/// <summary>
/// Every endpoint × {anonymous, employee, hr, legal, admin}: who is admitted and what everybody
/// else gets (401 without a key, 403 with the wrong role, always as ProblemDetails). A new endpoint
/// that is not in the table fails the first test, so the matrix cannot fall behind the API. The
/// same table runs twice: for callers with API keys, and for callers with access tokens of a real
/// OpenID Connect provider whose groups give the roles (<see cref="SignInApiFactory"/>).
/// </summary>
public sealed class AuthorizationMatrixTests(ApiFactory factory, SignInApiFactory signIn) : IClassFixture<ApiFactory>, IClassFixture<SignInApiFactory>
{
    private static readonly string[] Callers = ["anonymous", "employee", "hr", "legal", "admin"];

    /// <summary>The provider's test people whose groups give exactly these roles (plus employee, which everybody signed in has).</summary>
    private static readonly Dictionary<string, string> TokenPeople = new()
    {
        ["employee"] = "erika",
        ["hr"] = "hanna",
        ["legal"] = "lale",
        ["admin"] = "adam",
    };

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
        ("POST", "/api/v1/packs/{id}/versions/{version}/simulate", Hr, null),
        ("GET", "/api/v1/guideline", SignedIn, null),
        ("POST", "/api/v1/guideline/acknowledgements", SignedIn, null),
        ("GET", "/api/v1/acknowledgements", Hr, null),
        ("GET", "/api/v1/acknowledgements.csv", Hr, null),
        ("POST", "/api/v1/reviews/", SignedIn, """{"checkId":"0193a3f0-0000-7000-8000-000000000000"}"""),
        ("GET", "/api/v1/reviews/mine", SignedIn, null),
        ("GET", "/api/v1/reviews/queue", SignedIn, null),
        ("GET", "/api/v1/reviews/{id}", SignedIn, null),
        ("POST", "/api/v1/reviews/{id}/approve", SignedIn, """{}"""),
        ("POST", "/api/v1/reviews/{id}/reject", SignedIn, """{"reason":"matrix test"}"""),
        ("POST", "/api/v1/reviews/{id}/request-changes", SignedIn, """{"reason":"matrix test"}"""),
        ("POST", "/api/v1/reviews/{id}/withdraw", SignedIn, null),
        ("POST", "/api/v1/overrides/", SignedIn, """{"checkId":"0193a3f0-0000-7000-8000-000000000000","reason":"other","justification":"matrix test only"}"""),
        ("GET", "/api/v1/overrides/", HrLegal, null),
        ("POST", "/api/v1/false-positives/", SignedIn, """{"checkId":"0193a3f0-0000-7000-8000-000000000000","ruleId":"pii.phone"}"""),
        ("GET", "/api/v1/false-positives/", HrLegal, null),
        ("GET", "/api/v1/false-positives/examples.jsonl", Hr, null),
        ("GET", "/api/v1/people/", Hr, null),
        ("POST", "/api/v1/people/roster", Hr, """{"not":"csv"}"""),
        ("POST", "/api/v1/people/{id}/offboard", Hr, null),
        ("POST", "/api/v1/people/{id}/reinstate", Hr, null),
        ("POST", "/api/v1/acknowledgements/reminders", Hr, null),
        ("GET", "/api/v1/notifications/events", Hr, null),
        ("GET", "/api/v1/notifications/subscriptions", Hr, null),
        ("POST", "/api/v1/notifications/subscriptions", Hr, """{}"""),
        ("GET", "/api/v1/notifications/subscriptions/{id}", Hr, null),
        ("PUT", "/api/v1/notifications/subscriptions/{id}", Hr, """{}"""),
        ("DELETE", "/api/v1/notifications/subscriptions/{id}", Hr, null),
        ("POST", "/api/v1/notifications/subscriptions/{id}/secret", Hr, null),
        ("POST", "/api/v1/notifications/subscriptions/{id}/test", Hr, null),
        ("GET", "/api/v1/notifications/deliveries", Hr, null),
        ("GET", "/api/v1/notifications/deliveries/{id}", Hr, null),
        ("POST", "/api/v1/notifications/deliveries/{id}/retry", Hr, null),
        ("GET", "/api/v1/monitoring/terms", Hr, null),
        ("POST", "/api/v1/monitoring/terms", Hr, """{}"""),
        ("DELETE", "/api/v1/monitoring/terms/{id}", Hr, null),
        ("POST", "/api/v1/monitoring/mentions", Hr, """{}"""),
        ("GET", "/api/v1/monitoring/volume", Hr, null),
        ("GET", "/api/v1/monitoring/alerts", Hr, null),
        ("POST", "/api/v1/monitoring/alerts/{id}/acknowledge", Hr, null),
        ("GET", "/api/v1/monitoring/feeds", Hr, null),
        ("POST", "/api/v1/monitoring/feeds", Hr, """{}"""),
        ("DELETE", "/api/v1/monitoring/feeds/{id}", Hr, null),
        ("POST", "/api/v1/monitoring/feeds/{id}/poll", Hr, null),
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
        await AssertStatus(row, caller, client, method, route);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_token_caller_gets_the_status_its_groups_allow(string method, string route, string caller)
    {
        var row = Table.Single(t => t.Method == method && t.Route == route);
        var client = caller == "anonymous"
            ? signIn.CreateClient()
            : signIn.ClientWithToken((await signIn.TokensOf(TokenPeople[caller])).AccessToken);
        await AssertStatus(row, caller, client, method, route);
    }

    private static async Task AssertStatus((string Method, string Route, string Admitted, string? Body) row, string caller, HttpClient client, string method, string route)
    {
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
