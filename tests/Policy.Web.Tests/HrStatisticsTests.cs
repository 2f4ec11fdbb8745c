using System.Net.Http.Json;
using static Microsoft.Playwright.Assertions;
using static Policy.Web.Tests.PageSession;

namespace Policy.Web.Tests;

/// <summary>The HR console's statistics: charts drawn from /api/v1/decisions/stats with counts seeded through the API.</summary>
public sealed class HrStatisticsTests(Browser browser)
{
    [Fact]
    public async Task HR_reads_the_decision_charts_with_the_counts_seeded_through_the_API()
    {
        // A server of its own: the statistics count every check on the server, other tests' too.
        await using var own = new WebServer();
        using (var http = own.Http(own.NewKey("employee")))
        {
            foreach (var (text, times) in new[] { ("Der neue Zugang fürs Lager-WLAN, Passwort lautet Blaubeere#77", 3), ("Der neue Zugang fürs Lager-WLAN steht ab Montag bereit.", 2) })
            {
                for (var i = 0; i < times; i++)
                {
                    using var response = await http.PostAsJsonAsync("api/v1/checks", new { text, language = "de" }, TestContext.Current.CancellationToken);
                    Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
                }
            }
        }

        var page = await OpenSignedInAsync(browser, own, "/hr.html", own.NewKey("hr"));
        await Expect(page.Locator("#st-total")).ToHaveAttributeAsync("data-total", "5");
        var decisions = page.Locator("#st-decisions");
        var block = decisions.Locator("g.bar[data-key='block']");
        await Expect(block).ToHaveAttributeAsync("data-value", "3");
        // Readable without colour: the sign and the word, and the number as text.
        Assert.Equal("✕ Blockiert", await block.Locator(".bar-label").TextContentAsync());
        Assert.Equal("3", await block.Locator(".bar-value").TextContentAsync());
        Assert.Equal("2", await decisions.Locator("g.bar[data-key='allow'] .bar-value").TextContentAsync());
        Assert.Equal("0", await decisions.Locator("g.bar[data-key='warn'] .bar-value").TextContentAsync());
        // The longest bar is the largest count.
        var widths = await decisions.Locator("g.bar rect").EvaluateAllAsync<double[]>("l => l.map(r => r.getBBox().width)");
        Assert.Equal(widths.Max(), await block.Locator("rect").EvaluateAsync<double>("r => r.getBBox().width"));

        Assert.Equal("3", await page.Locator("#st-rules g.bar[data-key='credential.secret']").GetAttributeAsync("data-value"));
        var perWeek = await page.Locator("#st-weeks g.bar").EvaluateAllAsync<int[]>("l => l.map(g => Number(g.dataset.value))");
        Assert.Equal(5, perWeek.Sum());
        // The same numbers as a table for screen readers.
        Assert.Contains("3", await decisions.Locator("xpath=..").Locator("table").InnerTextAsync(), StringComparison.Ordinal);

        await browser.ScreenshotAsync(page, "hr-statistics-desktop");
        await PageAudit.AssertNoAxeViolationsAsync(page, "hr statistics (de)");
        await PageAudit.AssertOneLanguageAsync(page, "hr statistics (de)");
        Assert.Empty(browser.Errors[page]);
        await page.Context.CloseAsync();
    }
}
