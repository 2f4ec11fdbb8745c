namespace Policy.Api.Pages;

/// <summary>
/// Security headers on every response, whoever writes it (endpoints, problem answers, the
/// exception handler, Swagger UI, the OpenAPI document): no MIME sniffing, no referrer, no framing,
/// and a Content-Security-Policy. The pages set their own, stricter policy
/// (<see cref="PageEndpoints.ContentSecurityPolicy"/>) and keep it; Swagger UI needs inline styles
/// (it sets style attributes from script) and data: images; everything else is data, which a
/// browser must never run or embed.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>JSON, CSV and problem answers: nothing may load, run or frame them.</summary>
    public const string ApiPolicy = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>Swagger UI: its scripts and styles from this origin, plus the inline styles it sets.</summary>
    public const string SwaggerPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(static (context, next) =>
        {
            // At the moment the headers go out, so answers written later in the pipeline (or by the
            // exception handler after a reset) carry them too.
            context.Response.OnStarting(static state => Apply((HttpContext)state), context);
            return next(context);
        });

    private static Task Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        if (string.IsNullOrEmpty(headers.ContentSecurityPolicy))
        {
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/swagger", StringComparison.OrdinalIgnoreCase) ? SwaggerPolicy : ApiPolicy;
        }

        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        return Task.CompletedTask;
    }
}
