namespace Policy.Api.Pages;

/// <summary>
/// The web pages under wwwroot/: the pre-check at /, the guideline, and the HR and legal consoles.
/// Plain static files; every page and script goes out with a strict Content-Security-Policy (scripts
/// and styles only from this origin, no inline code), nosniff and no referrer. The pages call the
/// same /api/v1 endpoints with the key the person signed in with.
/// </summary>
public static class PageEndpoints
{
    /// <summary>No inline script or style, nothing from another origin, no framing.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
        "font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static IApplicationBuilder UsePolicyPages(this IApplicationBuilder app)
    {
        app.UseDefaultFiles();
        return app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.XFrameOptions = "DENY";
                // Pages and scripts change with the server; the browser revalidates instead of guessing.
                headers.CacheControl = "no-cache";
            },
        });
    }
}
