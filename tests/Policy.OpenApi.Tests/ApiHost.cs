using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Policy.OpenApi.Tests;

/// <summary>The real API on a fresh SQLite store in a temporary folder, with a known admin key.</summary>
public sealed class ApiHost : WebApplicationFactory<Program>
{
    public const string AdminKey = "pk_openapi_admin_key_0123456789abcdef";

    private readonly string _data = Directory.CreateTempSubdirectory("policy-openapi-").FullName;

    /// <summary>Extra settings, e.g. single sign-on.</summary>
    public Dictionary<string, string> Settings { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Policy:Storage:DataDirectory", _data);
        builder.UseSetting("Policy:Identity:BootstrapAdminKey", AdminKey);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try
            {
                Directory.Delete(_data, recursive: true);
            }
            catch (IOException)
            {
                // A file the host still closes; the temporary folder is cleaned by the system.
            }
        }
    }
}
