using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Policy.Api.Tests;

/// <summary>How the host is put together at start-up.</summary>
public sealed class StartupTests
{
    [Fact]
    public void Settings_files_are_read_once_and_not_watched()
    {
        using var factory = new ApiFactory();
        var configuration = (IConfigurationRoot)factory.Services.GetRequiredService<IConfiguration>();
        var files = configuration.Providers.OfType<JsonConfigurationProvider>().ToList();
        Assert.Contains(files, f => f.Source.Path == "appsettings.json");
        // A watcher on the content root would wake on every write to the default data directory.
        Assert.All(files, f => Assert.False(f.Source.ReloadOnChange, f.Source.Path));
    }

    [Fact]
    public void No_data_protection_key_ring_is_loaded_or_created()
    {
        using var factory = new ApiFactory();
        using var client = factory.CreateClient();
        // API keys protect nothing with ASP.NET Core data protection; its hosted service would read or
        // write an XML key ring under the service account's home directory at every start.
        var hosted = factory.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().Select(s => s.GetType().FullName!).ToList();
        Assert.Contains(hosted, n => n.StartsWith("Policy.Api.", StringComparison.Ordinal));
        Assert.DoesNotContain(hosted, n => n.Contains("DataProtection", StringComparison.Ordinal));
        var isService = factory.Services.GetRequiredService<IServiceProviderIsService>();
        Assert.False(isService.IsService(typeof(Microsoft.AspNetCore.DataProtection.IDataProtectionProvider)));
        Assert.True(isService.IsService(typeof(Microsoft.AspNetCore.Authentication.IAuthenticationService)));
    }
}
