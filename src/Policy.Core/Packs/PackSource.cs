using System.Security.Cryptography;
using System.Text;
using Policy.Core.Checking;
using Policy.Core.Model;
using YamlDotNet.RepresentationModel;

namespace Policy.Core.Packs;

/// <summary>
/// A parsed, not yet compiled pack file: its metadata checked, its rules and examples kept as
/// YAML nodes so that compiling them (possibly with a company pack's lists) still reports
/// file, line and column.
/// </summary>
public sealed class PackSource
{
    private static readonly string[] TopKeys =
        ["$schema", "id", "version", "title", "description", "languages", "extends", "lists", "cues", "topics", "sections", "rules", "overrides", "examples", "model"];

    private PackSource(string file, string sha256)
    {
        File = file;
        Sha256 = sha256;
    }

    public string File { get; }

    public string Id { get; private init; } = string.Empty;

    public string Version { get; private init; } = string.Empty;

    public LocalizedText Title { get; private init; } = LocalizedText.Empty;

    public IReadOnlyList<string> Languages { get; private init; } = [];

    public string? Extends { get; private init; }

    public string Sha256 { get; }

    public PackLists Lists { get; private init; } = new(new Dictionary<string, IReadOnlyList<string>>());

    public IReadOnlyList<Section> Sections { get; private init; } = [];

    internal IReadOnlyList<YamlMappingNode> Rules { get; private init; } = [];

    internal IReadOnlyList<YamlNode> Examples { get; private init; } = [];

    /// <summary>Topic id → its term set node (compiled with the merged lists of the chain).</summary>
    internal IReadOnlyList<(string Id, YamlNode Node)> Topics { get; private init; } = [];

    public IReadOnlyList<string> TopicIds => [.. Topics.Select(t => t.Id)];

    /// <summary>Each override's node, the rule it names and its keys (compiled with the chain's lists).</summary>
    internal IReadOnlyList<(YamlNode Node, string RuleId, Dictionary<string, YamlNode> Keys)> Overrides { get; private init; } = [];

    internal YamlNodes Nodes { get; private init; } = null!;

    /// <summary>The trained layer this pack ships, if any (<c>model:</c>).</summary>
    public Match.Model.TextModel? Model { get; private init; }

    public static PackSource Parse(string file, string content, PackLimits? limits = null) =>
        Read(file, content, limits ?? PackLimits.Default, CancellationToken.None);

