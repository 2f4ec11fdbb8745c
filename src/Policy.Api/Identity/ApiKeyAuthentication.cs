using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Policy.Api.RateLimits;

namespace Policy.Api.Identity;

/// <summary>
/// "Authorization: Bearer &lt;key&gt;". The person and roles come from the key alone, never from
/// anything in the request body. 401 and 403 are answered as ProblemDetails.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            Context.MarkFailedSignIn();
            return Task.FromResult(AuthenticateResult.Fail("expected 'Authorization: Bearer <key>'"));
        }

        var holder = keys.Resolve(header["Bearer ".Length..].Trim());
        if (holder is not { Person: var person })
        {
            // Counted per client address by the rate limiter: guessing keys is throttled.
            Context.MarkFailedSignIn();
            return Task.FromResult(AuthenticateResult.Fail("unknown or revoked key"));
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, person.Id),
            new(ClaimTypes.Name, person.DisplayName),
            new(ClaimTypes.Email, person.Email),
        };
        claims.AddRange(person.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        keys.NoteUse(holder.KeyId);
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = 401, Title = "Sign in with an API key or a token.", Detail = "Send 'Authorization: Bearer <key>' with a valid, unrevoked key, or a current access token of the company's sign-in provider where single sign-on is set up." },
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = 403, Title = "Your roles do not admit this.", Detail = "Ask an administrator for a key with the required role, or for the directory group that gives it." },
        });
    }
}

public static class CallerExtensions
{
    /// <summary>The signed-in person's id; endpoints that call this require authentication.</summary>
    public static string PersonId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("no signed-in person");

    public static IReadOnlyList<string> RoleList(this ClaimsPrincipal user) =>
        [.. user.FindAll(ClaimTypes.Role).Select(c => c.Value)];
}
