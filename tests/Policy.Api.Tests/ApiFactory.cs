using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Policy.Api.Identity;

namespace Policy.Api.Tests;

/// <summary>
/// The real API in-process on a fresh store (a real SQLite file in a temporary folder, or with
/// POSTGRES a fresh PostgreSQL database, see <see cref="TestBackend"/>), with the packs from
/// policies/ and a known first admin key.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    public const string AdminKey = "pk_test_admin_key_0123456789abcdef";

    // Created when the host is first built, which is inside a test: a test without a PostgreSQL
    // server is then skipped, even when this factory is a class fixture.
    private readonly Lazy<TestBackend> _backend = new(TestBackend.Create);

    public TestBackend Backend => _backend.Value;

    public string DataDirectory => Backend.DataDirectory;

    /// <summary>A connection of the test's own to the store, to look at or tamper with rows.</summary>
    public System.Data.Common.DbConnection OpenDatabase() => Backend.Open();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in Backend.Settings())
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Policy:Identity:BootstrapAdminKey", AdminKey);
        builder.UseSetting("Policy:CorporateAccounts:Handles:0", "@acme_de");

        // The test output is for test results: the application's own logs only when something is wrong.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft", "Warning");
    }

    /// <summary>A client signed in as a new person with the given roles (no roles: anonymous).</summary>
    public HttpClient ClientAs(params string[] roles)
    {
        var client = CreateClient();
        if (roles.Length > 0)
        {
            var key = NewKey(roles);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    public string NewKey(params string[] roles) => NewPerson("Test", roles).Key;

    /// <summary>A new person with a key; the display name gets a unique suffix.</summary>
    public (string PersonId, string DisplayName, string Key) NewPerson(string name, params string[] roles)
    {
        var keys = Services.GetRequiredService<ApiKeyStore>();
        var person = string.Join('-', roles) + "-" + Guid.NewGuid().ToString("N")[..8];
        var displayName = name + " " + person[^8..];
        return (person, displayName, keys.Create("test", person, displayName, person + "@example.org", roles).Key);
    }

    public HttpClient ClientWithKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _backend.IsValueCreated)
        {
            _backend.Value.Dispose();
        }
    }
}
