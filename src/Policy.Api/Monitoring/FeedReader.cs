using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Policy.Api.Monitoring;

/// <summary>
/// Reads the entries of an Atom or RSS 2.0 feed as mentions. The XML is untrusted: no DTD, no
/// external entities, bounded size; HTML in summaries is reduced to its text for matching.
/// </summary>
public static partial class FeedReader
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";

    /// <summary>The entries of the feed; throws <see cref="FormatException"/> if it is neither Atom nor RSS.</summary>
    public static IReadOnlyList<Mention> Read(Stream xml, string source, DateTimeOffset now, int maxChars)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = maxChars,
            IgnoreComments = true,
        };
        XDocument doc;
        try
        {
            using var reader = XmlReader.Create(xml, settings);
            doc = XDocument.Load(reader);
        }
        catch (XmlException ex)
        {
            throw new FormatException("not well-formed XML: " + ex.Message, ex);
        }

        var root = doc.Root ?? throw new FormatException("empty document");
        if (root.Name == Atom + "feed")
        {
            return [.. root.Elements(Atom + "entry").Select(e => AtomEntry(e, source, now)).OfType<Mention>()];
        }

        if (root.Name.LocalName == "rss" && root.Element("channel") is { } channel)
        {
            return [.. channel.Elements("item").Select(i => RssItem(i, source, now)).OfType<Mention>()];
        }

        throw new FormatException($"the document is neither an Atom feed nor RSS 2.0 (root element '{root.Name.LocalName}')");
    }

    private static Mention? AtomEntry(XElement e, string source, DateTimeOffset now)
    {
        var link = e.Elements(Atom + "link").FirstOrDefault(l => (string?)l.Attribute("rel") is null or "alternate")?.Attribute("href")?.Value
            ?? (string?)e.Element(Atom + "id");
        if (!IsWebLink(link))
        {
            return null;
        }

        var text = string.Join(' ', new[] { (string?)e.Element(Atom + "title"), (string?)e.Element(Atom + "summary"), (string?)e.Element(Atom + "content") }.Where(t => t is not null).Select(t => Plain(t!)));
        var author = (string?)e.Element(Atom + "author")?.Element(Atom + "name");
        var published = Date((string?)e.Element(Atom + "published")) ?? Date((string?)e.Element(Atom + "updated")) ?? now;
        return new Mention(source, link.Trim(), Bound(author), text, published);
    }

    private static Mention? RssItem(XElement i, string source, DateTimeOffset now)
    {
        var link = (string?)i.Element("link") ?? (string?)i.Element("guid");
        if (!IsWebLink(link))
        {
            return null;
        }

        var text = string.Join(' ', new[] { (string?)i.Element("title"), (string?)i.Element("description"), (string?)i.Element(Content + "encoded") }.Where(t => t is not null).Select(t => Plain(t!)));
        var author = (string?)i.Element(Dc + "creator") ?? (string?)i.Element("author");
        var published = Date((string?)i.Element("pubDate")) ?? Date((string?)i.Element(Dc + "date")) ?? now;
        return new Mention(source, link.Trim(), Bound(author), text, published);
    }

    // An entry is counted by its web address; anything else (urn:, javascript:, relative) is skipped
    // rather than shown to HR as a link.
    private static bool IsWebLink([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? link) =>
        link is { Length: <= 2_000 } && Uri.TryCreate(link.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http";

    private static string? Bound(string? handle) => handle is null ? null : handle.Trim() is { Length: > 200 } h ? h[..200] : handle.Trim();

    private static string Plain(string html) => WebUtility.HtmlDecode(Tags().Replace(html, " "));

    private static DateTimeOffset? Date(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        // RFC 3339 (Atom) and RFC 822 (RSS, e.g. "Sun, 06 Dec 2026 21:00:00 GMT"; named zones other than GMT/UT are rare).
        var v = value.Trim().Replace(" UT", " GMT", StringComparison.Ordinal);
        return DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
    }

    [GeneratedRegex("<[^>]*>", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Tags();
}
