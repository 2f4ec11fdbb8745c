using System.Text.Json;
using Policy.Core.Checking;
using Policy.Core.Decision;
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
            ? topics.Append(Rules.Topics.General).Append(Rules.Topics.Crisis).Distinct(StringComparer.Ordinal)
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

    /// <summary>Reads a corpus file; a malformed line is an error naming the file and line.</summary>
    public static IReadOnlyList<CorpusPost> Load(string file)
    {
        var part = Path.GetFileNameWithoutExtension(file);
        var posts = new List<CorpusPost>();
        var line = 0;
        foreach (var text in File.ReadLines(file))
        {
            line++;
            if (text.Trim().Length == 0)
            {
                continue;
            }

            try
            {
                posts.Add(Parse(part, line, text));
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new InvalidDataException($"{file}:{line}: {ex.Message}", ex);
            }
        }

        return posts;
    }

    private static CorpusPost Parse(string part, int line, string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var ctx = root.GetProperty("context");
        var expect = root.GetProperty("expect");
        var attachments = new List<CorpusAttachment>();
        if (ctx.TryGetProperty("attachments", out var atts) && atts.ValueKind == JsonValueKind.Array)
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

        var categories = expect.GetProperty("categories").EnumerateArray().Select(c => c.GetString()!).ToList();
        foreach (var c in categories.Where(c => !AllCategories.Contains(c)))
        {
            throw new FormatException($"unknown category '{c}'");
        }

        return new CorpusPost(
            part,
            line,
            root.GetProperty("id").GetString()!,
            root.TryGetProperty("lang", out var lang) ? lang.GetString() ?? "de" : "de",
            root.GetProperty("text").GetString()!,
            ctx.GetProperty("account").GetString() == "corporate" ? AccountKind.Corporate : AccountKind.Private,
            ctx.TryGetProperty("author", out var au) && au.GetString() == "spokesperson",
            ctx.TryGetProperty("replyToComplaint", out var r) && r.ValueKind == JsonValueKind.True,
            attachments,
            ParseSeverity(expect.GetProperty("min").GetString()),
            ParseSeverity(expect.GetProperty("max").GetString()),
            categories);
    }

    private static Severity ParseSeverity(string? value) =>
        SeverityNames.TryParse(value, out var s) ? s : throw new FormatException($"'{value}' is not a decision");
}
