using System.Text.Json;
using Policy.Core.Checking;
using Policy.Core.Decision;
using Policy.Core.Model;
using Policy.Core.Packs;

namespace Policy.Core.Evaluation;

/// <summary>An attachment as a corpus line describes it.</summary>
public sealed record CorpusAttachment(string Kind, string Name, bool HasLocation, string? License);

/// <summary>
/// One labelled post of a corpus (tests/corpus/*.jsonl): the draft, its context and the band of
/// acceptable decisions with the categories that must be found. A post is in band when the decision
/// lies within [Min, Max] and a finding of every expected category is present.
/// </summary>
public sealed record CorpusPost(
    string Part,
    int Line,
    string Id,
    string Lang,
    string Text,
    AccountKind Account,
    bool Spokesperson,
    bool ReplyToComplaint,
    IReadOnlyList<CorpusAttachment> Attachments,
    Severity Min,
    Severity Max,
    IReadOnlyList<string> Categories)
{
    public static readonly IReadOnlyList<string> AllCategories =
        ["credential", "confidential", "insider", "pii", "disclaimer", "comparative", "tone", "spokesperson", "location", "link", "media"];

    public bool IsClean => Categories.Count == 0;

    /// <summary>The request the API would build for this post: language auto, the author's grants
    /// from the registry (a spokesperson holds every topic of the pack on every channel).</summary>
    public CheckRequest ToRequest(CompiledPack pack)
    {
        ArgumentNullException.ThrowIfNull(pack);
        return ToRequest([.. pack.Topics.Select(t => t.Id)]);
    }

    /// <summary>The request with a spokesperson's grants over the given topic ids.</summary>
    public CheckRequest ToRequest(IReadOnlyList<string> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var grants = Spokesperson
            ? topics.Append(Policy.Core.Checking.Topics.General).Append(Policy.Core.Checking.Topics.Crisis).Distinct(StringComparer.Ordinal)
                .Select(t => new SpokespersonGrant(t, [])).ToList()
            : [];
        var author = new Author("corpus-" + Id, Spokesperson ? ["employee", "spokesperson"] : ["employee"], grants);
        var attachments = Attachments.Select(a => new Attachment(
            a.Name,
            a.Kind switch { "video" => "video/mp4", "audio" => "audio/mpeg", _ => "image/jpeg" },
            null,
            a.License switch { "own" => MediaLicense.Own, "licensed" => MediaLicense.Licensed, _ => MediaLicense.Unknown },
            a.HasLocation ? new GeoPoint(48.1372, 11.5756) : null)).ToList();
        return new CheckRequest(Text, "auto", Account, Account == AccountKind.Corporate ? "@company" : null, ReplyToComplaint, attachments, author);
    }

    /// <summary>False for a line without <c>expect</c> (an unlabelled draft, for simulations and
    /// diffs): its band is allow..block, so it never counts in an evaluation.</summary>
    public bool Labelled { get; init; } = true;

    /// <summary>Reads a labelled corpus file; a malformed line is an error naming the file and line.</summary>
    public static IReadOnlyList<CorpusPost> Load(string file) => Load(file, CorpusLimits.Unbounded, requireLabels: true);

    /// <summary>Reads a corpus file whose lines may be unlabelled (just <c>text</c> and <c>context</c>) unless
    /// <paramref name="requireLabels"/>; an error names the file and line.</summary>
    public static IReadOnlyList<CorpusPost> Load(string file, CorpusLimits limits, bool requireLabels)
    {
        using var reader = File.OpenText(file);
        return Read(file, Path.GetFileNameWithoutExtension(file), reader, limits, requireLabels);
    }

    /// <summary>
    /// Reads JSON Lines: one draft per line, blank lines skipped. A labelled line has <c>id</c>,
    /// <c>text</c>, <c>context</c> and <c>expect</c> (tests/corpus); an unlabelled one needs only
    /// <c>text</c> (context defaults to a private account). Throws <see cref="InvalidDataException"/>
    /// naming <paramref name="name"/> and the line of the first problem; the message never quotes a draft.
    /// </summary>
    public static IReadOnlyList<CorpusPost> Read(string name, string part, TextReader reader, CorpusLimits limits, bool requireLabels)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(limits);
        var posts = new List<CorpusPost>();
        var line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Trim().Length == 0)
            {
                continue;
            }

            if (posts.Count >= limits.MaxPosts)
            {
                throw new InvalidDataException($"{name}:{line}: more than {limits.MaxPosts} drafts; send at most {limits.MaxPosts} per corpus");
            }

            try
            {
                var post = Parse(part, line, text, requireLabels);
                if (post.Text.Length > limits.MaxTextLength)
                {
                    throw new FormatException($"'text' has {post.Text.Length} characters, at most {limits.MaxTextLength} are allowed");
                }

                posts.Add(post);
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new InvalidDataException($"{name}:{line}: {ex.Message}", ex);
            }
        }

        return posts;
    }

    private static CorpusPost Parse(string part, int line, string json, bool requireLabels)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("a line must be one JSON object: {\"text\": \"…\", \"context\": {\"account\": \"private\"}}");
        }

        var labelled = requireLabels || root.TryGetProperty("expect", out _);
        var ctx = root.TryGetProperty("context", out var c) && c.ValueKind == JsonValueKind.Object
            ? c
            : labelled ? throw new FormatException("'context' is required: {\"account\": \"private\"} or \"corporate\"") : default;
        var attachments = new List<CorpusAttachment>();
        if (ctx.ValueKind == JsonValueKind.Object && ctx.TryGetProperty("attachments", out var atts) && atts.ValueKind == JsonValueKind.Array)
        {
            foreach (var a in atts.EnumerateArray())
            {
                attachments.Add(new CorpusAttachment(
                    a.TryGetProperty("kind", out var k) ? k.GetString() ?? "image" : "image",
                    a.TryGetProperty("name", out var n) ? n.GetString() ?? "file" : "file",
                    a.TryGetProperty("hasLocation", out var g) && g.ValueKind == JsonValueKind.True,
                    a.TryGetProperty("license", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null));
            }
        }

        var text = root.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String
            ? t.GetString()!
            : throw new FormatException("'text' is required and must be a string");
        var account = ctx.ValueKind == JsonValueKind.Object && ctx.TryGetProperty("account", out var acc) ? acc.GetString() : null;
        if (account is not (null or "private" or "corporate") || (account is null && labelled))
        {
            throw new FormatException("'context.account' must be \"private\" or \"corporate\"");
        }

        var id = root.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String
            ? idElement.GetString()!
            : labelled ? throw new FormatException("'id' is required in a labelled line") : "line-" + line.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var post = new CorpusPost(
            part,
            line,
            id,
            root.TryGetProperty("lang", out var lang) ? lang.GetString() ?? "de" : "de",
            text,
            account == "corporate" ? AccountKind.Corporate : AccountKind.Private,
            ctx.ValueKind == JsonValueKind.Object && ctx.TryGetProperty("author", out var au) && au.GetString() == "spokesperson",
            ctx.ValueKind == JsonValueKind.Object && ctx.TryGetProperty("replyToComplaint", out var r) && r.ValueKind == JsonValueKind.True,
            attachments,
            Severity.Allow,
            Severity.Block,
            []);
        if (!labelled)
        {
            return post with { Labelled = false };
        }

        var expect = root.TryGetProperty("expect", out var e) && e.ValueKind == JsonValueKind.Object
            ? e
            : throw new FormatException("'expect' is required: {\"min\": \"allow\", \"max\": \"info\", \"categories\": []}");
        var categories = expect.GetProperty("categories").EnumerateArray().Select(c => c.GetString()!).ToList();
        foreach (var category in categories.Where(c => !AllCategories.Contains(c)))
        {
            throw new FormatException($"unknown category '{category}'");
        }

        return post with
        {
            Min = ParseSeverity(expect.GetProperty("min").GetString()),
            Max = ParseSeverity(expect.GetProperty("max").GetString()),
            Categories = categories,
        };
    }

    private static Severity ParseSeverity(string? value) =>
        SeverityNames.TryParse(value, out var s) ? s : throw new FormatException($"'{value}' is not a decision");
}
