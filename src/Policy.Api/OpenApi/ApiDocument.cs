using Microsoft.Extensions.Options;
using Policy.Api.Identity;
using Policy.Api.Pages;

namespace Policy.Api.OpenApi;

/// <summary>
/// The OpenAPI document at /openapi/v1.json (committed as docs/openapi.json, linted in CI and the
/// source of the generated clients) and Swagger UI at /swagger, which signs in with an API key or,
/// where single sign-on is set up, with the company's provider (authorization code flow with PKCE).
/// </summary>
public static class ApiDocument
{
    public const string Name = "v1";
    public const string Path = "/openapi/v1.json";

    public static IServiceCollection AddPolicyOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi(Name, o =>
        {
            // First, so the features' own operation transformers (images on CheckDraft) add to it.
            o.AddOperationTransformer<OperationDescription>();
            o.AddSchemaTransformer<SchemaDescription>();
        });

        // Last, after the features' document transformers (webhooks, sign-in), whose parts it completes.
        services.PostConfigure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>(Name, o => o.AddDocumentTransformer<DocumentDescription>());
        return services;
    }

    public static IEndpointConventionBuilder MapPolicyOpenApi(this WebApplication app)
    {
        var document = app.MapOpenApi();
        var signIn = app.Services.GetRequiredService<IOptions<SignInOptions>>().Value;
        if (signIn.Enabled)
        {
            // Swagger UI reads the provider's discovery document and exchanges the code for a token
            // from the browser: its content security policy lets it reach the provider, nothing else.
            var provider = new Uri(signIn.Authority!).GetLeftPart(UriPartial.Authority);
            var policy = SecurityHeaders.SwaggerPolicy.Replace("connect-src 'self'", "connect-src 'self' " + provider, StringComparison.Ordinal);
            app.Use((context, next) =>
            {
                if (context.Request.Path.StartsWithSegments("/swagger", StringComparison.OrdinalIgnoreCase))
                {
                    // Registered after UseSecurityHeaders, so it runs first and that one keeps it.
                    context.Response.OnStarting(() =>
                    {
                        context.Response.Headers.ContentSecurityPolicy = policy;
                        return Task.CompletedTask;
                    });
                }

                return next(context);
            });
        }

        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint(Path, "Policy API v1");
            o.RoutePrefix = "swagger";
            o.DocumentTitle = "Policy API";
            // Authorize remembers the key or token across reloads of the page (in this tab's storage).
            o.EnablePersistAuthorization();
            if (signIn.Enabled)
            {
                // A browser is a public client: the code flow with PKCE, never a secret in the page.
                o.OAuthClientId(signIn.EffectiveSwaggerClientId);
                o.OAuthUsePkce();
                o.OAuthScopes([.. signIn.EffectiveScopes]);
                o.OAuthAppName("Policy API");
            }
        });
        return document;
    }
}
