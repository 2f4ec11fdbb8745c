using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Policy.Api.People;
using Policy.Api.RateLimits;
using Policy.Api.Store;

namespace Policy.Api.Identity;

/// <param name="ProviderSignOut">Where the page goes next to end the session at the provider too (null: nowhere).</param>
public sealed record SignedOut(string? ProviderSignOut);

/// <summary>What the pages learn about the visitor's session and how to sign in.</summary>
/// <param name="Antiforgery">For a page session: the header and token every POST, PUT and DELETE must carry.</param>
public sealed record SessionInfo(bool SingleSignOn, string? ProviderName, bool SignedIn, MeResponse? Me, AntiforgeryInfo? Antiforgery);

public sealed record AntiforgeryInfo(string HeaderName, string FormFieldName, string Token);

/// <summary>
/// Single sign-on with the company's OpenID Connect provider (Policy:SignIn), beside the API keys:
/// the pages sign in with the authorization code flow and PKCE and keep a cookie session (Secure,
/// HttpOnly, SameSite=Lax; state-changing calls need an antiforgery token); API callers send the
/// provider's access tokens as bearer tokens. Which of key, token or session a request carries is
/// chosen per request; the person and roles always come from the key or the validated token.
/// Without Policy:SignIn:Authority none of this is registered and only keys sign in.
/// </summary>
public static class SignIn
{
    public const string Selector = "Policy";
    public const string Session = "Session";
    public const string Provider = "Oidc";
    public const string Token = "Token";

    public const string SessionCookie = "policy.session";
    public const string AntiforgeryHeader = "X-CSRF-Token";
    public const string AntiforgeryField = "__csrf";

    private const string ProviderSignOutKey = "policy.provider-sign-out";

    public static IServiceCollection AddPolicySignIn(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SignInOptions>().BindConfiguration(SignInOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SignInOptions>, SignInOptionsValidator>();
        if (!(configuration.GetSection(SignInOptions.Section).Get<SignInOptions>()?.Enabled ?? false))
        {
            return services;
        }

        services.AddDataProtection().SetApplicationName("Policy");
        services.AddSingleton<SessionKeyStore>();
        services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", o => o.AddDocumentTransformer<SignInOpenApi>());
        services.AddOptions<KeyManagementOptions>().Configure<SessionKeyStore>((o, ring) => o.XmlRepository = ring);
        services.AddAntiforgery(o =>
        {
            o.HeaderName = AntiforgeryHeader;
            o.FormFieldName = AntiforgeryField;
            o.Cookie.Name = "policy.af";
            // Not Always: ASP.NET Core's antiforgery then refuses to work on any plain-HTTP request,
            // and the pages also run on http://127.0.0.1 (development, the tests). Behind HTTPS (or
            // a proxy with forwarded headers, see docs/deployment.md) the cookie is Secure.
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
        });
        services.Configure<AuthenticationOptions>(o =>
        {
            o.DefaultScheme = Selector;
            // 401 and 403 are problem answers, whatever the caller sent: the pages show their own sign-in.
            o.DefaultChallengeScheme = ApiKeyAuthenticationHandler.SchemeName;
            o.DefaultForbidScheme = ApiKeyAuthenticationHandler.SchemeName;
        });
        services.AddAuthentication()
            .AddPolicyScheme(Selector, null, o => o.ForwardDefaultSelector = Choose)
            .AddCookie(Session, _ => { })
            .AddOpenIdConnect(Provider, _ => { })
            .AddJwtBearer(Token, _ => { });
        services.AddOptions<CookieAuthenticationOptions>(Session).Configure<IOptions<SignInOptions>>((o, s) => ConfigureSession(o, s.Value));
        services.AddOptions<OpenIdConnectOptions>(Provider).Configure<IOptions<SignInOptions>>((o, s) => ConfigureProvider(o, s.Value));
        services.AddOptions<JwtBearerOptions>(Token).Configure<IOptions<SignInOptions>>((o, s) => ConfigureToken(o, s.Value));
        return services;
    }

    /// <summary>A bearer JWT is a provider's token, any other bearer value a key; without a header, the session cookie.</summary>
    private static string Choose(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var value = header.AsSpan("Bearer ".Length).Trim();
            return value.StartsWith("ey", StringComparison.Ordinal) && value.Count('.') == 2 ? Token : ApiKeyAuthenticationHandler.SchemeName;
        }

        return header.Length == 0 && context.Request.Cookies.ContainsKey(SessionCookie) ? Session : ApiKeyAuthenticationHandler.SchemeName;
    }

