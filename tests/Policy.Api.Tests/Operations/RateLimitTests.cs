using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Policy.Api.Identity;

namespace Policy.Api.Tests.Operations;

/// <summary>Checks per person and wrong keys per address are limited; 429 is problem+json with Retry-After.</summary>
public sealed class RateLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Windows of an hour: the limiters keep real time, and no test runs that long.
    private static WebApplicationFactory<Program> Limited(ApiFactory root, int checks = 1_000, int failedSignIns = 1_000) =>
        root.WithWebHostBuilder(b => b
            .UseSetting("Policy:RateLimits:ChecksPerPerson", checks.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .UseSetting("Policy:RateLimits:ChecksWindow", "01:00:00")
            .UseSetting("Policy:RateLimits:FailedSignInsPerAddress", failedSignIns.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .UseSetting("Policy:RateLimits:FailedSignInWindow", "01:00:00"));

    private static HttpClient Client(WebApplicationFactory<Program> factory, string key)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static string NewKey(WebApplicationFactory<Program> factory, string person) =>
        factory.Services.GetRequiredService<ApiKeyStore>().Create("test", person, person, person + "@example.org", [Roles.Employee]).Key;

    private static async Task AssertTooManyRequests(HttpResponseMessage response, string detail)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var retryAfter = Assert.Single(response.Headers.GetValues("Retry-After"));
        Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 3600);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Equal(429, (int)problem!["status"]!);
        Assert.Contains(detail, (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checks_beyond_the_limit_get_429_and_other_people_are_not_affected()
    {
        using var root = new ApiFactory();
        await using var factory = Limited(root, checks: 3);
        using var alice = Client(factory, NewKey(factory, "alice-" + Guid.NewGuid().ToString("N")[..6]));
        using var bob = Client(factory, NewKey(factory, "bob-" + Guid.NewGuid().ToString("N")[..6]));

        for (var i = 0; i < 3; i++)
        {
            using var ok = await alice.PostAsJsonAsync("/api/v1/checks", new { text = "Schöner Tag heute." }, Ct);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var limited = await alice.PostAsJsonAsync("/api/v1/checks", new { text = "Schöner Tag heute." }, Ct);
        await AssertTooManyRequests(limited, "more checks than your limit");
        using var batch = await alice.PostAsJsonAsync("/api/v1/checks/batch", new { items = new[] { new { text = "Hallo" } } }, Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, batch.StatusCode);

        using var other = await bob.PostAsJsonAsync("/api/v1/checks", new { text = "Schöner Tag heute." }, Ct);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        // Only checks are limited: the same person still reads other endpoints.
        using var health = await alice.GetAsync("/health", Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Repeated_wrong_keys_from_one_address_get_429_while_valid_keys_still_work()
    {
        using var root = new ApiFactory();
        await using var factory = Limited(root, failedSignIns: 5);
        using var guesser = Client(factory, "pk_wrong_key_0000000000000000");
        for (var i = 0; i < 5; i++)
        {
            using var denied = await guesser.PostAsJsonAsync("/api/v1/checks", new { text = "x" }, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        }

        using var limited = await guesser.PostAsJsonAsync("/api/v1/checks", new { text = "x" }, Ct);
        await AssertTooManyRequests(limited, "wrong or revoked API key");
        using var otherScheme = factory.CreateClient();
        otherScheme.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "YWRtaW46YWRtaW4=");
        using var alsoLimited = await otherScheme.GetAsync("/api/v1/keys", Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, alsoLimited.StatusCode);

        // A person with a valid key behind the same address (an office NAT) is not held back.
        using var valid = Client(factory, NewKey(factory, "carol-" + Guid.NewGuid().ToString("N")[..6]));
        using var ok = await valid.PostAsJsonAsync("/api/v1/checks", new { text = "Schöner Tag heute." }, Ct);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        // Requests without any key are not failed sign-ins: the anonymous health probe still answers.
        using var anonymous = factory.CreateClient();
        using var health = await anonymous.GetAsync("/health", Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Theory]
    [InlineData("Policy:RateLimits:ChecksPerPerson", "0")]
    [InlineData("Policy:RateLimits:ChecksWindow", "00:00:00")]
    [InlineData("Policy:RateLimits:FailedSignInsPerAddress", "-1")]
    [InlineData("Policy:RateLimits:FailedSignInWindow", "2.00:00:00")]
    public void A_limit_out_of_range_stops_the_start(string setting, string value)
    {
        using var factory = new ApiFactory().WithWebHostBuilder(b => b.UseSetting(setting, value));
        var ex = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains(setting, (ex as OptionsValidationException ?? ex.InnerException ?? ex).Message, StringComparison.Ordinal);
    }
}
