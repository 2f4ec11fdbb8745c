using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;
using Policy.Tests.Oidc;
using static Microsoft.Playwright.Assertions;

namespace Policy.Web.Tests;

/// <summary>
/// The API with its pages on a loopback port, with single sign-on pointed at a real OpenID Connect
/// provider (tests/oidc-provider) on another loopback port. Started on first use inside a test, so a
/// machine without Node skips with the provider's reason (CI installs it and counts a skip as a failure).
/// </summary>
public sealed class SignInWebServer : IDisposable
{
    private readonly Lazy<Server> _server;

    public SignInWebServer() => _server = new(() => new Server(Provider));

    public OidcTestProvider Provider { get; } = new();

    public string BaseUrl => _server.Value.BaseUrl;

    public void Dispose()
    {
        if (_server.IsValueCreated)
        {
            _server.Value.Dispose();
        }

        Provider.Dispose();
    }

    private sealed class Server : WebApplicationFactory<Program>
    {
        private readonly OidcTestProvider _provider;
        private readonly string _data = Path.Combine(Path.GetTempPath(), "policy-web-sso-" + Guid.NewGuid().ToString("N"));

        public Server(OidcTestProvider provider)
        {
            _provider = provider;
            _ = provider.Issuer; // the provider first: the API's settings name its address
            UseKestrel(0);
            StartServer();
            BaseUrl = ClientOptions.BaseAddress.ToString().TrimEnd('/');
        }

        public string BaseUrl { get; }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Policy:Storage:DataDirectory", _data);
            builder.UseSetting("Policy:Identity:BootstrapAdminKey", WebServer.AdminKey);
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Logging:LogLevel:Microsoft", "Warning");
            foreach (var (key, value) in _provider.ApiSettings())
            {
                builder.UseSetting(key, value);
            }
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                try
                {
                    Directory.Delete(_data, recursive: true);
                }
                catch (IOException)
                {
                    // A file still held open only leaves a temp folder behind.
                }
            }
        }
    }
}

/// <summary>
/// Signing in to the pages through the company's provider in Chromium: its own login form, back on
/// the pre-check page as that person with the roles their groups give, the session cookie's flags,
/// antiforgery on state-changing calls, and sign-out.
/// </summary>
public sealed class SignInPageTests(SignInWebServer sso, Browser browser) : IClassFixture<SignInWebServer>
{
    // The URL is what these waits are about: a navigation's "load" event, which WaitForURL also waits
    // for by default, twice never came within 45 s on a loaded CI machine although the network was idle.
    private static readonly PageWaitForURLOptions Committed = new() { WaitUntil = WaitUntilState.Commit };

    /// <summary>Opens the pre-check page and signs in with the provider's login form.</summary>
    private async Task<IPage> SignInThroughProviderAsync(string login, string locale = "de-DE")
    {
        var page = await browser.NewPageAsync(locale);
        // Only this machine: the pages and the provider's must never reach out anywhere else.
        await page.Context.RouteAsync("**/*", route =>
        {
            var host = new Uri(route.Request.Url).Host;
            return host is "127.0.0.1" or "localhost" ? route.ContinueAsync() : route.AbortAsync();
        });
        await page.GotoAsync(sso.BaseUrl + "/");
        var button = page.Locator("#signin-sso");
        await Expect(button).ToBeVisibleAsync();
        await Expect(button).ToHaveTextAsync(locale.StartsWith("de", StringComparison.Ordinal) ? "Mit Test-IdP anmelden" : "Sign in with Test-IdP");
        await button.ClickAsync();

        // The provider's own page.
        await page.WaitForURLAsync(url => url.StartsWith(sso.Provider.Issuer + "/interaction/", StringComparison.Ordinal), Committed);
        await page.Locator("#login").FillAsync(login);
        await page.Locator("#password").FillAsync(OidcTestProvider.People[login].Password);
        await page.Locator("#sign-in").ClickAsync();

        await page.WaitForURLAsync(sso.BaseUrl + "/", Committed);
        await page.Locator("#app").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        return page;
    }

    private static async Task<(int Status, string Body)> FetchAsync(IPage page, string method, string path, bool withToken = false)
    {
        var r = await page.EvaluateAsync<JsonElement>(
            """
            async ([method, path, withToken]) => {
              const headers = { Accept: 'application/json' };
              if (withToken) {
                const s = await (await fetch('/auth/session', { credentials: 'same-origin' })).json();
                headers[s.antiforgery.headerName] = s.antiforgery.token;
              }
              const r = await fetch(path, { method, headers, credentials: 'same-origin' });
              return { status: r.status, body: await r.text() };
            }
            """,
            new object[] { method, path, withToken });
        return (r.GetProperty("status").GetInt32(), r.GetProperty("body").GetString()!);
    }

