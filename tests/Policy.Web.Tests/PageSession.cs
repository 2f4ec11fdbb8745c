using Microsoft.Playwright;

namespace Policy.Web.Tests;

/// <summary>Steps shared by the page tests: open a page, sign in, wait for a decision.</summary>
internal static class PageSession
{
    public static async Task<IPage> OpenSignedInAsync(Browser browser, WebServer server, string path, string key, string locale = "de-DE", (int Width, int Height)? size = null)
    {
        var page = await browser.NewPageAsync(locale, size);
        await page.GotoAsync(server.BaseUrl + path);
        await SignInAsync(page, key);
        return page;
    }

    /// <summary>
    /// Signs in and waits until the page has loaded what it shows: it moves the focus into #app (its
    /// first field or heading) only after its first loads have answered. Acting earlier races those
    /// loads (a filter submitted while the unfiltered list is still on its way).
    /// </summary>
    public static async Task SignInAsync(IPage page, string key)
    {
        await page.Locator("#signin-key").FillAsync(key);
        await page.Locator("#signin-submit").ClickAsync();
        await page.Locator("#app").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        await page.Locator("#app:focus-within").WaitForAsync();
    }

    /// <summary>
    /// Waits until the banner shows the decision (allow, info, warn, review, block) for the draft as
    /// it stands: no check is running and the mirror shows the text in the box. While typing pauses
    /// less than the page's debounce, the banner still shows the answer for an earlier text without
    /// a check running; the mirror tells the two apart.
    /// </summary>
    public static async Task WaitForDecisionAsync(IPage page, string decision)
    {
        var banner = page.Locator($"#decision[data-decision='{decision}']:not([data-checking])");
        try
        {
            await banner.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
            await page.WaitForFunctionAsync(
                """
                decision => {
                  const banner = document.getElementById('decision');
                  if (banner.dataset.decision !== decision || 'checking' in banner.dataset) return false;
                  // The mirror's text and marks, without the finding numbers set after a mark.
                  let checked = '';
                  for (const n of document.getElementById('mirror').childNodes) {
                    if (n.nodeType === Node.TEXT_NODE || n.nodeName === 'MARK') checked += n.textContent;
                  }
                  return checked === document.getElementById('draft').value;
                }
                """,
                decision);
        }
        catch (TimeoutException)
        {
            var actual = await page.Locator("#decision").GetAttributeAsync("data-decision");
            var text = await page.Locator("#decision").InnerTextAsync();
            var findings = await page.Locator("#findings").InnerTextAsync();
            Assert.Fail($"expected decision '{decision}', the page shows '{actual}': {text}\n{findings}");
        }
    }

    /// <summary>The element that has the keyboard focus: its id (or tag) and whether a focus ring is drawn.</summary>
    public static async Task<(string Id, bool VisibleRing)> FocusedAsync(IPage page)
    {
        var r = await page.EvaluateAsync<string[]>(
            """
            () => {
              const e = document.activeElement;
              if (!e || e === document.body) return ['body', 'false'];
              const s = getComputedStyle(e);
              const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || (s.boxShadow && s.boxShadow !== 'none');
              return [e.id || (e.tagName.toLowerCase() + (e.dataset.insert ? '[data-insert]' : '') + (e.getAttribute('href') ? '[href=' + e.getAttribute('href') + ']' : '')), String(ring)];
            }
            """);
        return (r[0], r[1] == "true");
    }

    /// <summary>Presses Tab until the focused element matches, checking that every stop shows a focus ring.</summary>
    public static async Task TabToAsync(IPage page, Func<string, bool> target, int maxStops = 40, bool backwards = false)
    {
        var seen = new List<string>();
        for (var i = 0; i < maxStops; i++)
        {
            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
            var (id, ring) = await FocusedAsync(page);
            seen.Add(id);
            Assert.True(ring || id == "body", $"the focused element '{id}' shows no visible focus ring");
            if (target(id))
            {
                return;
            }
        }

        Assert.Fail("the target was not reached with Tab; focus went through: " + string.Join(" → ", seen));
    }

    /// <summary>True when the page is no wider than the viewport (no sideways scrolling).</summary>
    public static Task<bool> FitsWidthAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Policy.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Policy.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
