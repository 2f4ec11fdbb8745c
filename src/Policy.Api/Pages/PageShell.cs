using System.Collections.Frozen;
using System.Text;

namespace Policy.Api.Pages;

/// <summary>
/// The pages, each written once as its own content (Pages/Content/&lt;name&gt;.html, the part inside
/// &lt;main&gt; after the sign-in form) and put into one shell (Pages/Content/shell.html: the head, the
/// header with the navigation and the language switch, the sign-in form). Composed once at start-up,
/// so a change to the navigation or the head is one edit, and every page gets it.
/// </summary>
public sealed class PageShell
{
    /// <summary>A page: where it is served, its name (body data-page, nav link), its title key and its modules.</summary>
    public sealed record Page(string Path, string Name, string TitleKey, string[] Scripts);

    /// <summary>Every page the API serves; "/" and "/index.html" are the pre-check.</summary>
    public static readonly IReadOnlyList<Page> Pages =
    [
        new("/index.html", "precheck", "pre.title", ["js/precheck.js"]),
        new("/guideline.html", "guideline", "gl.title", ["js/guideline.js"]),
        new("/reviews.html", "reviews", "rev.title", ["js/reviews.js"]),
        new("/hr.html", "hr", "hr.title", ["js/hr.js", "js/hr-feedback.js", "js/hr-stats.js"]),
        new("/legal.html", "legal", "legal.title", ["js/legal.js"]),
        new("/admin.html", "admin", "admin.title", ["js/admin.js"]),
    ];

    private readonly FrozenDictionary<string, byte[]> _html;

    private PageShell(FrozenDictionary<string, byte[]> html) => _html = html;

    /// <summary>Reads the shell and every page's content from the assembly and composes them.</summary>
    public static PageShell Load()
    {
        var shell = Read("shell.html");
        var html = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var page in Pages)
        {
            var scripts = string.Join('\n', page.Scripts.Select(s => $"  <script type=\"module\" src=\"{s}\"></script>"));
            var content = string.Join('\n', Read(page.Name + ".html").TrimEnd().Split('\n').Select(line => line.Length == 0 ? line : "    " + line));
            var composed = shell
                .Replace("{{scripts}}", scripts, StringComparison.Ordinal)
                .Replace("{{page}}", page.Name, StringComparison.Ordinal)
                .Replace("{{title-key}}", page.TitleKey, StringComparison.Ordinal)
                .Replace("{{content}}", content, StringComparison.Ordinal);
            html[page.Path] = Encoding.UTF8.GetBytes(composed);
        }

        html["/"] = html["/index.html"];
        return new PageShell(html.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The composed page served at path, or null when no page lives there.</summary>
    public byte[]? Find(PathString path) => path.HasValue && _html.TryGetValue(path.Value!, out var html) ? html : null;

    private static string Read(string name)
    {
        var resource = "Policy.Api.Pages.Content." + name;
        using var stream = typeof(PageShell).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The page content {resource} is not embedded in the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
