namespace Policy.Web.Tests;

/// <summary>
/// Swagger UI under the security headers every response carries (issue 16, item 8): its policy
/// allows what it needs and nothing more, so it still renders the operations, and the browser
/// reports no refused script, style or image (a CSP violation is a console error).
/// </summary>
public sealed class SwaggerTests(WebServer server, Browser browser)
{
    [Fact]
    public async Task Swagger_UI_renders_its_operations_under_its_content_security_policy()
    {
        var page = await browser.NewPageAsync("en-GB");
        var response = await page.GotoAsync(server.BaseUrl + "/swagger/index.html");
        Assert.NotNull(response);
        Assert.Contains("frame-ancestors 'none'", await response.HeaderValueAsync("content-security-policy") ?? string.Empty, StringComparison.Ordinal);

        try
        {
            await page.Locator(".opblock").First.WaitForAsync(new() { Timeout = 20_000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail("Swagger UI rendered no operation: " + string.Join(" | ", browser.Errors[page]) + " | " + await page.ContentAsync());
        }

        Assert.True(await page.Locator(".opblock").CountAsync() > 20);
        Assert.Empty(browser.Errors[page]);
        await page.Context.CloseAsync();
    }
}