    [Fact]
    public async Task A_person_signs_in_through_the_providers_form_and_lands_on_the_pre_check_page_with_the_mapped_roles()
    {
        var page = await SignInThroughProviderAsync("hanna");
        await Expect(page.Locator("#who")).ToHaveTextAsync("Angemeldet als Hanna Roth");
        await Expect(page.Locator("body[data-page='precheck'] #draft")).ToBeVisibleAsync();
        // hr from the group policy-hr: the HR console and the administration are offered, legal is not.
        await Expect(page.Locator("nav a[href='hr.html']")).ToBeVisibleAsync();
        await Expect(page.Locator("nav a[href='admin.html']")).ToBeVisibleAsync();
        await Expect(page.Locator("nav a[href='legal.html']")).ToBeHiddenAsync();
        await Expect(page.Locator("#signin")).ToBeHiddenAsync();

        var (status, body) = await FetchAsync(page, "GET", "/api/v1/me");
        Assert.Equal(200, status);
        using var me = JsonDocument.Parse(body);
        Assert.Equal("hanna", me.RootElement.GetProperty("id").GetString());
        Assert.Equal(["employee", "hr"], me.RootElement.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Order().ToArray());

        // The session cookie: Secure, HttpOnly (no script sees it), SameSite=Lax.
        var cookies = await page.Context.CookiesAsync([sso.BaseUrl]);
        var session = cookies.Single(c => c.Name == "policy.session");
        Assert.True(session.Secure);
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, session.SameSite);
        Assert.False(await page.EvaluateAsync<bool>("() => document.cookie.includes('policy.session')"));

        // The page's own check works with the session …
        await page.Locator("#draft").FillAsync("Der Türcode fürs Lager ist 4711#");
        await PageSession.WaitForDecisionAsync(page, "block");
        // … a state-changing call without the antiforgery token does not, with it it does.
        Assert.Equal(403, (await FetchAsync(page, "POST", "/api/v1/guideline/acknowledgements")).Status);
        Assert.Equal(200, (await FetchAsync(page, "POST", "/api/v1/guideline/acknowledgements", withToken: true)).Status);

        // The HR console opens without a key.
        await page.GotoAsync(sso.BaseUrl + "/hr.html");
        await Expect(page.Locator("#app")).ToBeVisibleAsync();
        await Expect(page.Locator("#forbidden")).ToBeHiddenAsync();

