using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Policy.Api.Identity;

public static class IdentityServices
{
    public static IServiceCollection AddPolicyIdentity(this IServiceCollection services)
    {
        services.AddOptions<IdentityOptions>().BindConfiguration(IdentityOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IdentityOptions>, IdentityOptionsValidator>();
        services.AddSingleton<ApiKeyStore>();
        // AddAuthentication() would also add ASP.NET Core data protection, whose hosted service loads
        // (or creates) an XML key ring in the home directory at start-up; API keys need none of it
        // (no cookies, nothing protected), and it costs start time and several MB of memory.
        services.AddAuthenticationCore(o => o.DefaultScheme = ApiKeyAuthenticationHandler.SchemeName);
        services.AddWebEncoders();
        new AuthenticationBuilder(services)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Policies.SignedIn, p => p.RequireAuthenticatedUser())
            .AddPolicy(Roles.Policies.HrOrAdmin, p => p.RequireRole(Roles.Hr, Roles.Admin))
            .AddPolicy(Roles.Policies.LegalOrAdmin, p => p.RequireRole(Roles.Legal, Roles.Admin))
            .AddPolicy(Roles.Policies.HrLegalOrAdmin, p => p.RequireRole(Roles.Hr, Roles.Legal, Roles.Admin))
            .AddPolicy(Roles.Policies.AdminOnly, p => p.RequireRole(Roles.Admin));
        return services;
    }

    /// <summary>
    /// On first start with an empty database, creates the admin key: from configuration if given,
    /// otherwise a new one printed once to the console (never to the log).
    /// </summary>
    public static void EnsureAdminKey(this IServiceProvider services)
    {
        var keys = services.GetRequiredService<ApiKeyStore>();
        if (keys.Any())
        {
            return;
        }

        var configured = services.GetRequiredService<IOptions<IdentityOptions>>().Value.BootstrapAdminKey;
        var created = keys.CreateFirst("system", "admin", "Administrator", "admin@localhost", [Roles.Admin], string.IsNullOrEmpty(configured) ? null : configured);
        if (created is not { Key: var key })
        {
            return; // another instance on the same database was first
        }

        if (string.IsNullOrEmpty(configured))
        {
            Console.WriteLine($"""

                ================================================================
                 First start: an admin API key was created. It is shown once.
                   {key}
                 Use it as 'Authorization: Bearer <key>' to create other keys.
                ================================================================

                """);
        }
    }
}
