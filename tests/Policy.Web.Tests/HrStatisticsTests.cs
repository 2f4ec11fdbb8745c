using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using static Microsoft.Playwright.Assertions;
using static Policy.Web.Tests.PageSession;

namespace Policy.Web.Tests;

/// <summary>The HR console's statistics: charts drawn from /api/v1/decisions/stats with counts seeded through the API.</summary>
public sealed class HrStatisticsTests(Browser browser)
{
    private const string Blocked = "Der neue Zugang fürs Lager-WLAN, Passwort lautet Blaubeere#77";
    private const string Allowed = "Der neue Zugang fürs Lager-WLAN steht ab Montag bereit.";

    /// <summary>A warn (pii.phone) in the default guideline, which its author may override.</summary>
    private const string Warned = "Ruft mich einfach an unter 0171 2345678.";

    [Fact]
    public async Task HR_reads_the_decision_charts_and_the_weekly_false_positive_reports_and_overrides_with_the_counts_seeded_through_the_API()
    {
        // A server of its own: the statistics count every check on the server, other tests' too.
        await using var own = new WebServer();
        var ct = TestContext.Current.CancellationToken;
        var weeks = new List<string>();
        using (var http = own.Http(own.NewKey("employee")))
        {
            async Task<JsonElement> PostAsync(string path, object body)
            {
                using var response = await http.PostAsJsonAsync(path, body, ct);
                var text = await response.Content.ReadAsStringAsync(ct);
                Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
                return JsonDocument.Parse(text).RootElement.Clone();
            }

            foreach (var (text, times) in new[] { (Blocked, 3), (Allowed, 2) })
            {
                for (var i = 0; i < times; i++)
                {
                    await PostAsync("api/v1/checks", new { text, language = "de" });
                }
            }

            // Three warned checks: all three overridden, two of them also reported as a false positive.
            for (var i = 0; i < 3; i++)
            {
                var check = await PostAsync("api/v1/checks", new { text = Warned, language = "de" });
                Assert.Equal("warn", check.GetProperty("decision").GetString());
                var checkId = check.GetProperty("checkId").GetString();
                var overridden = await PostAsync("api/v1/overrides", new { checkId, reason = "business-need", justification = "Die Nummer ist die offizielle Hotline." });
                weeks.Add(IsoWeek(overridden.GetProperty("at").GetDateTimeOffset()));
                if (i < 2)
                {
                    var reported = await PostAsync("api/v1/false-positives", new { checkId, ruleId = "pii.phone", comment = "Das ist die Hotline." });
                    weeks.Add(IsoWeek(reported.GetProperty("at").GetDateTimeOffset()));
                }
            }
        }

        var page = await OpenSignedInAsync(browser, own, "/hr.html", own.NewKey("hr"));
        await Expect(page.Locator("#st-total")).ToHaveAttributeAsync("data-total", "8");
        var decisions = page.Locator("#st-decisions");
        var block = decisions.Locator("g.bar[data-key='block']");
        await Expect(block).ToHaveAttributeAsync("data-value", "3");
        // Readable without colour: the sign and the word, and the number as text.
        Assert.Equal("✕ Blockiert", await block.Locator(".bar-label").TextContentAsync());
        Assert.Equal("3", await block.Locator(".bar-value").TextContentAsync());
        Assert.Equal("2", await decisions.Locator("g.bar[data-key='allow'] .bar-value").TextContentAsync());
        Assert.Equal("3", await decisions.Locator("g.bar[data-key='warn'] .bar-value").TextContentAsync());
        Assert.Equal("0", await decisions.Locator("g.bar[data-key='review'] .bar-value").TextContentAsync());
        // The longest bar is the largest count (block and warn tie at 3).
        var widths = await decisions.Locator("g.bar rect").EvaluateAllAsync<double[]>("l => l.map(r => r.getBBox().width)");
        Assert.Equal(widths.Max(), await block.Locator("rect").EvaluateAsync<double>("r => r.getBBox().width"));
        Assert.True(widths.Max() > await decisions.Locator("g.bar[data-key='allow'] rect").EvaluateAsync<double>("r => r.getBBox().width"));

        Assert.Equal("3", await page.Locator("#st-rules g.bar[data-key='credential.secret']").GetAttributeAsync("data-value"));
        Assert.Equal("3", await page.Locator("#st-rules g.bar[data-key='pii.phone']").GetAttributeAsync("data-value"));
        var perWeek = await page.Locator("#st-weeks g.bar").EvaluateAllAsync<int[]>("l => l.map(g => Number(g.dataset.value))");
        Assert.Equal(8, perWeek.Sum());
        // The same numbers as a table for screen readers.
        Assert.Contains("3", await decisions.Locator("xpath=..").Locator("table").InnerTextAsync(), StringComparison.Ordinal);

        // False-positive reports and overrides per week: the totals, each week's columns with their numbers, the table.
        var feedback = page.Locator("#st-feedback");
        await Expect(page.Locator("#st-feedback-total")).ToHaveTextAsync("2 Hinweise als falsch gemeldet, 3 Prüfungen übersteuert");
        Assert.Equal(2, await SeriesSumAsync(feedback, "reports"));
        Assert.Equal(3, await SeriesSumAsync(feedback, "overrides"));
        var week = weeks[^1];
        if (weeks.All(w => w == week))
        {
            // All seeded in one week (the usual case; a run across Sunday midnight splits them).
            Assert.Equal("2", await feedback.Locator($"g.bar[data-series='reports'][data-key='{week}'] .bar-value").TextContentAsync());
            Assert.Equal("3", await feedback.Locator($"g.bar[data-series='overrides'][data-key='{week}'] .bar-value").TextContentAsync());
            var row = feedback.Locator("xpath=..").Locator($"table tr[data-key='{week}']");
            Assert.Equal("2", await row.Locator("td[data-series='reports']").TextContentAsync());
            Assert.Equal("3", await row.Locator("td[data-series='overrides']").TextContentAsync());
            Assert.Equal("KW " + int.Parse(week[6..], CultureInfo.InvariantCulture) + " " + week[..4], (await row.Locator("th").TextContentAsync())!.Trim());
            // The taller column is the larger count.
            var heights = await feedback.Locator($"g.bar[data-key='{week}'] rect").EvaluateAllAsync<double[]>("l => l.map(r => r.getBBox().height)");
            Assert.True(heights[1] > heights[0], $"the overrides' column (3) is not taller than the reports' (2): {string.Join(", ", heights)}");
        }

        // Told apart without colour: the overrides are hatched, and the legend names both series in words.
        // As drawn (a stylesheet rule would win over the fill attribute): the pattern, and a plain colour for the reports.
        const string Fill = "r => getComputedStyle(r).fill";
        Assert.StartsWith("url(", await feedback.Locator("g.bar[data-series='overrides'] rect").First.EvaluateAsync<string>(Fill));
        Assert.StartsWith("rgb(", await feedback.Locator("g.bar[data-series='reports'] rect").First.EvaluateAsync<string>(Fill));
        var legend = feedback.Locator("xpath=..").Locator(".chart-legend li");
        Assert.Equal(["Als falsch gemeldet", "Übersteuert"], (await legend.AllInnerTextsAsync()).Select(t => t.Trim()));

        await browser.ScreenshotAsync(page, "hr-statistics-desktop");
        await PageAudit.AssertNoAxeViolationsAsync(page, "hr statistics (de)");
        await PageAudit.AssertOneLanguageAsync(page, "hr statistics (de)");

        await page.Locator("#lang-switch").ClickAsync();
        await Expect(page.Locator("#st-feedback-total")).ToHaveTextAsync("2 findings reported as wrong, 3 checks overridden");
        Assert.Equal(["Reported as wrong", "Overridden"], (await feedback.Locator("xpath=..").Locator(".chart-legend li").AllInnerTextsAsync()).Select(t => t.Trim()));
        Assert.Equal(["Item", "Reported as wrong", "Overridden"], await page.Locator("#st-feedback").Locator("xpath=..").Locator("table thead th").AllTextContentsAsync());
        Assert.Equal("✕ Blocked", await page.Locator("#st-decisions g.bar[data-key='block'] .bar-label").TextContentAsync());
        await browser.ScreenshotAsync(page, "hr-statistics-desktop-en");
        await PageAudit.AssertNoAxeViolationsAsync(page, "hr statistics (en)");
        await PageAudit.AssertOneLanguageAsync(page, "hr statistics (en)");

        await page.SetViewportSizeAsync(390, 844);
        if (!await FitsWidthAsync(page))
        {
            var wide = await page.EvaluateAsync<string[]>(
                "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 8).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))");
            Assert.Fail("the HR console is wider than a 390 px phone: " + string.Join(", ", wide));
        }

        await PageAudit.AssertNoAxeViolationsAsync(page, "hr statistics (en, 390×844)");
        Assert.Empty(browser.Errors[page]);
        await page.Context.CloseAsync();
    }

    private static Task<int> SeriesSumAsync(Microsoft.Playwright.ILocator chart, string series) =>
        chart.Locator($"g.bar[data-series='{series}']").EvaluateAllAsync<int>("l => l.reduce((sum, g) => sum + Number(g.dataset.value), 0)");

    private static string IsoWeek(DateTimeOffset at) =>
        string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(at.UtcDateTime):D4}-W{ISOWeek.GetWeekOfYear(at.UtcDateTime):D2}");
}