    private static void ConfigureSession(CookieAuthenticationOptions o, SignInOptions s)
    {
        o.Cookie.Name = SessionCookie;
        o.Cookie.HttpOnly = true;
        o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
        // Lax, not Strict: the provider's redirect back to us is a cross-site navigation, and the
        // page it lands on must already see the session. Cross-site POSTs never carry it.
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.ExpireTimeSpan = s.SessionLifetime;
        o.SlidingExpiration = true;
        o.ForwardChallenge = ApiKeyAuthenticationHandler.SchemeName;
        o.ForwardForbid = ApiKeyAuthenticationHandler.SchemeName;
        o.Events.OnValidatePrincipal = static context =>
        {
            var people = context.HttpContext.RequestServices.GetRequiredService<PeopleStore>();
            var id = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
            if (id is null || !people.StandingOf(id).Admits(context.Properties.IssuedUtc))
            {
                // Offboarded, or every session of theirs was ended: this cookie no longer signs anybody in.
                context.RejectPrincipal();
                context.Response.Cookies.Delete(SessionCookie);
                return Task.CompletedTask;
            }

            people.Seen(id);
            return Task.CompletedTask;
        };
    }

    private static void ConfigureProvider(OpenIdConnectOptions o, SignInOptions s)
    {
        o.Authority = s.Authority;
        o.ClientId = s.ClientId;
        o.ClientSecret = string.IsNullOrEmpty(s.ClientSecret) ? null : s.ClientSecret;
        // Only a provider on this machine's loopback address may serve its metadata over plain HTTP
        // (the tests' provider); the validator refuses http for any other host.
        o.RequireHttpsMetadata = !s.AuthorityIsLoopback;
        o.ResponseType = OpenIdConnectResponseType.Code;
        o.UsePkce = true;
        // The code comes back in the query: a top-level GET, so SameSite=Lax cookies (correlation,
        // nonce) arrive with it; form_post would need SameSite=None.
        o.ResponseMode = OpenIdConnectResponseMode.Query;
        o.SignInScheme = Session;
        o.MapInboundClaims = false;
        o.SaveTokens = false;
        o.GetClaimsFromUserInfoEndpoint = false;
        o.Scope.Clear();
        foreach (var scope in s.EffectiveScopes)
        {
            o.Scope.Add(scope);
        }

        o.TokenValidationParameters.NameClaimType = s.NameClaim;
        o.TokenValidationParameters.RoleClaimType = s.RoleClaim;
        o.TokenValidationParameters.ClockSkew = s.ClockSkew;
        o.CorrelationCookie.Name = "policy.correlation.";
        o.CorrelationCookie.SameSite = SameSiteMode.Lax;
        o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.Always;
        o.NonceCookie.Name = "policy.nonce.";
        o.NonceCookie.SameSite = SameSiteMode.Lax;
        o.NonceCookie.SecurePolicy = CookieSecurePolicy.Always;
        o.Events.OnTokenValidated = context =>
        {
            var (person, problem) = DirectoryClaims.Read(context.Principal!, s);
            if (person is null)
            {
                context.Fail("claims: " + problem);
                return Task.CompletedTask;
            }

            var people = context.HttpContext.RequestServices.GetRequiredService<PeopleStore>();
            if (people.StandingOf(person.Id).Offboarded)
            {
                context.Fail("offboarded: " + person.Id);
                return Task.CompletedTask;
            }

            people.SignedIn(person, always: true);
            context.Principal = DirectoryClaims.Principal(person, DirectoryClaims.SessionType);
            // Kept for the sign-out at the provider (id_token_hint); the access token is not kept.
            if (context.ProtocolMessage.IdToken is { Length: > 0 } idToken)
            {
                context.Properties!.StoreTokens([new AuthenticationToken { Name = "id_token", Value = idToken }]);
            }

            return Task.CompletedTask;
        };
        // Sign-out is a fetch from the page (a form post could not follow the redirect to the provider:
        // the pages' Content-Security-Policy allows forms to post to this origin only). The address
        // of the provider's end-session endpoint goes back to the page, which navigates there.
        o.Events.OnRedirectToIdentityProviderForSignOut = static context =>
        {
            // client_id too: some providers (oidc-provider, Keycloak) honour post_logout_redirect_uri only with it.
            context.ProtocolMessage.ClientId ??= context.Options.ClientId;
            // What the handler would add after this event: the way back to the page, protected, for /signout-callback-oidc.
            context.ProtocolMessage.State = context.Options.StateDataFormat.Protect(context.Properties);
            context.HttpContext.Items[ProviderSignOutKey] = context.ProtocolMessage.CreateLogoutRequestUrl();
            context.HandleResponse();
            return Task.CompletedTask;
        };
        o.Events.OnRemoteFailure = context =>
        {
            var reason = context.Failure?.Message switch
            {
                { } m when m.StartsWith("offboarded:", StringComparison.Ordinal) => "offboarded",
                { } m when m.StartsWith("claims:", StringComparison.Ordinal) => "claims",
                _ => "failed",
            };
            context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SignIn))
                .LogWarning("A sign-in through the provider failed ({Reason}): {Message}", reason, context.Failure?.Message);
            context.Response.Redirect("/?signin-error=" + reason);
            context.HandleResponse();
            return Task.CompletedTask;
        };
    }

    private static void ConfigureToken(JwtBearerOptions o, SignInOptions s)
    {
        o.Authority = s.Authority;
        o.Audience = s.EffectiveAudience;
        o.RequireHttpsMetadata = !s.AuthorityIsLoopback;
        o.MapInboundClaims = false;
        o.TokenValidationParameters.ClockSkew = s.ClockSkew;
        o.TokenValidationParameters.NameClaimType = s.NameClaim;
        o.TokenValidationParameters.RoleClaimType = s.RoleClaim;
        o.ForwardChallenge = ApiKeyAuthenticationHandler.SchemeName;
        o.ForwardForbid = ApiKeyAuthenticationHandler.SchemeName;
        o.Events = new JwtBearerEvents
        {
            OnAuthenticationFailed = static context =>
            {
                // Counted with wrong keys per client address by the rate limiter.
                context.HttpContext.MarkFailedSignIn();
                return Task.CompletedTask;
            },
            OnTokenValidated = context =>
            {
                // An ID token carries a nonce; it says who signed in to the pages, it grants no API access.
                if (context.Principal!.HasClaim(c => c.Type == "nonce"))
                {
                    context.Fail("an ID token is not an access token");
                    return Task.CompletedTask;
                }

                var (person, problem) = DirectoryClaims.Read(context.Principal!, s);
                if (person is null)
                {
                    context.Fail(problem!);
                    return Task.CompletedTask;
                }

                var people = context.HttpContext.RequestServices.GetRequiredService<PeopleStore>();
                var issued = context.SecurityToken is JsonWebToken jwt && jwt.IssuedAt > DateTime.MinValue ? new DateTimeOffset(jwt.IssuedAt, TimeSpan.Zero) : (DateTimeOffset?)null;
                if (!people.StandingOf(person.Id).Admits(issued))
                {
                    context.HttpContext.MarkFailedSignIn();
                    context.Fail("the person was offboarded or their sessions ended after this token was issued");
                    return Task.CompletedTask;
                }

                people.SignedIn(person, always: false);
                context.Principal = DirectoryClaims.Principal(person, DirectoryClaims.TokenType);
                return Task.CompletedTask;
            },
        };
    }

    /// <summary>
    /// A page session's state-changing API calls must carry the antiforgery token (header
    /// X-CSRF-Token): the cookie goes with any request from this site, the token only with the
    /// pages' own. Key and token callers send no cookie and need none.
    /// </summary>
    public static IApplicationBuilder UseSessionAntiforgery(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<SignInOptions>>().Value.Enabled)
        {
            return app;
        }

        return app.Use(static async (context, next) =>
        {
            var method = context.Request.Method;
            if (context.User.Identity is { IsAuthenticated: true, AuthenticationType: DirectoryClaims.SessionType }
                && !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method))
                && !await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails =
                    {
                        Status = 403,
                        Title = "The antiforgery token is missing or wrong.",
                        Detail = $"A signed-in page must send the token from /auth/session in the '{AntiforgeryHeader}' header. Reload the page.",
                    },
                });
                return;
            }

            await next(context);
        });
    }

    /// <summary>The sign-in and sign-out addresses of the pages, and what a page needs to know of its session.</summary>
    public static RouteGroupBuilder MapSignIn(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/auth").ExcludeFromDescription().AllowAnonymous();
        group.MapGet("/session", GetSession);
        group.MapGet("/sign-in", StartSignIn);
        group.MapPost("/sign-out", SignOut);
        return group;
    }

    private static Ok<SessionInfo> GetSession(HttpContext context, IOptions<SignInOptions> options)
    {
        var s = options.Value;
        context.Response.Headers.CacheControl = "no-store";
        var user = context.User;
        if (!s.Enabled || user.Identity is not { IsAuthenticated: true, AuthenticationType: DirectoryClaims.SessionType })
        {
            return TypedResults.Ok(new SessionInfo(s.Enabled, s.ProviderName, false, null, null));
        }

        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        var me = new MeResponse(user.PersonId(), user.FindFirstValue(ClaimTypes.Name) ?? string.Empty, user.FindFirstValue(ClaimTypes.Email) ?? string.Empty, user.RoleList());
        return TypedResults.Ok(new SessionInfo(true, s.ProviderName, true, me, new AntiforgeryInfo(AntiforgeryHeader, AntiforgeryField, tokens.RequestToken!)));
    }

    private static Results<ChallengeHttpResult, ProblemHttpResult> StartSignIn(string? returnUrl, IOptions<SignInOptions> options)
    {
        if (!options.Value.Enabled)
        {
            return NotSetUp();
        }

        return TypedResults.Challenge(new AuthenticationProperties { RedirectUri = LocalPath(returnUrl) }, [Provider]);
    }

    private static async Task<Results<Ok<SignedOut>, ProblemHttpResult>> SignOut(HttpContext context, IOptions<SignInOptions> options)
    {
        if (!options.Value.Enabled)
        {
            return NotSetUp();
        }

        if (context.User.Identity is not { IsAuthenticated: true, AuthenticationType: DirectoryClaims.SessionType })
        {
            return TypedResults.Ok(new SignedOut(null));
        }

        if (!await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "The antiforgery token is missing or wrong.",
                detail: "Sign out with the page's own button (reload the page first).");
        }

        var returnUrl = LocalPath(context.Request.Query["returnUrl"].ToString());
        // The provider's sign-out address first: it reads the ID token (id_token_hint) from this
        // session. Then the session ends here at once; the provider's with its logout page after.
        await context.SignOutAsync(Provider, new AuthenticationProperties { RedirectUri = returnUrl });
        await context.SignOutAsync(Session);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new SignedOut(context.Items[ProviderSignOutKey] as string));
    }

    /// <summary>Only a path of this site: an absolute or protocol-relative URL would be an open redirect.</summary>
    private static string LocalPath(string? url) =>
        url is { Length: > 0 } u && u[0] == '/' && (u.Length == 1 || (u[1] != '/' && u[1] != '\\')) ? u : "/";

    private static ProblemHttpResult NotSetUp() => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Single sign-on is not set up.",
        detail: "Sign in with an API key, or ask the operator to set Policy:SignIn (see docs/deployment.md).");
}