    /// <summary><see cref="Parse"/> for a caller that can give up: <paramref name="ct"/> cancels the read
    /// (the request was aborted or the server stops) with <see cref="OperationCanceledException"/>.</summary>
    public static PackSource Read(string file, string content, PackLimits limits, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var y = new YamlNodes(file);
        var root = y.ParseRoot(content, limits, ct);
        var top = y.Keys(root, TopKeys, "the pack");

        var id = y.NonEmpty(y.Required(top, "id", root, "the pack"), "id");
        if (!IsIdentifier(id))
        {
            throw y.Error(top["id"], "id may hold only letters, digits, '.', '-' and '_'");
        }

        var version = y.NonEmpty(y.Required(top, "version", root, "the pack"), "version");
        var sections = new List<Section>();
        var sectionIds = new HashSet<string>(StringComparer.Ordinal);
        if (YamlNodes.Get(top, "sections") is { } sectionsNode)
        {
            foreach (var node in y.Sequence(sectionsNode, "sections", 500))
            {
                var s = y.Keys(node, ["id", "title", "text"], "a section");
                var sid = y.NonEmpty(y.Required(s, "id", node, "a section"), "section id");
                if (!sectionIds.Add(sid))
                {
                    throw y.Error(node, $"section '{sid}' is defined twice");
                }

                sections.Add(new Section(
                    sid,
                    y.Localized(y.Required(s, "title", node, "a section"), "section title"),
                    YamlNodes.Get(s, "text") is { } t ? y.Localized(t, "section text") : LocalizedText.Empty));
            }
        }

        var lists = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var contexts = new Dictionary<string, IReadOnlyDictionary<string, Match.TermContext>>(StringComparer.Ordinal);
        if (YamlNodes.Get(top, "lists") is { } listsNode)
        {
            var valueContexts = new ValueContexts(y, limits);
            foreach (var (name, node) in y.Keys(listsNode, PackLists.KnownNames, "lists"))
            {
                if (name == "corporateAccounts")
                {
                    lists[name] = ParseAccounts(y, node, limits);
                    continue;
                }

                var values = new List<string>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                var withContext = new Dictionary<string, Match.TermContext>(StringComparer.Ordinal);
                foreach (var (valueNode, value, context) in valueContexts.Values(node, name))
                {
                    if (value.Contains('{', StringComparison.Ordinal) || value.Contains('}', StringComparison.Ordinal))
                    {
                        // Values fill {placeholders} in terms; a brace in a value is a mistake, not a name.
                        throw y.Error(valueNode, $"list {name}: value '{value}' may not contain '{{' or '}}'");
                    }

                    var again = !seen.Add(value);
                    if (again && !ReferenceEquals(withContext.GetValueOrDefault(value), context))
                    {
                        throw y.Error(valueNode, $"list {name}: value '{value}' is listed twice with different contexts; list it once, with the context it needs");
                    }

                    if (!again)
                    {
                        values.Add(value);
                    }

                    if (context is not null)
                    {
                        withContext[value] = context;
                    }
                }

                contexts[name] = withContext;

                if (name == "mailDomains" && values.Find(v => !Accounts.CompanyDomains.IsDomain(v.TrimStart('@'))) is { } notDomain)
                {
                    throw y.Error(node, $"list mailDomains: '{notDomain}' is not a domain; write the part after the @, e.g. acme.de");
                }

                lists[name] = name == "mailDomains" ? [.. values.Select(v => v.TrimStart('@').ToLowerInvariant())] : values;
            }
        }

        var cues = YamlNodes.Get(top, "cues") is { } cuesNode ? ParseCues(y, cuesNode, limits) : [];

        var rules = YamlNodes.Get(top, "rules") is { } rulesNode
            ? y.Sequence(rulesNode, "rules", limits.MaxRules).Select(n => n as YamlMappingNode ?? throw y.Error(n, "a rule must be a mapping")).ToList()
            : [];

        var overrides = new List<(YamlNode, string, Dictionary<string, YamlNode>)>();
        if (YamlNodes.Get(top, "overrides") is { } overridesNode)
        {
            foreach (var node in y.Sequence(overridesNode, "overrides", limits.MaxRules))
            {
                var o = y.Keys(node, RuleCompiler.OverrideKeys, "an override");
                var ruleId = y.NonEmpty(y.Required(o, "rule", node, "an override"), "rule");
                if (YamlNodes.Get(o, "severity") is { } sev)
                {
                    ParseSeverity(y, sev);
                }

                if (YamlNodes.Get(o, "enabled") is { } en)
                {
                    y.Bool(en, "enabled");
                }

                overrides.Add((node, ruleId, o));
            }
        }

        return new PackSource(file, Hash(content))
        {
            Id = id,
            Version = version,
            Title = YamlNodes.Get(top, "title") is { } title ? y.Localized(title, "title") : new LocalizedText(id, id),
            Languages = YamlNodes.Get(top, "languages") is { } langs ? ParseLanguages(y, langs) : ["de", "en"],
            Extends = YamlNodes.Get(top, "extends") is { } ext ? y.NonEmpty(ext, "extends") : null,
            Lists = new PackLists(lists, contexts, cues),
            Sections = sections,
            Rules = rules,
            Examples = YamlNodes.Get(top, "examples") is { } ex ? y.Sequence(ex, "examples", 5_000) : [],
            Topics = YamlNodes.Get(top, "topics") is { } topicsNode ? ParseTopics(y, topicsNode) : [],
            Overrides = overrides,
            Model = YamlNodes.Get(top, "model") is { } modelNode ? ModelSource.Parse(y, modelNode) : null,
            Nodes = y,
        };
    }

