using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Policy.Web.Tests.PageSession;

namespace Policy.Web.Tests;

/// <summary>
/// Issue 18: from the pre-check page an employee asks for approval of a review draft; the
/// spokesperson for its topic approves it on the reviewer page; the employee sees it approved, and
/// the same text checked again shows the approval. Real Chromium against the real server.
/// </summary>
public sealed class ReviewPageTests(WebServer server, Browser browser)
{
    private const string Finance = "Im Namen der Geschäftsführung: Der Umsatz im dritten Quartal ist gestiegen.";

    [Fact]
    public async Task An_employee_asks_for_approval_of_a_review_draft_a_spokesperson_approves_it_and_the_employee_sees_it_approved()
    {
        var (speaker, speakerName, speakerKey) = server.NewPerson("Sabine Berg", "employee");
        var (_, authorName, authorKey) = server.NewPerson("Erika Muster", "employee");
        using (var hr = server.Http(server.NewKey("hr")))
        {
            using var created = await hr.PostAsJsonAsync("api/v1/spokespeople", new { personId = speaker, topics = new[] { "finance" }, channels = new[] { "*" } }, TestContext.Current.CancellationToken);
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        // The employee: a review draft offers "ask for approval" (and no override: the pack does not allow it).
        var author = await OpenSignedInAsync(browser, server, "/", authorKey);
        await author.Locator("#draft").FillAsync(Finance);
        await WaitForDecisionAsync(author, "review");
        await Expect(author.Locator("#actions")).ToBeVisibleAsync();
        await Expect(author.Locator("#override-box")).ToBeHiddenAsync();
        await author.Locator("#ask-box summary").ClickAsync();
        await author.Locator("#ask-note").FillAsync("Die Zahlen sind seit heute öffentlich.");
        await author.Locator("#ask-share").CheckAsync();
        await author.Locator("#ask-send").ClickAsync();
        await Expect(author.Locator("#ask-result")).ToContainTextAsync("Die Sprecher:innen für das Thema prüfen.");
        await Expect(author.Locator("#my-reviews-list li[data-state='pending']")).ToHaveCountAsync(1);
        await Expect(author.Locator("#my-reviews-list li[data-state='pending']")).ToContainTextAsync("Wartet auf Prüfung");
        await browser.ScreenshotAsync(author, "review-requested-desktop");

        // The spokesperson: the request is in the queue with the shared text; approve it.
        var reviewer = await OpenSignedInAsync(browser, server, "/reviews.html", speakerKey);
        var card = reviewer.Locator("#queue article.review", new PageLocatorOptions { HasText = authorName });
        await Expect(card).ToHaveCountAsync(1);
        await Expect(card.Locator("blockquote.draft-text")).ToHaveTextAsync(Finance);
        await Expect(card).ToContainTextAsync("Die Zahlen sind seit heute öffentlich.");
        await browser.ScreenshotAsync(reviewer, "reviews-queue-desktop");
        await card.Locator("button[data-action='approve']").ClickAsync();
        var decided = reviewer.Locator("#closed article.review[data-state='approved']", new PageLocatorOptions { HasText = authorName });
        await Expect(decided).ToHaveCountAsync(1);
        await Expect(decided).ToContainTextAsync(speakerName);
        await Expect(decided.Locator(".reference")).ToContainTextAsync("APR-");
        var reference = (await decided.Locator(".reference").InnerTextAsync()).Split(' ')[^1];
        await Expect(reviewer.Locator("#queue article.review", new PageLocatorOptions { HasText = authorName })).ToHaveCountAsync(0);

        // The employee: the request is approved with its reference, and the same text checked again says so.
        await author.Locator("#my-reviews-refresh").ClickAsync();
        var approved = author.Locator("#my-reviews-list li[data-state='approved']");
        await Expect(approved).ToHaveCountAsync(1);
        await Expect(approved).ToContainTextAsync("Freigegeben");
        await Expect(approved).ToContainTextAsync(reference);
        await author.Locator("#draft").FillAsync(string.Empty);
        await author.Locator("#draft").FillAsync(Finance);
        await WaitForDecisionAsync(author, "review");
        await Expect(author.Locator("#approval-banner")).ToBeVisibleAsync();
        await Expect(author.Locator("#approval-banner")).ToContainTextAsync(reference);
        await Expect(author.Locator("#ask-box")).ToBeHiddenAsync();
        await browser.ScreenshotAsync(author, "review-approved-desktop");

        Assert.Empty(browser.Errors[author]);
        Assert.Empty(browser.Errors[reviewer]);
        await reviewer.Context.CloseAsync();
        await author.Context.CloseAsync();
    }

    [Fact]
    public async Task A_warn_draft_can_be_posted_anyway_with_a_reason_and_a_finding_reported_as_wrong()
    {
        var page = await OpenSignedInAsync(browser, server, "/", server.NewKey("employee"), "en-GB");
        await page.Locator("#draft").FillAsync("Ruft mich einfach an unter 0171 2345678.");
        await WaitForDecisionAsync(page, "warn");
        await Expect(page.Locator("#override-box")).ToBeVisibleAsync();
        await page.Locator("#override-box summary").ClickAsync();
        await page.Locator("#override-reason").SelectOptionAsync("public-information");
        await page.Locator("#override-send").ClickAsync();
        await Expect(page.Locator("#override-result")).ToHaveAttributeAsync("data-kind", "error");
        await Expect(page.Locator("#override-result")).ToContainTextAsync("justification");
        await page.Locator("#override-justification").FillAsync("This is the public hotline of our shop.");
        await page.Locator("#override-send").ClickAsync();
        await Expect(page.Locator("#override-result")).ToHaveTextAsync("Justification stored. You may post.");

        var finding = page.Locator("#findings li[data-rule='pii.phone']");
        await finding.Locator("button[data-fp-open]").ClickAsync();
        await finding.Locator("input[type=text]").FillAsync("It is the shop's number.");
        await finding.Locator("form button[type=submit]").ClickAsync();
        await Expect(finding.Locator("form .message")).ToHaveTextAsync("Thank you, reported.");
        Assert.Empty(browser.Errors[page]);
        await page.Context.CloseAsync();

        // HR sees both counted for the rule in the console.
        var hr = await OpenSignedInAsync(browser, server, "/hr.html", server.NewKey("hr"), "en-GB");
        var row = hr.Locator("#fb-table tr[data-rule='pii.phone']");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(hr.Locator("#fb-title")).ToHaveTextAsync("Overrides and false positives");
        var cells = await row.Locator("td").AllInnerTextsAsync();
        Assert.True(int.Parse(cells[0], System.Globalization.CultureInfo.InvariantCulture) >= 1, "overrides of pii.phone");
        Assert.True(int.Parse(cells[1], System.Globalization.CultureInfo.InvariantCulture) >= 1, "reports of pii.phone");
        Assert.Empty(browser.Errors[hr]);
        await hr.Context.CloseAsync();
    }
}
