using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Policy.Web.Tests.PageSession;

namespace Policy.Web.Tests;

/// <summary>The guideline page and the HR and legal consoles in a real Chromium against the real server.</summary>
public sealed class ConsoleTests(WebServer server, Browser browser)
{
    private const string BrokenPack =
        """
        id: broken-pack
        version: 1.0.0
        rules:
          - id: x
            kind: terms
            bogus: 1
        """;

    [Fact]
    public async Task An_HR_upload_of_a_broken_pack_shows_the_file_line_and_column()
    {
        var page = await OpenSignedInAsync(browser, server, "/hr.html", server.NewKey("hr"));
        await page.Locator("#pack-file").SetInputFilesAsync(new FilePayload
        {
            Name = "broken.yaml",
            MimeType = "application/yaml",
            Buffer = Encoding.UTF8.GetBytes(BrokenPack.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n"),
        });
        await page.Locator("#upload-button").ClickAsync();

        var error = page.Locator("#report .pack-error");
        await error.First.WaitForAsync();
        Assert.Equal("broken.yaml:6:5", await error.First.Locator(".where").InnerTextAsync());
        Assert.Contains("unknown key 'bogus'", await error.First.InnerTextAsync(), StringComparison.Ordinal);
        await browser.ScreenshotAsync(page, "hr-broken-pack-desktop");
        Assert.Empty(browser.Errors[page]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_HR_dry_run_of_the_shipped_pack_reports_its_examples_and_the_versions_can_be_switched()
    {
        var page = await OpenSignedInAsync(browser, server, "/hr.html", server.NewKey("hr"), "en-GB");
        await page.Locator("#pack-file").SetInputFilesAsync(Path.Combine(RepoRoot, "policies", "social-media-guideline.yaml"));
        await page.Locator("#validate-button").ClickAsync();

        var summary = page.Locator("#report .message");
        await summary.WaitForAsync();
        var text = await summary.InnerTextAsync();
        Assert.Contains("social-media-guideline", text, StringComparison.Ordinal);
        Assert.Contains("0 failed", text, StringComparison.Ordinal);
        Assert.True(await page.Locator("#report tr.passed").CountAsync() > 10);
        Assert.Contains("Validated only", await page.Locator("#report").InnerTextAsync(), StringComparison.Ordinal);

        Assert.Empty(browser.Errors[page]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task HR_uploads_a_new_version_sees_its_changes_marks_it_material_activates_it_and_rolls_back()
    {
        // A server of its own: switching the active version must not disturb the other tests.
        await using var own = new WebServer();
        var page = await OpenSignedInAsync(browser, own, "/hr.html", own.NewKey("hr"), "en-GB");
        var yaml = await File.ReadAllTextAsync(Path.Combine(RepoRoot, "policies", "social-media-guideline.yaml"), TestContext.Current.CancellationToken);
        var next = System.Text.RegularExpressions.Regex.Replace(yaml, @"(?m)^version: .*$", "version: 2.0.1-web-test")
            .Replace("Entferne das Geheimnis und ändere es sofort", "Entferne das Geheimnis und ändere es umgehend", StringComparison.Ordinal);
        Assert.Contains("umgehend", next, StringComparison.Ordinal);
        await page.Locator("#pack-file").SetInputFilesAsync(new FilePayload { Name = "social-media-guideline.yaml", MimeType = "application/yaml", Buffer = Encoding.UTF8.GetBytes(next) });
        await page.Locator("#upload-button").ClickAsync();
        await page.Locator("#report .hint:has-text('Stored.')").WaitForAsync();

        // Before activating: what would change, against the active version.
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Show the changes from 2.0.0 to 2.0.1-web-test (social-media-guideline)" }).ClickAsync();
        var changed = page.Locator(".pack .diff li.changed");
        await changed.First.WaitForAsync();
        Assert.Equal("changed credential.secret: suggestion", (await changed.First.InnerTextAsync()).Trim());
        Assert.Equal(1, await page.Locator(".pack .diff li").CountAsync());
        await browser.ScreenshotAsync(page, "hr-diff-desktop");

        // Material: everyone must acknowledge this version again once it is active.
        var material = page.GetByRole(AriaRole.Checkbox, new PageGetByRoleOptions { Name = "Version 2.0.1-web-test is material (social-media-guideline)" });
        Assert.False(await material.IsCheckedAsync());
        await material.CheckAsync();
        await page.Locator("#packs-message:has-text('version 2.0.1-web-test is material')").WaitForAsync();
        // The list is drawn again from the server's answer: the box stays ticked.
        await Expect(page.GetByRole(AriaRole.Checkbox, new PageGetByRoleOptions { Name = "Version 2.0.1-web-test is material (social-media-guideline)" })).ToBeCheckedAsync();

        var activate = page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Activate version 2.0.1-web-test (social-media-guideline)" });
        await activate.ClickAsync();
        await page.Locator("#packs-message:has-text('version 2.0.1-web-test is active now')").WaitForAsync();
        await browser.ScreenshotAsync(page, "hr-activated-desktop");

        var rollback = page.Locator(".pack", new PageLocatorOptions { HasText = "social-media-guideline" }).GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Roll back to the previous version" });
        await rollback.ClickAsync();
        await page.Locator("#packs-message:has-text('version 2.0.0 is active now')").WaitForAsync();

        // One truth: the company pack is active but checks nothing until HR chooses it; then the
        // console names it as what checks drafts.
        await page.Locator("#checking-pack:has-text('\"social-media-guideline\", version 2.0.0')").WaitForAsync();
        var acme = page.Locator(".pack", new PageLocatorOptions { HasText = "acme-social-media" });
        await acme.Locator(".badge:has-text('active, checks nothing now')").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Use for checking: “acme-social-media” version 1.0.0" }).ClickAsync();
        await page.Locator("#checking-pack:has-text('\"acme-social-media\", version 1.0.0')").WaitForAsync();
        await acme.Locator(".badge:has-text('checks drafts')").WaitForAsync();
        await page.Locator(".pack", new PageLocatorOptions { HasText = "social-media-guideline" }).Locator(".badge:has-text('active as base of')").First.WaitForAsync();
        Assert.Empty(browser.Errors[page]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task HR_tries_an_inactive_company_pack_on_drafts_and_sees_the_decisions_and_rules_that_change()
    {
        // A server of its own: the upload must not show up in the other tests' pack lists.
        await using var own = new WebServer();
        var page = await OpenSignedInAsync(browser, own, "/hr.html", own.NewKey("hr"), "en-GB");
        const string pack = """
            id: web-sim
            version: 1.0.0
            extends: social-media-guideline
            rules:
              - id: websim.kranich
                kind: terms
                section: sensitive-information
                category: confidential
                severity: block
                terms: [kranichzeichen]
                message: Das Kranichzeichen ist intern.
                suggestion: Lass das Kranichzeichen weg.
            examples:
              - text: Das Kranichzeichen steht fest.
                expect: block
                rules: [websim.kranich]
            """;
        await page.Locator("#pack-file").SetInputFilesAsync(new FilePayload { Name = "web-sim.yaml", MimeType = "application/yaml", Buffer = Encoding.UTF8.GetBytes(pack) });
        await page.Locator("#upload-button").ClickAsync();
        await page.Locator("#report .hint:has-text('Stored.')").WaitForAsync();

        const string corpus = """
            {"text": "Das Kranichzeichen für Halle 7 steht fest.", "context": {"account": "private"}}
            {"text": "Schönes Wochenende zusammen!"}
            {"id": "kranich", "text": "Unser Kranichzeichen-Entwurf ist fertig.", "context": {"account": "private"}, "expect": {"min": "review", "max": "block", "categories": ["confidential"]}}
            """;
        var box = page.Locator(".pack", new PageLocatorOptions { HasText = "web-sim" });
        await box.GetByLabel("Drafts to try (JSON Lines):").SetInputFilesAsync(new FilePayload { Name = "drafts.jsonl", MimeType = "application/x-ndjson", Buffer = Encoding.UTF8.GetBytes(corpus) });
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Try on drafts: version 1.0.0 (web-sim)" }).ClickAsync();

        var simulation = box.Locator(".simulation");
        await Expect(simulation.Locator(".sim-summary")).ToHaveTextAsync("3 drafts, 2 decisions change.");
        await Expect(simulation.Locator("h4")).ToHaveTextAsync("Tried: web-sim 1.0.0 instead of social-media-guideline 2.0.0");
        await Expect(simulation.Locator(".sim-transitions li")).ToHaveTextAsync(["OK → Blocked: 2"]);
        var firstRule = simulation.Locator("tbody tr").First;
        await Expect(firstRule).ToHaveTextAsync(new Regex(@"^\s*websim\.kranich\s*0\s*2\s*\+2\s*$"));
        await Expect(simulation.Locator(".sim-evaluation")).ToHaveTextAsync("1 labelled drafts: in band 0.0 % → 100.0 %; harmless drafts warned – → –");
        await Expect(simulation.Locator(".sim-changed li")).ToHaveTextAsync(["line 1 (line-1): OK → Blocked +websim.kranich", "line 3 (kranich): OK → Blocked +websim.kranich"]);
        Assert.DoesNotContain("Halle 7", await simulation.InnerTextAsync(), StringComparison.Ordinal);
        await browser.ScreenshotAsync(page, "hr-simulation-desktop");
        Assert.Empty(browser.Errors[page]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_employee_acknowledges_the_guideline_and_HR_sees_it()
    {
        var (person, name, key) = server.NewPerson("Grete Gelesen", "employee");
        // A colleague who does not acknowledge: HR's list of pending people has a row before and
        // after, whatever else the shared server holds or which test ran before.
        var (colleague, colleagueName, _) = server.NewPerson("Paul Pending", "employee");
        var page = await OpenSignedInAsync(browser, server, "/guideline.html", key);
        await page.Locator("#sections .gl-section").First.WaitForAsync();
        await Expect(page.Locator("#section-sensitive-information")).ToHaveCountAsync(1);
        await Expect(page.Locator("#ack-button")).ToBeVisibleAsync();

        var hr = await OpenSignedInAsync(browser, server, "/hr.html", server.NewKey("hr"));
        var pending = hr.Locator("#acks > .table-wrap").First;
        await Expect(pending).ToContainTextAsync(name + " (" + person + ")");
        await Expect(pending).ToContainTextAsync(colleagueName + " (" + colleague + ")");

        await page.Locator("#ack-button").ClickAsync();
        var status = page.Locator("#ack-status");
        await Expect(status).ToHaveAttributeAsync("data-kind", "ok");
        await Expect(status).ToContainTextAsync("bestätigt");
        await Expect(page.Locator("#ack-button")).ToBeHiddenAsync();
        await page.ReloadAsync();
        await Expect(status).ToHaveAttributeAsync("data-kind", "ok");
        await Expect(status).ToHaveTextAsync(new Regex(@"am \d"));

        await hr.ReloadAsync();
        // The reloaded list: the colleague is still pending, Grete is not, and she is among those who acknowledged.
        await Expect(pending).ToContainTextAsync(colleague);
        await Expect(pending).Not.ToContainTextAsync(person);
        await hr.Locator("#acks details summary").ClickAsync();
        await Expect(hr.Locator("#acks details")).ToContainTextAsync(name + " (" + person + ")");
        Assert.Empty(browser.Errors[page]);
        Assert.Empty(browser.Errors[hr]);
        await page.Context.CloseAsync();
        await hr.Context.CloseAsync();
    }

    [Fact]
    public async Task A_section_link_from_a_finding_opens_that_section_of_the_guideline()
    {
        var page = await OpenSignedInAsync(browser, server, "/", server.NewKey("employee"));
        await page.Locator("#draft").FillAsync("Passwort lautet Blaubeere#77");
        await WaitForDecisionAsync(page, "block");
        var link = page.Locator("#findings li[data-rule='credential.secret'] a");
        var href = await link.GetAttributeAsync("href");
        await link.ClickAsync();
        // The URL alone is what this test is about: WaitForURL also waits for the page's load event,
        // which under a loaded CI machine once never came within the timeout (the hash jump is a
        // same-document navigation after it).
        await Expect(page).ToHaveURLAsync(new Regex(@"/guideline\.html#section-"));
        var id = href!.Split('#')[1];
        await Expect(page.Locator("#" + id)).ToBeFocusedAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task HR_finds_a_spokesperson_by_name_adds_and_ends_the_authorization()
    {
        var (person, name, _) = server.NewPerson("Sprecherin Sonja", "employee");
        var page = await OpenSignedInAsync(browser, server, "/hr.html", server.NewKey("hr"), "en-GB");
        // Looked up by name in the people registry: the pick fills in the person's id.
        await page.Locator("#sp-person").FillAsync("sprecherin son");
        await page.Locator($"#sp-matches button[data-person='{person}']").ClickAsync();
        await Expect(page.Locator("#sp-person")).ToHaveValueAsync(person);
        await Expect(page.Locator("#sp-person-chosen")).ToHaveTextAsync($"Chosen: {name} ({person})");
        await page.Locator("#topic-finance").CheckAsync();
        await page.Locator("#sp-channels").FillAsync("@acme_de");
        await page.Locator("#sp-form button[type=submit]").ClickAsync();
        await page.Locator("#sp-message:has-text('has been added')").WaitForAsync();
        var row = page.Locator("#sp-list tr", new PageLocatorOptions { HasText = person });
        Assert.Contains("finance", await row.InnerTextAsync(), StringComparison.Ordinal);

        await row.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "End: " + name }).ClickAsync();
        await page.Locator("#sp-message:has-text('Ended')").WaitForAsync();
        // The message comes before the list is loaded again (an empty list has no button either):
        // wait for the row as reloaded, marked not valid, then it has no End button.
        var ended = page.Locator("#sp-list tr", new PageLocatorOptions { HasText = person });
        await Expect(ended).ToContainTextAsync("not valid");
        Assert.Equal(0, await ended.GetByRole(AriaRole.Button).CountAsync());
        Assert.Empty(browser.Errors[page]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Legal_sees_verdicts_with_reasons_exports_for_German_Excel_and_reads_an_offboarding_report()
    {
        var (person, _, _) = server.NewPerson("Max Ausscheider", "employee");
        await server.RegisterAccountAsync(new
        {
            platform = "linkedin",
            handle = "acme-" + person,
            registeredTo = "company",
            registeredName = "Acme Maschinenbau GmbH",
            paidBy = "company",
            purpose = "business",
            employeeId = person,
            accessReference = "vault://social/linkedin-acme",
            contactCount = 250,
        });
        var page = await OpenSignedInAsync(browser, server, "/legal.html", server.NewKey("legal"));
        await page.Locator("#f-employee").FillAsync(person);
        await page.Locator("#filter-form button[type=submit]").ClickAsync();
        // Until the filtered answer arrives the list shows every account, other tests' too.
        var row = page.Locator("#accounts tr[data-account]");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync(person);
        Assert.Equal("Unternehmen", await row.Locator(".badge").InnerTextAsync());
        Assert.True(await row.Locator(".reasons li").CountAsync() >= 1);

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export-excel").ClickAsync());
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!, TestContext.Current.CancellationToken);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var csv = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.Contains(';', csv.Split('\n')[0]);
        Assert.Contains(person, csv, StringComparison.Ordinal);

        var json = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export-json").ClickAsync());
        Assert.EndsWith(".json", json.SuggestedFilename, StringComparison.Ordinal);
        var plain = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export-csv").ClickAsync());
        var plainText = await File.ReadAllTextAsync((await plain.PathAsync())!, TestContext.Current.CancellationToken);
        Assert.Contains(',', plainText.Split('\n')[0]);

        await page.Locator("#off-id").FillAsync(person);
        await page.Locator("#off-form button[type=submit]").ClickAsync();
        await page.Locator("#offboarding h3").WaitForAsync();
        var report = await page.Locator("#offboarding").InnerTextAsync();
        Assert.Contains(person, report, StringComparison.Ordinal);
        Assert.Contains("Account übergeben (1)", report, StringComparison.Ordinal);
        await browser.ScreenshotAsync(page, "legal-offboarding-desktop");
        Assert.Empty(browser.Errors[page]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_consoles_tell_an_employee_they_are_for_hr_and_legal()
    {
        var page = await browser.NewPageAsync("en-GB");
        await page.GotoAsync(server.BaseUrl + "/legal.html");
        await page.Locator("#signin-key").FillAsync(server.NewKey("employee"));
        await page.Locator("#signin-submit").ClickAsync();
        await page.Locator("#forbidden").WaitForAsync();
        Assert.True(await page.Locator("#app").IsHiddenAsync());
        Assert.Contains("for legal", await page.Locator("#forbidden").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("nav a[href='legal.html']").IsHiddenAsync());
        await page.Context.CloseAsync();
    }
}
