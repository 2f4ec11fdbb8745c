using System.Text.Json;
using Microsoft.Playwright;

namespace Policy.Web.Tests;

/// <summary>
/// Two checks run on a page as it stands: axe-core (every rule of its default set, WCAG 2.2 A and
/// AA and best practices) and the language scan (no string of the other language's catalogue).
/// </summary>
internal static class PageAudit
{
    /// <summary>tests/axe/node_modules/axe-core/axe.min.js, installed by `npm ci` in tests/axe (.ci/run does).</summary>
    public static string AxePath => Path.Combine(PageSession.RepoRoot, "tests", "axe", "node_modules", "axe-core", "axe.min.js");

    private static readonly Lazy<string> AxeSource = new(() =>
    {
        // Never a skip: a missing engine would pass every page unscanned.
        Assert.True(File.Exists(AxePath), $"axe-core was not found at {AxePath}: run `npm ci` in tests/axe (.ci/run does).");
        return File.ReadAllText(AxePath);
    });

    /// <summary>Runs axe-core on the page and fails with every violation: rule, impact, elements, what is wrong.</summary>
    public static async Task AssertNoAxeViolationsAsync(IPage page, string where)
    {
        // Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern.
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.EvaluateAsync(AxeSource.Value + "\n;undefined");
        }

        var violations = await page.EvaluateAsync<JsonElement>(
            """
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'] });
              return result.violations.map(v => ({
                rule: v.id,
                impact: v.impact,
                help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ') + ': ' + (n.failureSummary || '').replace(/\s+/g, ' ')),
              }));
            }
            """);
        var lines = violations.EnumerateArray()
            .Select(v => $"{v.GetProperty("rule").GetString()} ({v.GetProperty("impact").GetString()}): {v.GetProperty("help").GetString()}\n    " +
                string.Join("\n    ", v.GetProperty("nodes").EnumerateArray().Select(n => n.GetString())))
            .ToList();
        Assert.True(lines.Count == 0, $"axe-core found {lines.Count} violation(s) on {where}:\n" + string.Join('\n', lines));
    }

    /// <summary>
    /// Fails when the page, shown in its language, contains a string of the other language from the
    /// message catalogue (wwwroot/js/i18n.js and the strings added to it): visible text, labels,
    /// placeholders, titles and the document title. Text marked with another lang (the language
    /// switch names the other language on purpose) is left out, and so is data marked translate="no"
    /// (names, ids, handles), and so are pieces that also occur
    /// in the page language's own catalogue ("CSV", "Status").
    /// </summary>
    public static async Task AssertOneLanguageAsync(IPage page, string where)
    {
        var found = await page.EvaluateAsync<string[]>(
            """
            async () => {
              const { strings } = await import('/js/i18n.js');
              const lang = document.documentElement.lang;
              const other = lang === 'de' ? 'en' : 'de';
              const own = Object.values(strings[lang]).map(s => s.toLowerCase());
              const pieces = new Set();
              for (const value of Object.values(strings[other])) {
                for (const part of value.split(/\{\d+\}/)) {
                  const piece = part.trim().replace(/^[\s:.,;–()…]+|[\s:.,;–()…]+$/g, '');
                  if (piece.length >= 4 && /\p{L}{3}/u.test(piece) && !own.some(s => s.includes(piece.toLowerCase()))) {
                    pieces.add(piece);
                  }
                }
              }
              const escape = s => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
              const patterns = [...pieces].map(p => [p, new RegExp('(?<![\\p{L}\\p{N}])' + escape(p) + '(?![\\p{L}\\p{N}])', 'u')]);
              const ownLanguage = el => {
                // Names, ids and handles are marked translate="no": a person called "Administrator" is no English.
                if (el.closest('[translate="no"]')) return false;
                const marked = el.closest('[lang]');
                return !marked || marked.lang === lang;
              };
              const visible = el => {
                const select = el.closest('select');
                return (select || el).checkVisibility({ visibilityProperty: true });
              };
              const texts = [['title', document.title]];
              const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
              for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                const el = n.parentElement;
                if (n.textContent.trim() && el && visible(el) && ownLanguage(el)) {
                  texts.push([el.id || el.tagName.toLowerCase(), n.textContent]);
                }
              }
              for (const el of document.body.querySelectorAll('[aria-label], [placeholder], [title], [alt]')) {
                if (!visible(el) || !ownLanguage(el)) continue;
                for (const name of ['aria-label', 'placeholder', 'title', 'alt']) {
                  const value = el.getAttribute(name);
                  if (value) texts.push([(el.id || el.tagName.toLowerCase()) + '@' + name, value]);
                }
              }
              const hits = [];
              for (const [where, text] of texts) {
                for (const [piece, pattern] of patterns) {
                  if (pattern.test(text)) hits.push(where + ': "' + piece + '" in "' + text.trim().slice(0, 120) + '"');
                }
              }
              return hits;
            }
            """);
        Assert.True(found.Length == 0, $"{where} mixes languages, strings of the other language's catalogue:\n" + string.Join('\n', found));
    }
}
