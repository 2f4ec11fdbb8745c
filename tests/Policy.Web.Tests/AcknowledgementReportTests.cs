using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;
using static Policy.Web.Tests.PageSession;

namespace Policy.Web.Tests;

/// <summary>
/// HR's acknowledgement report tells acknowledged, covered, due and missing apart. A person is
/// covered when they acknowledged a version at or after the latest material one (nothing material
/// since), due when a material version came after their acknowledgement, missing when they never
/// acknowledged.
/// </summary>
public sealed class AcknowledgementReportTests(Browser browser)
{
    private const string Pack = "social-media-guideline";

    [Fact]
    public async Task HR_sees_who_acknowledged_who_is_covered_by_an_earlier_version_who_is_due_again_and_who_never_did_in_both_languages()
    {
        // A server of its own: the versions switch, and the report counts everyone on the server.
        await using var own = new WebServer();
        var ct = TestContext.Current.CancellationToken;
        var anna = own.NewPerson("Anna Aktuell", "employee");
        var cora = own.NewPerson("Cora Abgedeckt", "employee");
        var dirk = own.NewPerson("Dirk Fällig", "employee");
        var mia = own.NewPerson("Mia Nie", "employee");
        using var hr = own.Http(own.NewKey("hr"));
        var yaml = await File.ReadAllTextAsync(Path.Combine(RepoRoot, "policies", Pack + ".yaml"), ct);

        async Task AcknowledgeAsync(string key, string version)
        {
            using var http = own.Http(key);
            using var response = await http.PostAsJsonAsync("api/v1/guideline/acknowledgements", new { version }, ct);
            Assert.True(response.IsSuccessStatusCode, $"acknowledging {version}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        }

        async Task ActivateAsync(string version, string previous, bool material)
        {
            using var upload = await hr.PostAsync("api/v1/packs", new StringContent(Regex.Replace(yaml, "(?m)^version: .*$", "version: " + version), Encoding.UTF8, "application/yaml"), ct);
            Assert.True(upload.IsSuccessStatusCode, $"uploading {version}: {await upload.Content.ReadAsStringAsync(ct)}");
            if (material)
            {
                using var marked = await hr.PutAsJsonAsync($"api/v1/packs/{Pack}/versions/{version}/material", new { material = true }, ct);
                Assert.True(marked.IsSuccessStatusCode, await marked.Content.ReadAsStringAsync(ct));
            }

            using var activated = await hr.PostAsJsonAsync($"api/v1/packs/{Pack}/versions/{version}/activate", new { expectedActive = previous }, ct);
            Assert.True(activated.IsSuccessStatusCode, $"activating {version}: {await activated.Content.ReadAsStringAsync(ct)}");
        }

        // Dirk acknowledged 2.0.0; 2.0.1 is material, Cora acknowledged it; 2.0.2 changes nothing material; Anna acknowledged 2.0.2; Mia never.
        await AcknowledgeAsync(dirk.Key, "2.0.0");
        await ActivateAsync("2.0.1", "2.0.0", material: true);
        await AcknowledgeAsync(cora.Key, "2.0.1");
        await ActivateAsync("2.0.2", "2.0.1", material: false);
        await AcknowledgeAsync(anna.Key, "2.0.2");

        var page = await OpenSignedInAsync(browser, own, "/hr.html", own.NewKey("hr"));
        var states = page.Locator("#acks-states");
        await Expect(states).ToHaveAttributeAsync("data-covered", "1");
        Assert.Equal("1", await states.GetAttributeAsync("data-due"));
        Assert.Equal("1", await states.GetAttributeAsync("data-missing"));
        var row = (string person) => page.Locator($"#acks tr[data-person='{person}']");

        foreach (var lang in new[] { "de", "en" })
        {
            if (lang == "en")
            {
                await page.Locator("#lang-switch").ClickAsync();
                await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
            }

            var de = lang == "de";
            await Expect(page.Locator("#acks-summary")).ToHaveTextAsync(de
                ? "Version social-media-guideline 2.0.2: 1 von 4 Personen haben diese Version bestätigt, 2 müssen noch bestätigen."
                : "Version social-media-guideline 2.0.2: 1 of 4 people have acknowledged this version, 2 still have to.");
            await Expect(states).ToHaveTextAsync(de
                ? "Davon abgedeckt durch eine frühere Bestätigung: 1 · erneut fällig nach einer wesentlichen Änderung: 1 · noch nie bestätigt: 1"
                : "Of these covered by an earlier acknowledgement: 1 · due again after a material change: 1 · never acknowledged: 1");

            // Each person's state in words, with the latest version they acknowledged.
            await Expect(row(cora.PersonId)).ToHaveAttributeAsync("data-status", "covered");
            await Expect(row(cora.PersonId).Locator("td").Nth(2)).ToHaveTextAsync("2.0.1");
            await Expect(row(cora.PersonId).Locator("td").Nth(3)).ToHaveTextAsync(de
                ? "abgedeckt (Version 2.0.1 bestätigt, seither nichts Wesentliches)"
                : "covered (version 2.0.1 acknowledged, nothing material since)");
            await Expect(row(dirk.PersonId)).ToHaveAttributeAsync("data-status", "due");
            await Expect(row(dirk.PersonId).Locator("td").Nth(2)).ToHaveTextAsync("2.0.0");
            await Expect(row(dirk.PersonId).Locator("td").Nth(3)).ToHaveTextAsync(de ? "erneut fällig" : "due again");
            await Expect(row(mia.PersonId)).ToHaveAttributeAsync("data-status", "missing");
            await Expect(row(mia.PersonId).Locator("td").Nth(2)).ToHaveTextAsync("—");
            await Expect(row(mia.PersonId).Locator("td").Nth(3)).ToHaveTextAsync(de ? "fehlt" : "missing");

            // Anna acknowledged this version: not among the pending, among those who did.
            await Expect(row(anna.PersonId)).ToHaveCountAsync(0);
            var done = page.Locator("#acks details");
            await Expect(done.Locator("summary")).ToHaveTextAsync(de ? "Bestätigt (1)" : "Acknowledged (1)");
            Assert.Contains(anna.PersonId, await done.Locator("tbody").TextContentAsync(), StringComparison.Ordinal);

            await browser.ScreenshotAsync(page, de ? "hr-acknowledgements-desktop" : "hr-acknowledgements-desktop-en");
            await PageAudit.AssertNoAxeViolationsAsync(page, $"hr acknowledgements ({lang})");
            await PageAudit.AssertOneLanguageAsync(page, $"hr acknowledgements ({lang})");
        }

        Assert.Empty(browser.Errors[page]);
        await page.Context.CloseAsync();
    }
}
