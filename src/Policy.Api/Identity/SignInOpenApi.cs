using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Policy.Api.Identity;

/// <summary>
/// Where single sign-on is set up, the OpenAPI document names the company's provider as an
/// OpenID Connect security scheme ("oidc", its discovery document), beside the API keys: callers
/// send the provider's access tokens as bearer tokens.
/// </summary>
internal sealed class SignInOpenApi(IOptions<SignInOptions> options) : IOpenApiDocumentTransformer
{
    public const string SchemeName = "oidc";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var s = options.Value;
        if (!s.Enabled)
        {
            return Task.CompletedTask;
        }

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.OpenIdConnect,
            OpenIdConnectUrl = new Uri(s.Authority!.TrimEnd('/') + "/.well-known/openid-configuration"),
            Description = $"An access token of the company's sign-in provider for the audience '{s.EffectiveAudience}', sent as 'Authorization: Bearer <token>'. " +
                $"The person is the token's '{s.PersonIdClaim}' claim; the roles come from its '{s.RoleClaim}' claim (everybody signed in is an employee).",
        };
        return Task.CompletedTask;
    }
}
