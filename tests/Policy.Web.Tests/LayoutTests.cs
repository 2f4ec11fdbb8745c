using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Policy.Web.Tests.PageSession;

namespace Policy.Web.Tests;

/// <summary>
/// Each page state in each language, at laptop (1280×800) and phone (390×844) size: nothing wider
/// than the screen, every form control labelled, no axe-core violation, no string of the other
/// language, and a screenshot saved (screenshots/ beside the test binary, or POLICY_SCREENSHOTS).
/// </summary>
public sealed partial class LayoutTests(WebServer server, Browser browser)
{
    public static readonly (int Width, int Height) Laptop = (1280, 800);
    public static readonly (int Width, int Height) Phone = (390, 844);

    public static TheoryData<string, string> Pages()
    {
        var rows = new TheoryData<string, string>();
        foreach (var name in new[] { "signin", "precheck", "guideline", "reviews", "hr", "legal", "admin" })
        {
            rows.Add(name, "de");
            rows.Add(name, "en");
        }

        return rows;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_page_fits_both_sizes_has_labelled_controls_no_axe_violation_one_language_and_is_captured(string name, string lang)
    {
        var roles = name == "admin" ? new[] { "employee", "hr", "legal", "admin" } : ["employee", "hr", "legal"];
        var (person, _, key) = server.NewPerson("Erika Muster", roles);
        var page = await browser.NewPageAsync(lang == "de" ? "de-DE" : "en-GB", Laptop);
        var path = name switch
        {
            "precheck" or "signin" => "/",
            _ => "/" + name + ".html",
        };
        await page.GotoAsync(server.BaseUrl + path);
        if (name != "signin")
        {
            await SignInAsync(page, key);
        }
        else
        {
            await page.Locator("#signin-key").WaitForAsync();
        }

        switch (name)
        {
            case "precheck":
                await page.Locator("#draft").FillAsync("Mein Arbeitgeber hat das beste Produkt, jetzt kaufen! Das WLAN-Passwort lautet Blaubeere#77");
                await WaitForDecisionAsync(page, "block");
                break;
            case "guideline":
                await page.Locator("#sections .gl-section").First.WaitForAsync();
                break;
            case "hr":
                await page.Locator("#pack-file").SetInputFilesAsync(new FilePayload
                {
                    Name = "richtlinie.yaml",
                    MimeType = "application/yaml",
                    Buffer = Encoding.UTF8.GetBytes("id: acme-social-media\nversion: 1.1.0\nextends: social-media-guideline\nrules:\n  - id: x\n    kind: terms\n    severity: sometimes\n"),
                });
                await page.Locator("#validate-button").ClickAsync();
                await page.Locator("#report .pack-error, #report .message").First.WaitForAsync();
                await page.Locator("#packs .pack").First.WaitForAsync();
                await page.Locator("#acks table").First.WaitForAsync();
                break;
            case "legal":
                await server.RegisterAccountAsync(new
                {
                    platform = "x",
                    handle = "@" + person.Replace('.', '_').Replace('-', '_'),
                    registeredTo = "person",
                    registeredName = "Erika Muster",
                    paidBy = "employee",
                    purpose = "mixed",
                    employeeId = person,
                    contactCount = 40,
                });
                await page.Locator("#f-employee").FillAsync(person);
                await page.Locator("#filter-form button[type=submit]").ClickAsync();
                // The filtered list (until it arrives, the page shows every account, other tests' too).
                await Expect(page.Locator("#accounts tr[data-account]")).ToHaveCountAsync(1);
                await Expect(page.Locator("#accounts tr[data-account]")).ToContainTextAsync(person);
                break;
            case "reviews":
                // A request by someone else, so the queue shows one to decide.
                using (var asker = server.Http(server.NewKey("employee")))
                {
                    using var checkResponse = await asker.PostAsJsonAsync("api/v1/checks", new { text = "Im Namen der Geschäftsführung: Das neue Produkt kommt im Mai.", language = "de" }, TestContext.Current.CancellationToken);
                    var checkId = System.Text.Json.JsonDocument.Parse(await checkResponse.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("checkId").GetString();
                    using var asked = await asker.PostAsJsonAsync("api/v1/reviews", new { checkId, note = "Bitte bis Freitag." }, TestContext.Current.CancellationToken);
                    Assert.True(asked.IsSuccessStatusCode, await asked.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
                }

                await page.ReloadAsync();
                await page.Locator("#queue article.review").First.WaitForAsync();
                break;
            case "admin":
                await page.Locator("#keys tr").First.WaitForAsync();
                await page.Locator("#people tr").First.WaitForAsync();
                break;
        }

        Assert.Equal(lang, await page.EvaluateAsync<string>("() => document.documentElement.lang"));
        foreach (var (size, width) in new[] { (Laptop, "desktop"), (Phone, "phone") })
        {
            await page.SetViewportSizeAsync(size.Width, size.Height);
            var where = $"{name} ({lang}, {size.Width}×{size.Height})";
            await browser.ScreenshotAsync(page, lang == "de" ? $"{name}-{width}" : $"{name}-{width}-{lang}");
            Assert.True(await FitsWidthAsync(page), $"{where} is wider than the screen");
            var unlabelled = await page.EvaluateAsync<string[]>(
                """
                () => [...document.querySelectorAll('input, select, textarea')]
                  .filter(e => e.type !== 'hidden' && e.offsetParent !== null)
                  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
                  .map(e => e.id || e.outerHTML)
                """);
            Assert.Empty(unlabelled);
            await PageAudit.AssertNoAxeViolationsAsync(page, where);
            await PageAudit.AssertOneLanguageAsync(page, where);
        }

        Assert.Empty(browser.Errors[page]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Pages_go_out_with_a_strict_content_security_policy_nosniff_and_no_referrer()
    {
        using var http = new HttpClient();
        foreach (var path in new[] { "/", "/guideline.html", "/hr.html", "/legal.html", "/app.css", "/js/precheck.js" })
        {
            using var response = await http.GetAsync(server.BaseUrl + path, TestContext.Current.CancellationToken);
            Assert.True(response.IsSuccessStatusCode, path);
            var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", string.Join(',', response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("no-referrer", string.Join(',', response.Headers.GetValues("Referrer-Policy")));
        }
    }

    [Fact]
    public void The_pages_have_no_inline_script_style_or_handler_and_no_html_from_strings()
    {
        var root = Path.Combine(RepoRoot, "src", "Policy.Api", "wwwroot");
        Assert.Empty(Directory.EnumerateFiles(root, "*.html"));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoRoot, "src", "Policy.Api", "Pages", "Content"), "*.html"))
        {
            var html = File.ReadAllText(file);
            Assert.DoesNotMatch(InlineScript(), html);
            Assert.DoesNotMatch(InlineHandler(), html);
            Assert.DoesNotContain(" style=", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<style", html, StringComparison.Ordinal);
            Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
            Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        }

        foreach (var file in Directory.EnumerateFiles(root, "*.js", SearchOption.AllDirectories))
        {
            var js = File.ReadAllText(file);
            Assert.DoesNotContain("innerHTML", js, StringComparison.Ordinal);
            Assert.DoesNotContain("outerHTML", js, StringComparison.Ordinal);
            Assert.DoesNotContain("insertAdjacentHTML", js, StringComparison.Ordinal);
            Assert.DoesNotContain("document.write", js, StringComparison.Ordinal);
            Assert.DoesNotContain("eval(", js, StringComparison.Ordinal);
            Assert.DoesNotContain("localStorage.setItem('policy.key'", js, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();
}
