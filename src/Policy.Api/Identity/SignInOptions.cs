using System.Net;
using Microsoft.Extensions.Options;

namespace Policy.Api.Identity;

/// <summary>
/// Section "Policy:SignIn": single sign-on with the company's OpenID Connect provider (Entra ID,
/// Keycloak, Okta, …). Empty <see cref="Authority"/>: off, and people sign in with API keys only.
/// </summary>
public sealed class SignInOptions
{
    public const string Section = "Policy:SignIn";

    /// <summary>The provider's issuer URL, e.g. https://login.microsoftonline.com/&lt;tenant&gt;/v2.0.
    /// HTTPS, except a loopback host (a provider on this machine, as in the tests).</summary>
    public string? Authority { get; set; }

    /// <summary>The client (application) id registered at the provider for the pages.</summary>
    public string? ClientId { get; set; }

    /// <summary>The client id Swagger UI signs in with (authorization code flow with PKCE, no secret:
    /// a public client whose redirect URI is &lt;base&gt;/swagger/oauth2-redirect.html); empty: <see cref="ClientId"/>.</summary>
    public string? SwaggerClientId { get; set; }

    /// <summary>The client secret; empty for a public client (PKCE alone).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The audience API callers' access tokens must name; empty: the client id.</summary>
    public string? Audience { get; set; }

    /// <summary>The claim that holds the person id, e.g. oid, sub or preferred_username. It must be
    /// the id the roster CSV and the API keys use for that person.</summary>
    public string PersonIdClaim { get; set; } = "sub";

    public string NameClaim { get; set; } = "name";

    public string EmailClaim { get; set; } = "email";

    /// <summary>The claim with the person's groups or app roles, e.g. groups or roles.</summary>
    public string RoleClaim { get; set; } = "groups";

    /// <summary>Role → the values of <see cref="RoleClaim"/> that give it, e.g. hr: [policy-hr].
    /// Everybody who signs in is an employee; values not listed give nothing.</summary>
    public Dictionary<string, List<string>> RoleGroups { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Scopes the pages ask for. Keycloak and Okta need "groups" here for the groups claim.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>Tolerance for clocks that differ between the provider and this server.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a page session lasts without activity (it slides while the person works).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>The name of the sign-in button, e.g. "Microsoft" (empty: "company account").</summary>
    public string? ProviderName { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    public string EffectiveAudience => string.IsNullOrWhiteSpace(Audience) ? ClientId ?? string.Empty : Audience;

    public string EffectiveSwaggerClientId => string.IsNullOrWhiteSpace(SwaggerClientId) ? ClientId ?? string.Empty : SwaggerClientId;

    public IReadOnlyList<string> EffectiveScopes => Scopes.Count > 0 ? Scopes : ["openid", "profile", "email"];

    /// <summary>
    /// The metadata of a provider on this machine may come over plain HTTP (the tests' provider);
    /// any other authority must be HTTPS.
    /// </summary>
    public bool AuthorityIsLoopback =>
        Uri.TryCreate(Authority, UriKind.Absolute, out var uri)
        && (uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip)));

    /// <summary>The roles a person with these claim values gets: employee, plus the mapped ones.</summary>
    public IReadOnlyList<string> RolesFor(IEnumerable<string> claimValues)
    {
        var values = claimValues.ToHashSet(StringComparer.Ordinal);
        var roles = new SortedSet<string>(StringComparer.Ordinal) { Roles.Employee };
        foreach (var (role, groups) in RoleGroups)
        {
            if (groups.Exists(values.Contains))
            {
                roles.Add(role.ToLowerInvariant());
            }
        }

        return [.. roles];
    }
}

internal sealed class SignInOptionsValidator : IValidateOptions<SignInOptions>
{
    public ValidateOptionsResult Validate(string? name, SignInOptions o)
    {
        const string S = SignInOptions.Section;
        var failures = new List<string>();
        if (!o.Enabled)
        {
            if (!string.IsNullOrWhiteSpace(o.ClientId) || !string.IsNullOrWhiteSpace(o.ClientSecret))
            {
                failures.Add($"{S}:Authority is required when {S}:ClientId or ClientSecret is set (or remove them to sign in with API keys only).");
            }

            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }

        if (!Uri.TryCreate(o.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
        {
            failures.Add($"{S}:Authority must be an absolute URL of the provider's issuer, e.g. https://login.microsoftonline.com/<tenant>/v2.0.");
        }
        else if (authority.Scheme == "http" && !o.AuthorityIsLoopback)
        {
            failures.Add($"{S}:Authority must use https (plain http only for a provider on this machine's loopback address).");
        }

        if (string.IsNullOrWhiteSpace(o.ClientId))
        {
            failures.Add($"{S}:ClientId is required when {S}:Authority is set.");
        }

        foreach (var (claim, value) in new[] { ("PersonIdClaim", o.PersonIdClaim), ("NameClaim", o.NameClaim), ("EmailClaim", o.EmailClaim), ("RoleClaim", o.RoleClaim) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                failures.Add($"{S}:{claim} must name a claim.");
            }
        }

        foreach (var (role, groups) in o.RoleGroups)
        {
            if (!Roles.All.Contains(role.ToLowerInvariant()))
            {
                failures.Add($"{S}:RoleGroups:{role} is not a role; use employee, hr, legal or admin.");
            }
            else if (groups.Exists(string.IsNullOrWhiteSpace))
            {
                failures.Add($"{S}:RoleGroups:{role} has an empty group value.");
            }
        }

        if (!o.EffectiveScopes.Contains("openid"))
        {
            failures.Add($"{S}:Scopes must include openid.");
        }

        if (o.ClockSkew < TimeSpan.Zero || o.ClockSkew > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{S}:ClockSkew must be between 00:00:00 and 00:05:00.");
        }

        if (o.SessionLifetime < TimeSpan.FromMinutes(5) || o.SessionLifetime > TimeSpan.FromDays(7))
        {
            failures.Add($"{S}:SessionLifetime must be between 00:05:00 and 7.00:00:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
