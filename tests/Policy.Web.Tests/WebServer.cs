using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Policy.Api.Identity;

[assembly: AssemblyFixture(typeof(Policy.Web.Tests.WebServer))]

namespace Policy.Web.Tests;

/// <summary>
/// The real API with its pages on a loopback port (Kestrel), on a SQLite file in a fresh temporary
/// folder, with the packs from policies/ and a known first admin key. One server for all page tests;
/// each test makes its own people and keys.
/// </summary>
public sealed class WebServer : WebApplicationFactory<Program>
{
    public const string AdminKey = "pk_test_admin_key_0123456789abcdef";

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "policy-web-tests-" + Guid.NewGuid().ToString("N"));

    public WebServer()
    {
        UseKestrel(0);
        StartServer();
        BaseUrl = ClientOptions.BaseAddress.ToString().TrimEnd('/');
    }

    /// <summary>http://127.0.0.1:port, no trailing slash.</summary>
    public string BaseUrl { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Policy:Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Policy:Identity:BootstrapAdminKey", AdminKey);
        builder.UseSetting("Policy:CorporateAccounts:Handles:0", "@acme_de");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft", "Warning");
    }

    /// <summary>A new person with a key; the display name gets a unique suffix.</summary>
    public (string PersonId, string DisplayName, string Key) NewPerson(string name, params string[] roles)
    {
        var keys = Services.GetRequiredService<ApiKeyStore>();
        var person = name.ToLowerInvariant().Replace(' ', '.') + "-" + Guid.NewGuid().ToString("N")[..6];
        var displayName = name;
        return (person, displayName, keys.Create("test", person, displayName, person + "@example.org", roles).Key);
    }

    public string NewKey(params string[] roles) => NewPerson("Test Person", roles).Key;

    /// <summary>An HttpClient to the loopback server with the given key.</summary>
    public HttpClient Http(string key)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl + "/") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Registers an account in the registry (as admin) and answers its id.</summary>
    public async Task<string> RegisterAccountAsync(object account)
    {
        using var http = Http(AdminKey);
        using var response = await http.PostAsJsonAsync("api/v1/accounts", account);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"registering an account failed: {(int)response.StatusCode} {body}");
        return System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open only leaves a temp folder behind.
            }
        }
    }
}
