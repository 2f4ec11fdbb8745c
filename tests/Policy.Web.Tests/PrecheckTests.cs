using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Policy.Web.Tests.PageSession;

namespace Policy.Web.Tests;

/// <summary>The pre-check page at / in a real Chromium against the real server.</summary>
public sealed class PrecheckTests(WebServer server, Browser browser)
{
    private const string PasswordDraft = "Der neue Zugang fürs Lager-WLAN, Passwort lautet Blaubeere#77";
    private const string FixedDraft = "Der neue Zugang fürs Lager-WLAN steht ab Montag bereit.";
    private const string PromotionDraft = "Mein Arbeitgeber hat das beste Produkt, jetzt kaufen!";

    [Fact]
    public async Task On_a_phone_the_decision_stays_under_the_draft_keywords_show_as_words_and_past_checks_list_decision_and_rules_without_text()
    {
        var key = server.NewKey("employee");
        // A check made earlier (through the API, as another device would): the page lists it, never its text.
        const string Earlier = "Kollegen, ins Ticketsystem: User leitstelle.nord, Passwort wie immer, nur mit ner 5 am Ende statt 4.";
        using (var http = server.Http(key))
        {
            using var earlier = await http.PostAsJsonAsync("api/v1/checks", new { text = Earlier, language = "de" }, TestContext.Current.CancellationToken);
            Assert.True(earlier.IsSuccessStatusCode, await earlier.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        var page = await OpenSignedInAsync(browser, server, "/", key, "de-DE", LayoutTests.Phone);
        var past = page.Locator("#past-list li.past-check");
        await Expect(past).ToHaveCountAsync(1);
        Assert.Equal("block", await past.First.GetAttributeAsync("data-decision"));
        Assert.Contains("Blockiert", await past.First.Locator(".decision-chip").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("credential.secret", await past.First.Locator(".rules").InnerTextAsync(), StringComparison.Ordinal);
        Assert.NotNull(await past.First.Locator("time").GetAttributeAsync("datetime"));

        // Typing on a phone: the banner is far below, the summary under the draft is in sight.
        const string Draft = "Die Zugangsdaten für den Firmenaccount: Passwort lautet Blaubeere#77";
        await page.Locator("#draft").FillAsync(Draft);
        await WaitForDecisionAsync(page, "block");
        var summary = page.Locator("#decision-summary");
        await Expect(summary).ToHaveAttributeAsync("data-decision", "block");
        Assert.Contains("Blockiert", await summary.TextContentAsync(), StringComparison.Ordinal);
        await page.Locator("#draft").FocusAsync();
        var inSight = await summary.EvaluateAsync<bool>("e => { const r = e.getBoundingClientRect(); return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; }");
        Assert.True(inSight, "the decision summary is not in sight while the draft has the focus");
        var bannerBelow = await page.Locator("#decision").EvaluateAsync<bool>("e => e.getBoundingClientRect().top >= window.innerHeight");
        Assert.True(bannerBelow, "on a phone the banner is below the draft (the summary is what is in sight)");
        await browser.ScreenshotAsync(page, "precheck-summary-phone");

        // A keyword is no secret: the finding shows the word; the password stays masked.
        var keyword = page.Locator("#findings li[data-rule='credential.account-access'] .evidence").First;
        await Expect(keyword).ToHaveTextAsync(new Regex("^Fundstelle: „(Zugangsdaten|Passwort)“$"));
        Assert.DoesNotContain("Blaubeere#77", await page.Locator("#findings").InnerTextAsync(), StringComparison.Ordinal);

        // The list again: the new check on top, its rules, and no text of either draft.
        await page.Locator("#past-refresh").ClickAsync();
        await Expect(past).ToHaveCountAsync(2);
        var rules = await past.First.Locator(".rules").InnerTextAsync();
        Assert.Contains("credential.account-access", rules, StringComparison.Ordinal);
        var list = await page.Locator("#past-checks").InnerTextAsync();
        Assert.DoesNotContain("Blaubeere", list, StringComparison.Ordinal);
        Assert.DoesNotContain("leitstelle", list, StringComparison.Ordinal);
        Assert.DoesNotContain("Zugangsdaten", list, StringComparison.Ordinal);

        // In English the evidence is quoted the English way.
        await page.Locator("#lang-switch").ClickAsync();
        await WaitForDecisionAsync(page, "block");
        await Expect(keyword).ToHaveTextAsync(new Regex("^Found: “(Zugangsdaten|Passwort)”$"));
        await Expect(past.First.Locator(".decision-chip")).ToHaveTextAsync("Blocked");
        Assert.Empty(browser.Errors[page]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_draft_with_a_password_is_blocked_and_the_password_highlighted_and_allowed_once_fixed()
    {
        var page = await OpenSignedInAsync(browser, server, "/", server.NewKey("employee"));
        var draft = page.Locator("#draft");

        await draft.FillAsync(PasswordDraft);
        await WaitForDecisionAsync(page, "block");

        Assert.Contains("Blockiert", await page.Locator("#decision").InnerTextAsync(), StringComparison.Ordinal);
        var marks = page.Locator("#mirror mark.sev-block");
        Assert.Equal(1, await marks.CountAsync());
        Assert.Equal("Blaubeere#77", await marks.InnerTextAsync());
        var finding = page.Locator("#findings li[data-rule='credential.secret']");
        Assert.Equal(1, await finding.CountAsync());
        var section = finding.Locator("a[href^='guideline.html#section-']");
        Assert.Equal(1, await section.CountAsync());
        // The evidence is masked by the API; the page shows it as it comes.
        Assert.DoesNotContain("Blaubeere#77", await finding.InnerTextAsync(), StringComparison.Ordinal);
        await browser.ScreenshotAsync(page, "precheck-block-desktop");

        await draft.FillAsync(FixedDraft);
        await WaitForDecisionAsync(page, "allow");
        Assert.Equal(0, await page.Locator("#mirror mark").CountAsync());
        Assert.Contains("posten", await page.Locator("#decision").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Empty(browser.Errors[page]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_private_post_promoting_the_employer_gets_the_disclaimer_and_one_click_clears_it()
    {
        var page = await OpenSignedInAsync(browser, server, "/", server.NewKey("employee"));

        await page.Locator("#draft").FillAsync(PromotionDraft);
        await WaitForDecisionAsync(page, "warn");
        var finding = page.Locator("#findings li[data-rule='disclaimer.employer-promotion']");
        Assert.Equal(1, await finding.CountAsync());
        Assert.Equal("Mein Arbeitgeber", await page.Locator("#mirror mark.sev-warn").InnerTextAsync());
        var insert = finding.Locator("button[data-insert]");
        Assert.Equal("Hinweis einfügen", (await insert.InnerTextAsync()).Trim());
        await browser.ScreenshotAsync(page, "precheck-disclaimer-desktop");

        await insert.ClickAsync();
        await WaitForDecisionAsync(page, "allow");
        var text = await page.Locator("#draft").InputValueAsync();
        Assert.StartsWith(PromotionDraft, text, StringComparison.Ordinal);
        Assert.EndsWith("ich spreche nicht im Namen meines Arbeitgebers.)", text, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#findings li[data-rule='disclaimer.employer-promotion']").CountAsync());
        await browser.ScreenshotAsync(page, "precheck-allow-desktop");
        Assert.Empty(browser.Errors[page]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_language_follows_the_browser_and_the_switch_changes_the_page_and_the_messages()
    {
        var page = await OpenSignedInAsync(browser, server, "/", server.NewKey("employee"));
        Assert.Equal("de", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal("Beitrag vorab prüfen", await page.Locator("#app h1").InnerTextAsync());

        await page.Locator("#draft").FillAsync(PromotionDraft);
        await WaitForDecisionAsync(page, "warn");
        var finding = page.Locator("#findings li[data-rule='disclaimer.employer-promotion']");
        Assert.Contains("wirbt für deinen Arbeitgeber", await finding.InnerTextAsync(), StringComparison.Ordinal);

        await page.Locator("#lang-switch").ClickAsync();
        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal("Pre-check a post", await page.Locator("#app h1").InnerTextAsync());
        Assert.Equal("Deutsch", (await page.Locator("#lang-switch").InnerTextAsync()).Trim());
        // The messages come from the API in the new language.
        await page.Locator("#findings li[data-rule='disclaimer.employer-promotion']:has-text('promotes your employer')").WaitForAsync();
        Assert.Equal("Insert disclaimer", (await finding.Locator("button[data-insert]").InnerTextAsync()).Trim());
        Assert.Contains("Please revise", await page.Locator("#decision").InnerTextAsync(), StringComparison.Ordinal);
        await browser.ScreenshotAsync(page, "precheck-english-desktop");

        // Inserting in English appends the English disclaimer.
        await finding.Locator("button[data-insert]").ClickAsync();
        await WaitForDecisionAsync(page, "allow");
        Assert.EndsWith("(Views are my own; I do not speak on behalf of my employer.)", await page.Locator("#draft").InputValueAsync(), StringComparison.Ordinal);

        await page.Locator("#lang-switch").ClickAsync();
        Assert.Equal("Beitrag vorab prüfen", await page.Locator("#app h1").InnerTextAsync());
        Assert.Empty(browser.Errors[page]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_English_browser_gets_English()
    {
        var page = await browser.NewPageAsync("en-US");
        await page.GotoAsync(server.BaseUrl + "/");
        Assert.Equal("Sign in", await page.Locator("#signin-title").InnerTextAsync());
        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_pre_check_works_with_the_keyboard_alone_and_focus_is_always_visible()
    {
        var key = server.NewKey("employee");
        var page = await browser.NewPageAsync("en-GB");
        await page.GotoAsync(server.BaseUrl + "/");

        // The sign-in field has the focus on arrival; Tab and Shift+Tab walk the page.
        await Expect(page.Locator("#signin-key")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(key);
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("#app").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        // The page moves the focus to the draft once it has loaded what it needs (after #app shows).
        await Expect(page.Locator("#draft")).ToBeFocusedAsync();

        await page.Keyboard.TypeAsync(PasswordDraft);
        await WaitForDecisionAsync(page, "block");
        await Expect(page.Locator("#mirror mark.sev-block")).ToHaveTextAsync("Blaubeere#77");

        // Fix it without the mouse: select all, type the new draft.
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync(PromotionDraft.Replace("Mein Arbeitgeber", "My employer", StringComparison.Ordinal).Replace("hat das beste Produkt, jetzt kaufen!", "makes the best coffee machines. Buy one now!", StringComparison.Ordinal));
        await WaitForDecisionAsync(page, "warn");

        // Tab on to the finding's "Insert disclaimer" button (through the section link), press Enter.
        await TabToAsync(page, id => id == "button[data-insert]");
        await page.Keyboard.PressAsync("Enter");
        await WaitForDecisionAsync(page, "allow");
        await Expect(page.Locator("#draft")).ToBeFocusedAsync();
        Assert.EndsWith("Views are my own; I do not speak on behalf of my employer.)", await page.Locator("#draft").InputValueAsync(), StringComparison.Ordinal);

        // The account choice and the language switch are reachable backwards.
        await TabToAsync(page, id => id == "account", backwards: true);
        await page.Keyboard.PressAsync("ArrowDown");
        await TabToAsync(page, id => id == "lang-switch", backwards: true);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "de");
        await browser.ScreenshotAsync(page, "precheck-keyboard-desktop");
        Assert.Empty(browser.Errors[page]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Draft_text_is_shown_as_text_never_as_markup()
    {
        var page = await OpenSignedInAsync(browser, server, "/", server.NewKey("employee"));
        await page.Locator("#draft").FillAsync("<img src=x id=injected onerror=\"window.__xss=1\"> Passwort lautet Blaubeere#77 <b>fett</b>");
        await WaitForDecisionAsync(page, "block");

        Assert.Equal(0, await page.Locator("#injected").CountAsync());
        Assert.Equal(0, await page.Locator("#mirror b").CountAsync());
        Assert.Contains("<img src=x", await page.Locator("#mirror").InnerTextAsync(), StringComparison.Ordinal);
        Assert.False(await page.EvaluateAsync<bool>("() => window.__xss === 1"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Attachments_are_described_with_licence_and_location_and_checked()
    {
        var page = await OpenSignedInAsync(browser, server, "/", server.NewKey("employee"), "en-US");
        await page.Locator("#draft").FillAsync("Sunset at the lake.");
        await WaitForDecisionAsync(page, "allow");

        await page.Locator("#attachments-box summary").ClickAsync();
        await page.Locator("#add-attachment").ClickAsync();
        var box = page.Locator("fieldset[data-attachment]");
        await box.GetByLabel("Image description (alt text)").FillAsync("Sunset over the lake");
        await box.GetByLabel("Rights to the image").SelectOptionAsync("unknown");
        await box.GetByLabel("Contains location data (GPS)").CheckAsync();
        await box.GetByLabel("Latitude").FillAsync("48.137");
        await box.GetByLabel("Longitude").FillAsync("11.575");

        await page.Locator("#findings:has-text('GPS'):has-text('rights to an attachment')").WaitForAsync();
        await WaitForDecisionAsync(page, "warn");
        var findings = await page.Locator("#findings").InnerTextAsync();
        Assert.Contains("GPS", findings, StringComparison.Ordinal);
        Assert.Contains("rights to an attachment are unknown", findings, StringComparison.Ordinal);
        await browser.ScreenshotAsync(page, "precheck-attachments-desktop");

        await box.Locator(":scope > button").ClickAsync();
        await WaitForDecisionAsync(page, "allow");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_wrong_key_keeps_the_sign_in_form_and_a_revoked_key_brings_it_back()
    {
        var page = await browser.NewPageAsync("en-US");
        await page.GotoAsync(server.BaseUrl + "/");
        await page.Locator("#signin-key").FillAsync("pk_not_a_key_at_all_0000000000");
        await page.Locator("#signin-submit").ClickAsync();
        await page.Locator("#signin-error:has-text('not recognised')").WaitForAsync();
        Assert.True(await page.Locator("#app").IsHiddenAsync());
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('policy.key')"));

        // Signed in, then the key stops working (revoked): the next call shows the form again.
        var key = server.NewKey("employee");
        await SignInAsync(page, key);
        Assert.Equal(key, await page.EvaluateAsync<string?>("() => sessionStorage.getItem('policy.key')"));
        Assert.Null(await page.EvaluateAsync<string?>("() => localStorage.getItem('policy.key')"));
        await page.EvaluateAsync("() => sessionStorage.setItem('policy.key', 'pk_revoked_meanwhile_000000000000')");
        await page.Locator("#draft").FillAsync("Hallo Welt");
        await page.Locator("#signin").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        Assert.Contains("no longer valid", await page.Locator("#signin-error").InnerTextAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }
}
