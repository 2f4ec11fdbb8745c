using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Policy.Web.Tests.PageSession;

namespace Policy.Web.Tests;

/// <summary>The legal console acts: registers, edits (a new version), overrides with a justification, shows the history, exports with the manifest's hash.</summary>
public sealed class LegalConsoleTests(WebServer server, Browser browser)
{
    [Fact]
    public async Task Legal_registers_edits_and_overrides_an_account_sees_its_history_and_exports_with_the_manifest_hash()
    {
        var (person, _, _) = server.NewPerson("Lena Konto", "employee");
        var handle = "@" + person.Replace('.', '_').Replace('-', '_');
        var page = await OpenSignedInAsync(browser, server, "/legal.html", server.NewKey("legal"));

        // Register: a private-looking account with business contacts: disputed.
        await page.Locator("#a-platform").SelectOptionAsync("linkedin");
        await page.Locator("#a-handle").FillAsync(handle);
        await page.Locator("#a-employee").FillAsync(person);
        await page.Locator("#a-registered-to").SelectOptionAsync("person");
        await page.Locator("#a-paid-by").SelectOptionAsync("employee");
        await page.Locator("#a-purpose").SelectOptionAsync("mixed");
        await page.Locator("#account-save").ClickAsync();
        await Expect(page.Locator("#account-message")).ToContainTextAsync("Version 1");
        Assert.Contains("Mitarbeiter/in", await page.Locator("#account-message").InnerTextAsync(), StringComparison.Ordinal);

        await page.Locator("#f-employee").FillAsync(person);
        await page.Locator("#filter-form button[type=submit]").ClickAsync();
        var row = page.Locator("#accounts tr[data-account]");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator(".badge")).ToHaveTextAsync("Mitarbeiter/in");

        // Edit: the company pays and 80 customer contacts: a new version, disputed now.
        await row.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Bearbeiten: " + handle }).ClickAsync();
        await Expect(page.Locator("#a-handle")).ToHaveValueAsync(handle);
        await page.Locator("#a-paid-by").SelectOptionAsync("company");
        await page.Locator("#a-contacts").FillAsync("80");
        await page.Locator("#account-save").ClickAsync();
        await Expect(page.Locator("#account-message")).ToContainTextAsync("Version 2 gespeichert");
        await Expect(row.Locator(".badge")).ToHaveTextAsync("strittig");
        await Expect(row.Locator("li[data-code='customer-contacts.business']")).ToContainTextAsync("80 geschäftlich genutzte Kundenkontakte");

        // Override with a justification; without one the page asks for it and nothing is sent.
        await row.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Verlauf und Einstufung: " + handle }).ClickAsync();
        await Expect(page.Locator("#history li")).ToHaveCountAsync(2);
        await page.Locator("#o-verdict").SelectOptionAsync("company");
        await page.Locator("#override-save").ClickAsync();
        await Expect(page.Locator("#override-message")).ToContainTextAsync("begründen");
        await Expect(page.Locator("#history li")).ToHaveCountAsync(2);
        await page.Locator("#o-justification").FillAsync("Vertriebsaccount laut Arbeitsvertrag, Kontakte gehören der Firma.");
        await page.Locator("#override-save").ClickAsync();
        await Expect(page.Locator("#override-message")).ToContainTextAsync("Festgelegt: Unternehmen");
        await Expect(row.Locator(".badge")).ToHaveTextAsync("Unternehmen");

        // The history, newest first: overridden, changed, registered.
        var history = page.Locator("#history li");
        await Expect(history).ToHaveCountAsync(3);
        Assert.Equal(["3", "2", "1"], await history.EvaluateAllAsync<string[]>("l => l.map(e => e.dataset.version)"));
        Assert.Equal(["overridden", "changed", "created"], await history.EvaluateAllAsync<string[]>("l => l.map(e => e.dataset.change)"));
        Assert.Contains("Vertriebsaccount laut Arbeitsvertrag", await history.First.InnerTextAsync(), StringComparison.Ordinal);
        await browser.ScreenshotAsync(page, "legal-history-desktop");
        // The states this test opens (the edit form filled, the history, the override form) pass the same scans as every page.
        await PageAudit.AssertNoAxeViolationsAsync(page, "legal history (de)");
        await PageAudit.AssertOneLanguageAsync(page, "legal history (de)");

        // Export: streamed, then the manifest's SHA-256 shown and checked against the file.
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export-csv").ClickAsync());
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!, TestContext.Current.CancellationToken);
        Assert.Contains(handle, System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        await Expect(page.Locator("#export-sha")).ToBeVisibleAsync();
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), await page.Locator("#export-sha-value").InnerTextAsync());
        await Expect(page.Locator("#export-sha-check")).ToHaveTextAsync(new Regex("stimmt mit der heruntergeladenen Datei überein \\(Zeilen: 1\\)"));
        await PageAudit.AssertNoAxeViolationsAsync(page, "legal export (de)");
        Assert.Empty(browser.Errors[page]);
        await page.Context.CloseAsync();
    }
}
