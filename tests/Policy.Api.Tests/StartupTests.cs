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
}
