using System.Security.Claims;
using System.Text.RegularExpressions;
using Policy.Api.People;

namespace Policy.Api.Identity;

/// <summary>
/// Who a token of the company's provider says the person is: the person id, name and mail from the
/// configured claims, the roles from the configured group or role claim. Nothing of it ever comes
/// from a request body.
/// </summary>
public static partial class DirectoryClaims
{
    /// <summary>The authentication type of a page session (cookie), which must send antiforgery tokens.</summary>
    public const string SessionType = "session";

    /// <summary>The authentication type of an API caller with a provider's access token.</summary>
    public const string TokenType = "token";

    /// <summary>The person a validated token describes, or why it describes nobody this API can serve.</summary>
    public static (DirectoryPerson? Person, string? Problem) Read(ClaimsPrincipal token, SignInOptions options)
    {
        var id = token.FindFirst(options.PersonIdClaim)?.Value;
        if (string.IsNullOrEmpty(id))
        {
            return (null, $"the token has no '{options.PersonIdClaim}' claim (Policy:SignIn:PersonIdClaim)");
        }

        if (!PersonId().IsMatch(id))
        {
            return (null, $"the '{options.PersonIdClaim}' claim is not a usable person id (letters, digits and . _ @ - only, at most 100)");
        }

        var name = token.FindFirst(options.NameClaim)?.Value;
        var email = token.FindFirst(options.EmailClaim)?.Value;
        var roles = options.RolesFor(token.FindAll(options.RoleClaim).Select(c => c.Value));
        return (new DirectoryPerson(id, string.IsNullOrWhiteSpace(name) ? id : Trim(name, 200), Trim(email ?? string.Empty, 254), roles), null);
    }

    /// <summary>The principal the endpoints see: the same claims an API key gives.</summary>
    public static ClaimsPrincipal Principal(DirectoryPerson person, string authenticationType)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, person.Id),
            new(ClaimTypes.Name, person.DisplayName),
            new(ClaimTypes.Email, person.Email),
        };
        claims.AddRange(person.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }

    private static string Trim(string value, int max) => value.Length <= max ? value : value[..max];

    [GeneratedRegex("^[A-Za-z0-9._@-]{1,100}$")]
    private static partial Regex PersonId();
}
