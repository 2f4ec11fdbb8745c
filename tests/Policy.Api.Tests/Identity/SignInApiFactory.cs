using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Policy.Tests.Oidc;

namespace Policy.Api.Tests.Identity;

/// <summary>
/// The API as <see cref="ApiFactory"/> hosts it, with single sign-on pointed at a real OpenID
/// Connect provider on loopback (<see cref="OidcTestProvider"/>), started when the host is first
/// built (inside a test, so a machine without Node skips rather than fails).
/// </summary>
public sealed class SignInApiFactory : ApiFactory
{
    private readonly ConcurrentDictionary<string, Task<ProviderTokens>> _tokens = new(StringComparer.Ordinal);

    public OidcTestProvider Provider { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // The sign-in tests send many refused tokens on purpose; each counts as a failed sign-in
        // of the test's address, and the default limit (10 a minute) would answer 429 instead of 401.
        builder.UseSetting("Policy:RateLimits:FailedSignInsPerAddress", "10000");
        foreach (var (key, value) in Provider.ApiSettings())
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>The tokens of one sign-in of <paramref name="login"/> through the provider's form (one per login and host).</summary>
    public Task<ProviderTokens> TokensOf(string login) => _tokens.GetOrAdd(login, l => Provider.SignInAsync(l));

    public HttpClient ClientWithToken(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Provider.Dispose();
        }
    }
}
