using System.Collections.Concurrent;
using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(Policy.Web.Tests.Browser))]

namespace Policy.Web.Tests;

/// <summary>
/// Debian's Chromium (/usr/bin/chromium, installed by .ci/run) driven by Microsoft.Playwright. Playwright
/// cannot download its own browsers here, so it launches the system one. A missing Chromium fails
/// every web test with a message saying so; it is never skipped.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    public const string DefaultChromium = "/usr/bin/chromium";

    public static readonly (int Width, int Height) Desktop = (1280, 900);
    public static readonly (int Width, int Height) Phone = (375, 812);

    /// <summary>Generous: CI runs on 2 shared cores, and a page load can wait behind a busy server.</summary>
    public const float ActionTimeout = 45_000;

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public static string ChromiumPath => Environment.GetEnvironmentVariable("POLICY_CHROMIUM") is { Length: > 0 } p ? p : DefaultChromium;

    /// <summary>Where the tests save screenshots: POLICY_SCREENSHOTS, else screenshots/ beside the test binary.</summary>
    public static string ScreenshotDirectory =>
        Environment.GetEnvironmentVariable("POLICY_SCREENSHOTS") is { Length: > 0 } d ? d : Path.Combine(AppContext.BaseDirectory, "screenshots");

    private string? _missing;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            // Every test that opens a page skips with this reason (CI installs Chromium and counts a skip as a failure).
            _missing = $"Chromium was not found at {ChromiumPath}. The web page tests drive Debian's Chromium through Playwright; " +
                "install it with `apt-get install -y chromium` (.ci/run does), or point POLICY_CHROMIUM at a Chromium binary.";
            return;
        }

        // The browser is the system's; Playwright must neither look for nor fetch its own.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        // Playwright's auto-waiting assertions (Expect) wait as long as the pages' own actions do.
        Assertions.SetDefaultExpectTimeout(ActionTimeout);
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <summary>A fresh browser context (own sessionStorage) and page, in the given locale and size.</summary>
    public async Task<IPage> NewPageAsync(string locale = "de-DE", (int Width, int Height)? size = null)
    {
        if (_missing is not null)
        {
            Assert.Skip(_missing);
        }

        var (width, height) = size ?? Desktop;
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = locale,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            AcceptDownloads = true,
            ReducedMotion = ReducedMotion.Reduce,
        });
        context.SetDefaultTimeout(ActionTimeout);
        context.SetDefaultNavigationTimeout(ActionTimeout);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        page.Console += (_, m) =>
        {
            // An answer of 4xx is part of several tests (a wrong key, a broken pack); script errors
            // and refused resources (a CSP violation) are not.
            if (m.Type == "error" && !m.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                errors.Add(m.Text);
            }
        };
        page.Response += (_, r) =>
        {
            if (r.Status >= 500 || (r.Status == 404 && !r.Url.Contains("/api/", StringComparison.Ordinal)))
            {
                errors.Add($"{r.Status} {r.Url}");
            }
        };
        Errors[page] = errors;
        return page;
    }

    /// <summary>Script errors and console errors (a CSP violation is one) seen on a page.</summary>
    public ConcurrentDictionary<IPage, List<string>> Errors { get; } = new();

    public async Task ScreenshotAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
