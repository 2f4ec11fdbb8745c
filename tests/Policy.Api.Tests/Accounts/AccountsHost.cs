using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Policy.Api.Audit;
using Policy.Api.Identity;

namespace Policy.Api.Tests.Accounts;

/// <summary>The API with the company's e-mail domains configured and a clock the test moves.</summary>
public sealed class AccountsHost : IDisposable
{
    private readonly ApiFactory _root = new();

    public static readonly IReadOnlyDictionary<string, string> AcmeDomains = new Dictionary<string, string> { ["Policy:Accounts:CompanyDomains:0"] = "acme.de" };

    public AccountsHost()
    {
        Factory = Build(AcmeDomains);
    }

    /// <summary>A host with other settings (not a fixture).</summary>
    public static AccountsHost With(IReadOnlyDictionary<string, string> settings)
    {
        var host = new AccountsHost();
        host.Factory.Dispose();
        host.Factory = host.Build(settings);
        return host;
    }

    private WebApplicationFactory<Program> Build(IReadOnlyDictionary<string, string> settings)
    {
        return _root.WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in settings)
            {
                b.UseSetting(key, value);
            }

            b.ConfigureTestServices(s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(Time)));
        });
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.Zero));

    public WebApplicationFactory<Program> Factory { get; private set; }

    public AuditLog Audit => Factory.Services.GetRequiredService<AuditLog>();

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new person with the roles, and a client signed in as them.</summary>
    public (string PersonId, HttpClient Client) As(params string[] roles)
    {
        var personId = string.Join('-', roles) + "-" + Guid.NewGuid().ToString("N")[..8];
        var key = Factory.Services.GetRequiredService<ApiKeyStore>().Create("test", personId, "Test " + personId, personId + "@example.org", roles).Key;
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return (personId, client);
    }

    public static string UniqueHandle(string prefix = "acme") => prefix + "_" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>A valid company account; <paramref name="change"/> edits the body before it is sent.</summary>
    public static JsonObject Body(string? employeeId, Action<JsonObject>? change = null)
    {
        var body = new JsonObject
        {
            ["platform"] = "linkedin",
            ["handle"] = UniqueHandle(),
            ["url"] = "https://www.linkedin.com/company/acme",
            ["displayName"] = "Acme Maschinenbau",
            ["registeredTo"] = "company",
            ["registeredName"] = "Acme Maschinenbau GmbH",
            ["registeredEmail"] = "social@acme.de",
            ["paidBy"] = "company",
            ["purpose"] = "business",
            ["employeeId"] = employeeId,
            ["createdFor"] = "Vertrieb Süd",
            ["accessReference"] = "1Password: Vault Social / Item LinkedIn",
            ["contactCount"] = 120,
        };
        change?.Invoke(body);
        return body;
    }

    public static async Task<JsonObject> CreateAsync(HttpClient client, JsonObject body, string path = "/api/v1/accounts")
    {
        var response = await client.PostAsJsonAsync(path, body, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
    }

    public void Dispose()
    {
        Factory.Dispose();
        _root.Dispose();
    }
}