    /// <summary>The company's own accounts: <c>{ handle: "@acme", platform: linkedin }</c>, kept as
    /// "platform:handle" so the list merges and diffs like the others.</summary>
    private static List<string> ParseAccounts(YamlNodes y, YamlNode node, PackLimits limits)
    {
        var accounts = new List<string>();
        foreach (var item in y.Sequence(node, "list corporateAccounts", limits.MaxItemsPerList))
        {
            var a = y.Keys(item, ["handle", "platform"], "a corporate account");
            var handle = y.NonEmpty(y.Required(a, "handle", item, "a corporate account"), "handle");
            if (handle.Any(char.IsWhiteSpace) || handle.Contains('{', StringComparison.Ordinal) || handle.Contains('}', StringComparison.Ordinal))
            {
                throw y.Error(a["handle"], $"handle '{handle}' may not contain spaces or braces");
            }

            var platformNode = y.Required(a, "platform", item, "a corporate account");
            var platform = y.NonEmpty(platformNode, "platform");
            if (!PackLists.Platforms.Contains(platform))
            {
                throw y.Error(platformNode, $"platform must be one of {string.Join(", ", PackLists.Platforms)}, not '{platform}'{YamlNodes.DidYouMean(platform, PackLists.Platforms)}");
            }

            accounts.Add(platform + ":" + handle);
        }

        return accounts;
    }

    /// <summary>At most this many cues per pack: building blocks, not a second rule list.</summary>
    public const int MaxCues = 200;

    /// <summary><c>cues:</c> name → phrases. The phrases are terms like any other (normalized,
    /// matched with the referencing rule's match and endings), so they take no placeholders.</summary>
    private static Dictionary<string, IReadOnlyList<string>> ParseCues(YamlNodes y, YamlNode node, PackLimits limits)
    {
        var map = node as YamlMappingNode ?? throw y.Error(node, "cues is a mapping: cue name → phrases");
        if (map.Children.Count > MaxCues)
        {
            throw y.Error(node, $"cues has {map.Children.Count} entries; at most {MaxCues} are allowed");
        }

        var cues = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (k, v) in map.Children)
        {
            var name = y.NonEmpty(k, "cue name");
            if (!char.IsAsciiLetterLower(name[0]) || !name.All(char.IsAsciiLetterOrDigit))
            {
                throw y.Error(k, $"cue name '{name}' must be a camelCase name such as metaTalk or employeeNote");
            }

            if (PackLists.KnownNames.Contains(name))
            {
                throw y.Error(k, $"cue name '{name}' is the name of a company list; choose another name");
            }

            if (cues.ContainsKey(name))
            {
                throw y.Error(k, $"cue '{name}' is defined twice");
            }

            var phrases = new List<string>();
            foreach (var item in y.Sequence(v, "cue " + name, limits.MaxItemsPerList))
            {
                var phrase = y.NonEmpty(item, "a phrase of cue " + name);
                if (phrase.Contains('{', StringComparison.Ordinal) || phrase.Contains('}', StringComparison.Ordinal))
                {
                    throw y.Error(item, $"cue {name}: phrase '{phrase}' may not contain '{{' or '}}'; cues take no placeholders");
                }

                if (!phrases.Contains(phrase, StringComparer.Ordinal))
                {
                    phrases.Add(phrase);
                }
            }

            cues[name] = phrases;
        }

        return cues;
    }

    private static List<(string, YamlNode)> ParseTopics(YamlNodes y, YamlNode node)
    {
        var map = node as YamlMappingNode ?? throw y.Error(node, "topics is a mapping: topic id → terms");
        var topics = new List<(string, YamlNode)>();
        foreach (var (k, v) in map.Children)
        {
            var id = y.NonEmpty(k, "topic id");
            if (!id.All(c => char.IsAsciiLetterLower(c) || c == '-'))
            {
                throw y.Error(k, "a topic id is a lower-case name such as finance, products, people, crisis");
            }

            topics.Add((id, v));
        }

        return topics;
    }

    internal static Policy.Core.Model.Severity ParseSeverity(YamlNodes y, YamlNode node)
    {
        var s = y.String(node, "severity");
        return Policy.Core.Model.SeverityNames.TryParse(s, out var severity) && severity != Policy.Core.Model.Severity.Allow
            ? severity
            : throw y.Error(node, $"severity must be info, warn, review or block, not '{s}'");
    }

    private static List<string> ParseLanguages(YamlNodes y, YamlNode node)
    {
        var langs = y.Strings(node, "languages", 10);
        foreach (var l in langs)
        {
            if (l is not ("de" or "en"))
            {
                throw y.Error(node, $"languages may be de and en, not '{l}'");
            }
        }

        return langs;
    }

    private static bool IsIdentifier(string s) => s.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    private static string Hash(string content) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
}