        // Sign out: the session ends here and at the provider, and the page asks for a sign-in again.
        await page.Locator("#sign-out").ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(sso.Provider.Issuer + "/session/end", StringComparison.Ordinal), Committed);
        await page.Locator("button[name='logout']").ClickAsync();
        try
        {
            await page.WaitForURLAsync(sso.BaseUrl + "/hr.html", Committed);
        }
        catch (TimeoutException)
        {
            Assert.Fail("after the provider's sign-out the page is at " + page.Url + ": " + await page.ContentAsync());
        }

        await Expect(page.Locator("#signin-sso")).ToBeVisibleAsync();
        Assert.DoesNotContain(await page.Context.CookiesAsync([sso.BaseUrl]), c => c.Name == "policy.session");
        Assert.Equal(401, (await FetchAsync(page, "GET", "/api/v1/me")).Status);

        await browser.ScreenshotAsync(page, "signin-after-sign-out");
        Assert.DoesNotContain(browser.Errors[page], e => !e.Contains(sso.Provider.Issuer, StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_person_without_the_group_claim_is_an_employee_only()
    {
        var page = await SignInThroughProviderAsync("nils", "en-GB");
        await Expect(page.Locator("#who")).ToHaveTextAsync("Signed in as Nils Ohnegruppe");
        await Expect(page.Locator("nav a[href='hr.html']")).ToBeHiddenAsync();
        await Expect(page.Locator("nav a[href='legal.html']")).ToBeHiddenAsync();
        await Expect(page.Locator("nav a[href='admin.html']")).ToBeHiddenAsync();
        var (status, body) = await FetchAsync(page, "GET", "/api/v1/me");
        Assert.Equal(200, status);
        Assert.Contains("\"roles\":[\"employee\"]", body, StringComparison.Ordinal);

        await page.GotoAsync(sso.BaseUrl + "/hr.html");
        await Expect(page.Locator("#forbidden")).ToBeVisibleAsync();
        await Expect(page.Locator("#app")).ToBeHiddenAsync();
        Assert.DoesNotContain(browser.Errors[page], e => !e.Contains(sso.Provider.Issuer, StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_offboarded_person_is_signed_out_of_the_page_and_cannot_sign_in_again()
    {
        var page = await SignInThroughProviderAsync("otto");
        await Expect(page.Locator("#who")).ToHaveTextAsync("Angemeldet als Otto Offboard");

        using var http = new HttpClient { BaseAddress = new Uri(sso.BaseUrl + "/") };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", WebServer.AdminKey);
        using var offboarded = await http.PostAsync("api/v1/people/otto/offboard", null, TestContext.Current.CancellationToken);
        Assert.True(offboarded.IsSuccessStatusCode, await offboarded.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        // The open page's session no longer counts …
        Assert.Equal(401, (await FetchAsync(page, "GET", "/api/v1/me")).Status);
        // … and signing in again at the provider ends on the sign-in form with the reason.
        await page.GotoAsync(sso.BaseUrl + "/");
        await page.Locator("#signin-sso").ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(sso.BaseUrl + "/?signin-error=offboarded", StringComparison.Ordinal), Committed);
        await Expect(page.Locator("#signin-error")).ToContainTextAsync("Austritt");
        Assert.DoesNotContain(await page.Context.CookiesAsync([sso.BaseUrl]), c => c.Name == "policy.session");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_admin_page_creates_a_key_shown_once_lists_its_last_use_revokes_it_and_keeps_the_last_admin_key()
    {
        var page = await browser.NewPageAsync("en-GB");
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new BrowserContextGrantPermissionsOptions { Origin = sso.BaseUrl });
        await page.GotoAsync(sso.BaseUrl + "/admin.html");
        await PageSession.SignInAsync(page, WebServer.AdminKey);

        // The only admin key (this server's people sign in through the provider) cannot be revoked.
        var adminRow = page.Locator("#keys tr", new PageLocatorOptions { HasText = "pk_test…" });
        await adminRow.Locator("button[data-revoke]").ClickAsync();
        await adminRow.Locator("button[data-confirm-revoke]").ClickAsync();
        await Expect(adminRow.Locator(".message[data-status='409']")).ToContainTextAsync("last active admin key");

        // A new key: shown once, copied with the button.
        await page.Locator("#key-person").FillAsync("k.neu");
        await page.Locator("#key-name").FillAsync("Kim Neu");
        await page.Locator("#key-email").FillAsync("k.neu@acme.example");
        await page.Locator("#role-legal").CheckAsync();
        await page.Locator("#key-create").ClickAsync();
        var shown = page.Locator("#new-key-value");
        await Expect(shown).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^pk_[A-Za-z0-9_-]{40,}$"));
        var key = await shown.InnerTextAsync();
        await page.Locator("#new-key-copy").ClickAsync();
        await Expect(page.Locator("#new-key-copied")).ToHaveTextAsync("Copied.");
        Assert.Equal(key, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));

        var row = page.Locator("#keys tr", new PageLocatorOptions { HasText = "k.neu" });
        await Expect(row.Locator("td[data-last-used]")).ToHaveTextAsync("never");
        await Expect(row).ToContainTextAsync("Employee, Legal");
        Assert.DoesNotContain(key, await page.Locator("#keys").InnerTextAsync(), StringComparison.Ordinal);

        // Used once, the list says when; reloaded, the key itself is nowhere on the page.
        using (var http = new HttpClient { BaseAddress = new Uri(sso.BaseUrl + "/") })
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
            Assert.True((await http.GetAsync("api/v1/me", TestContext.Current.CancellationToken)).IsSuccessStatusCode);
        }

        await page.ReloadAsync();
        await page.Locator("#app").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        await Expect(row.Locator("td[data-last-used]")).Not.ToHaveTextAsync("never");
        await Expect(page.Locator("#new-key")).ToBeHiddenAsync();
        Assert.DoesNotContain(key, await page.ContentAsync(), StringComparison.Ordinal);

        await row.Locator("button[data-revoke]").ClickAsync();
        await row.Locator("button[data-confirm-revoke]").ClickAsync();
        await Expect(row).ToContainTextAsync("revoked");
        await Expect(page.Locator("#keys-status")).ToContainTextAsync("is revoked");

        // The roster: a file with a wrong line is refused line by line, a right one lists its people.
        await page.Locator("#roster-file").SetInputFilesAsync(new FilePayload { Name = "roster.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes("personId;displayName;email\nr.one;Rita One;r.one@acme.example\nbad id;X;x@acme.example\n") });
        await page.Locator("#roster-import").ClickAsync();
        await Expect(page.Locator("#roster-status li")).ToContainTextAsync("line 3, column personId");
        await page.Locator("#roster-file").SetInputFilesAsync(new FilePayload { Name = "roster.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes("personId;displayName;email\nr.one;Rita One;r.one@acme.example\n") });
        await page.Locator("#roster-import").ClickAsync();
        await Expect(page.Locator("#roster-status")).ToContainTextAsync("1 rows: 1 new");
        await Expect(page.Locator("#people tr[data-person='r.one']")).ToContainTextAsync("HR roster");

        await browser.ScreenshotAsync(page, "admin-page-desktop");
        Assert.Empty(browser.Errors[page]);
        await page.Context.CloseAsync();
    }
}
