using System.Net.Http.Json;
using System.Text.Json;
using static Microsoft.Playwright.Assertions;
using static Policy.Web.Tests.PageSession;

namespace Policy.Web.Tests;

/// <summary>
/// The legal console's account table with long reasons: at 1280×800 the reasons column once
/// squeezed the others until their words broke mid-word ("com/pan/y"). Short values stay on one
/// line, no word breaks inside, and the table fits its card; on a phone the cards do the same.
/// </summary>
public sealed class LegalLayoutTests(WebServer server, Browser browser)
{
    /// <summary>
    /// Per row and cell (by its column, data-col): the lines of each short value (a value on more
    /// than one line), the words drawn on more than one line in any cell, and whether the table
    /// scrolls sideways in its card.
    /// </summary>
    private const string Measure =
        """
        () => {
          const lines = (rects) => new Set([...rects].filter(r => r.width > 0).map(r => Math.round(r.top + r.height / 2))).size;
          const textNodes = (cell) => {
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            const nodes = [];
            for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.textContent.trim()) nodes.push(n);
            return nodes;
          };
          const wrapped = [], broken = [];
          for (const row of document.querySelectorAll('#accounts tr[data-account]')) {
            for (const cell of row.querySelectorAll('[data-col]')) {
              const where = cell.dataset.col + ' of ' + row.querySelector('th').textContent.trim();
              for (const value of [cell, ...cell.querySelectorAll('[data-short]')].filter(e => e.dataset.short !== undefined)) {
                // The value itself, without the phone's column label drawn in ::before.
                const range = document.createRange();
                range.selectNodeContents(value);
                const n = lines(range.getClientRects());
                if (n > 1) wrapped.push(where + ': "' + value.textContent.trim() + '" on ' + n + ' lines');
              }
              for (const node of textNodes(cell)) {
                // A word: what stands between spaces, and after a hyphen or slash, where a line may end ("E-Mail-", "Adresse").
                for (const m of node.textContent.matchAll(/[^\s\-\/]+[\-\/]?/g)) {
                  const range = document.createRange();
                  range.setStart(node, m.index);
                  range.setEnd(node, m.index + m[0].length);
                  const n = lines(range.getClientRects());
                  if (n > 1) broken.push(where + ': "' + m[0] + '" broken over ' + n + ' lines');
                }
              }
            }
          }
          // The headers, where they are shown (on a phone each value carries its column's name).
          for (const th of document.querySelectorAll('#accounts thead th')) {
            if (th.offsetWidth <= 1) continue;
            const range = document.createRange();
            range.selectNodeContents(th);
            const n = lines(range.getClientRects());
            if (n > 1) wrapped.push('header "' + th.textContent.trim() + '" on ' + n + ' lines');
          }
          const wrap = document.getElementById('accounts');
          const columns = [...document.querySelectorAll('#accounts thead th')].map(th => th.textContent.trim() + ' ' + Math.round(th.getBoundingClientRect().width)).join(', ');
          return { rows: document.querySelectorAll('#accounts tr[data-account]').length, wrapped, broken, scrolls: wrap.scrollWidth > wrap.clientWidth + 1, widths: wrap.scrollWidth + ' px in ' + wrap.clientWidth + ' px: ' + columns };
        }
        """;

    [Fact]
    public async Task Long_reasons_do_not_squeeze_the_short_columns_words_never_break_mid_word_on_a_laptop_or_a_phone()
    {
        var (person, _, _) = server.NewPerson("Kai Brandt", "employee");
        var stem = "@" + person.Replace('.', '_').Replace('-', '_');
        // Many reasons each (who registered it, who pays, its purpose, customer contacts, the e-mail domain) and a long justification.
        var company = await server.RegisterAccountAsync(new
        {
            platform = "linkedin", handle = stem + "_sales", registeredTo = "company", registeredName = "Acme Vertrieb und Kundenbetreuung GmbH",
            registeredEmail = "vertrieb.kundenbetreuung@acme.example", paidBy = "company", purpose = "business", employeeId = person, contactCount = 1250,
        });
        await server.RegisterAccountAsync(new
        {
            platform = "x", handle = stem, registeredTo = "person", registeredName = "Kai Brandt",
            registeredEmail = "kai.brandt.privat@privatmail.example", paidBy = "employee", purpose = "mixed", employeeId = person, contactCount = 480,
        });
        await server.RegisterAccountAsync(new
        {
            platform = "instagram", handle = stem + "_messe", registeredTo = "person", paidBy = "shared", purpose = "private", employeeId = person, contactCount = 12, status = "handed-over",
        });
        using (var legal = server.Http(server.NewKey("legal")))
        {
            using var response = await legal.PutAsJsonAsync($"api/v1/accounts/{company}/override", new
            {
                verdict = "disputed",
                justification = "Der Account wurde vor dem Arbeitsvertrag privat angelegt und erst später vom Unternehmen bezahlt; die Kundenkontakte stammen überwiegend aus der Zeit danach, daher bis zur Klärung mit dem Betriebsrat strittig.",
            }, TestContext.Current.CancellationToken);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        var page = await OpenSignedInAsync(browser, server, "/legal.html", server.NewKey("legal"), size: (1280, 800));
        await page.Locator("#f-employee").FillAsync(person);
        await page.Locator("#filter-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("#accounts tr[data-account]")).ToHaveCountAsync(3);

        foreach (var (lang, width, height, name) in new[] { ("de", 1280, 800, "legal-accounts-desktop"), ("de", 390, 844, "legal-accounts-phone"), ("en", 390, 844, null), ("en", 1280, 800, "legal-accounts-desktop-en") })
        {
            if (await page.EvaluateAsync<string>("() => document.documentElement.lang") != lang)
            {
                await page.Locator("#lang-switch").ClickAsync();
                await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", lang);
                await Expect(page.Locator("#accounts tr[data-account] .badge").First).ToHaveTextAsync(lang == "de" ? "strittig" : "disputed");
            }

            await page.SetViewportSizeAsync(width, height);
            var where = $"the account table ({lang}, {width}×{height})";
            // Captured before the assertions, so a failing layout leaves its picture.
            if (name is not null)
            {
                await browser.ScreenshotAsync(page, name);
            }

            var m = await page.EvaluateAsync<JsonElement>(Measure);
            Assert.Equal(3, m.GetProperty("rows").GetInt32());
            Assert.True(m.GetProperty("wrapped").GetArrayLength() == 0, $"{where}: short values wrap:\n" + string.Join('\n', m.GetProperty("wrapped").EnumerateArray()));
            Assert.True(m.GetProperty("broken").GetArrayLength() == 0, $"{where}: words break mid-word:\n" + string.Join('\n', m.GetProperty("broken").EnumerateArray()));
            Assert.False(m.GetProperty("scrolls").GetBoolean(), $"{where} scrolls sideways in its card, {m.GetProperty("widths").GetString()}");
            Assert.True(await FitsWidthAsync(page), $"{where}: the page is wider than the screen");
        }

        // The long justification is all there, for reading and for screen readers.
        Assert.Contains("mit dem Betriebsrat strittig", await page.Locator("#accounts tr[data-account] li.override").InnerTextAsync(), StringComparison.Ordinal);
        await PageAudit.AssertNoAxeViolationsAsync(page, "legal account table (en)");
        Assert.Empty(browser.Errors[page]);
        await page.Context.CloseAsync();
    }
}
