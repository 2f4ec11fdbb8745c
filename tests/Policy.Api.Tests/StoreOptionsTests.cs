using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;
using Policy.Api.Store;

namespace Policy.Api.Tests;

/// <summary>The store's settings are checked before the API serves: a bad one stops the start and is named.</summary>
public sealed class StoreOptionsTests
{
    private static ValidateOptionsResult Validate(StoreOptions options) => new StoreOptionsValidator().Validate(null, options);

    [Fact]
    public void Without_a_connection_string_the_store_is_the_SQLite_file()
    {
        var options = new StoreOptions { DataDirectory = "somewhere" };
        Assert.Equal(StoreBackend.Sqlite, options.Backend);
        Assert.True(Validate(options).Succeeded);
        Assert.Equal(Path.GetFullPath(Path.Combine("somewhere", "decision-hash.key")), options.HashKeyPath);
    }

    [Fact]
    public void A_connection_string_selects_PostgreSQL()
    {
        var options = new StoreOptions { Postgres = "Host=db.internal;Database=policy;Username=policy;Password=x", HashKeyFile = "/run/secrets/k" };
        Assert.Equal(StoreBackend.Postgres, options.Backend);
        Assert.True(Validate(options).Succeeded, Validate(options).FailureMessage);
        Assert.Equal(Path.GetFullPath("/run/secrets/k"), options.HashKeyPath);
    }

    [Theory]
    [InlineData("Database=policy;Username=policy", "names no Host")]
    [InlineData("Host=db;Passwort=geheim-123;Bogus=1", "not a valid connection string")]
    public void A_bad_connection_string_is_named_without_echoing_its_secrets(string connectionString, string expected)
    {
        var result = Validate(new StoreOptions { Postgres = connectionString });
        Assert.True(result.Failed);
        Assert.Contains("Policy:Storage:Postgres", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("geheim-123", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_API_does_not_start_on_a_bad_connection_string()
    {
        using var factory = new ApiFactory().WithWebHostBuilder(b => b.UseSetting("Policy:Storage:Postgres", "Database=policy"));
        var ex = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("Policy:Storage:Postgres", (ex as OptionsValidationException ?? ex.InnerException ?? ex).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_names_the_store_and_on_PostgreSQL_whether_the_instance_hears_the_others()
    {
        await using var factory = new ApiFactory();
        using var client = factory.ClientWithKey(ApiFactory.AdminKey);
        var ct = TestContext.Current.CancellationToken;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        JsonObject store;
        do
        {
            // The listener connects in the background after start-up: degraded until then.
            store = (await client.GetFromJsonAsync<JsonObject>("/health/details", ct))!["checks"]!["store"]!.AsObject();
        }
        while ((string?)store["status"] != "Healthy" && DateTime.UtcNow < deadline && await Task.Delay(50, ct).ContinueWith(_ => true, ct));

        Assert.Equal("Healthy", (string?)store["status"]);
        Assert.Equal(TestBackend.UsesPostgres ? "Postgres" : "Sqlite", (string?)store["data"]!["backend"]);
        Assert.DoesNotContain("Password", (string?)store["data"]!["location"], StringComparison.OrdinalIgnoreCase);
        if (TestBackend.UsesPostgres)
        {
            Assert.True((bool)store["data"]!["listening"]!);
        }
    }
}
