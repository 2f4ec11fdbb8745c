namespace Policy.Api.Pages;

/// <summary>
/// The web pages: the pre-check at /, the guideline, approvals, and the HR, legal and admin consoles,
/// each composed from one shell (<see cref="PageShell"/>), and their stylesheet and scripts as static
/// files under wwwroot/. Every page and script goes out with a strict Content-Security-Policy (scripts
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
        var shell = PageShell.Load();
        app.Use((context, next) => ServePageAsync(context, next, shell));
        return app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = context => SetPageHeaders(context.Context.Response.Headers),
        });
    }

    private static Task ServePageAsync(HttpContext context, RequestDelegate next, PageShell shell)
    {
        var html = shell.Find(context.Request.Path);
        if (html is null || !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
        {
            return next(context);
        }

        var response = context.Response;
        SetPageHeaders(response.Headers);
        response.ContentType = "text/html; charset=utf-8";
        response.ContentLength = html.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(html, context.RequestAborted).AsTask();
    }

    private static void SetPageHeaders(IHeaderDictionary headers)
    {
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        // Pages and scripts change with the server; the browser revalidates instead of guessing.
        headers.CacheControl = "no-cache";
    }
}
