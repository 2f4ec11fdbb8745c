using System.Globalization;
using Policy.Core.Model;
using YamlDotNet.Core.Events;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Policy.Core.Packs;

/// <summary>
/// Strict, position-aware access to a pack's YAML: every value read knows its file, line and
/// column, and every mapping refuses keys it does not know, so a typo is an error, never ignored.
/// </summary>
internal sealed class YamlNodes(string file)
{
    public string File { get; } = file;

    public string? RuleId { get; set; }

    public PackLoadException Error(YamlNode node, string message) => Error(node.Start, message);

    public PackLoadException Error(Mark mark, string message) =>
        new(new PackError(File, (int)mark.Line, (int)mark.Column, RuleId, message));

    /// <summary>
    /// Parses after checking size, nesting and aliases, which are where hostile YAML hurts, in one
    /// streaming pass that stops at the first problem. Stopping at the depth limit is what keeps the
    /// pass linear: YamlDotNet's cost per event grows with the number of open collections, so reading
    /// unchecked nesting to its end costs time quadratic in the number of '['.
    /// </summary>
    /// <param name="ct">Cancelled when the caller gives up (the request was aborted, the server stops):
    /// <see cref="OperationCanceledException"/>.</param>
    public YamlMappingNode ParseRoot(string content, PackLimits limits, CancellationToken ct)
    {
        if (content.Length > limits.MaxBytes || System.Text.Encoding.UTF8.GetByteCount(content) > limits.MaxBytes)
        {
            throw new PackLoadException(new PackError(File, 1, 1, null, $"pack is larger than {limits.MaxBytes} bytes"));
        }

        // The position of the last event read, for errors YamlDotNet reports without one.
        var last = new Mark();
        using var budget = new CancellationTokenSource(limits.ParseBudget, limits.Time);
        try
        {
            var parser = new Parser(new StringReader(content));

            // Entries of each open collection, counted while streaming: counting a list only once the
            // document is built would first spend the time building 100,000 items.
            var open = new Stack<Frame>();
            while (parser.MoveNext())
            {
                ct.ThrowIfCancellationRequested();
                if (budget.IsCancellationRequested)
                {
                    throw Error(parser.Current!.Start, $"reading the pack took longer than {limits.ParseBudget.TotalSeconds:0.#} s; it is refused");
                }

                last = parser.Current!.End;
                var e = parser.Current;
                if (e is AnchorAlias alias)
                {
                    throw Error(alias.Start, "YAML aliases (*name) are not allowed in packs");
                }

                string? name = null;
                if (open.TryPeek(out var parent) && e is Scalar or MappingStart or SequenceStart)
                {
                    if (++parent.Count > limits.MaxItemsPerList * (parent.IsMapping ? 2 : 1))
                    {
                        var rule = open.FirstOrDefault(f => f.RuleId is not null)?.RuleId;
                        throw new PackLoadException(new PackError(File, (int)parent.Start.Line, (int)parent.Start.Column, rule,
                            $"{parent.Name ?? "a list or mapping"} has more than {limits.MaxItemsPerList} {(parent.IsMapping ? "entries" : "items")}; at most {limits.MaxItemsPerList} are allowed"));
                    }

                    name = parent.IsMapping ? parent.Key : parent.Name;
                    if (parent.IsMapping && parent.Count % 2 == 1)
                    {
                        parent.Key = (e as Scalar)?.Value;
                    }
                    else if (parent.IsMapping && parent.Key == "id" && parent.IsRule && e is Scalar id)
                    {
                        parent.RuleId = id.Value;
                    }
                }

                switch (e)
                {
                    case MappingStart or SequenceStart:
                        if (open.Count + 1 > limits.MaxDepth)
                        {
                            throw Error(e.Start, $"nesting deeper than {limits.MaxDepth} levels");
                        }

                        open.Push(new Frame(e is MappingStart, e.Start, name, IsRule: e is MappingStart && open.Count == 2 && parent?.Name == "rules"));
                        break;
                    case MappingEnd or SequenceEnd when open.Count > 0:
                        open.Pop();
                        break;
                }
            }

            var stream = new YamlStream();
            stream.Load(new StringReader(content));
            if (stream.Documents.Count != 1)
            {
                throw new PackLoadException(new PackError(File, 1, 1, null, "a pack file holds exactly one YAML or JSON document"));
            }

            return stream.Documents[0].RootNode as YamlMappingNode
                ?? throw Error(stream.Documents[0].RootNode, "a pack is a mapping (id, version, sections, rules …)");
        }
        catch (YamlException ex)
        {
            var what = ex.Message.Split(": ", 2).Last();
            var at = ex.Start;
            if (what.Contains("tab", StringComparison.OrdinalIgnoreCase) && FirstIndentingTab(content) is { } tab)
            {
                // YamlDotNet names the mapping the tab breaks, which can be far above it.
                at = tab;
            }

            throw Error(at, $"syntax error: {what} {SyntaxAdvice(what)}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this ("Operation is not valid due to the current state of the
            // object") for some unclosed flow collections: "[a, b" and a new key.
            throw Error(last, "syntax error: a '[' or '{' is not closed. Close the list with ']' or the mapping with '}' on the same entry, or quote the value if the bracket is part of the text.");
        }
    }

    private static Mark? FirstIndentingTab(string content)
    {
        var lines = content.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            var tab = lines[i].IndexOf('\t', StringComparison.Ordinal);
            if (tab >= 0 && tab < indent)
            {
                return new Mark(0, i + 1, tab + 1);
            }
        }

        return null;
    }

    /// <summary>What to do about a YAML syntax error, in the words of a pack author.</summary>
    internal static string SyntaxAdvice(string error) => error switch
    {
        _ when error.Contains("found invalid mapping", StringComparison.Ordinal) || error.Contains("Mapping values are not allowed", StringComparison.Ordinal) =>
            "A ': ' inside a value starts a new key: quote the value (message: \"Hinweis: bitte …\").",
        _ when error.Contains("tab", StringComparison.OrdinalIgnoreCase) =>
            "YAML indents with spaces only: replace the tab with spaces.",
        _ when error.Contains("quoted scalar", StringComparison.Ordinal) =>
            "A quotation mark is not closed: end the text with the same quote it starts with (\" or ').",
        _ when error.Contains("did not find expected ',' or ']'", StringComparison.Ordinal) || error.Contains("did not find expected ',' or '}'", StringComparison.Ordinal) =>
            "Separate the items with ',' and close the bracket; quote items that contain ',', '[', ']', '{', '}', ':' or '#'.",
        _ when error.Contains("did not find expected node content", StringComparison.Ordinal) =>
            "A value is missing here; in a [list] ' #' starts a comment, so quote items with hashtags (\"#ProjektFalke\").",
        _ when error.Contains("cannot start any token", StringComparison.Ordinal) =>
            "A value may not start with @ or `: quote it (\"@acme\").",
        _ when error.Contains("did not find expected key", StringComparison.Ordinal) || error.Contains("did not find expected '-' indicator", StringComparison.Ordinal) =>
            "Check the indentation: the keys of one mapping and the '-' items of one list start in the same column; text after a closing quote must be inside the quotes.",
        _ => "Check the quoting and the indentation of this line and the one before.",
    };

    /// <summary>An open collection of the pre-scan: its entries so far, and names for errors.</summary>
    private sealed record Frame(bool IsMapping, Mark Start, string? Name, bool IsRule)
    {
        public int Count { get; set; }

        public string? Key { get; set; }

        public string? RuleId { get; set; }
    }

    /// <summary>Checks that a mapping has only known keys and returns them by name.</summary>
    public Dictionary<string, YamlNode> Keys(YamlNode node, IReadOnlyCollection<string> allowed, string what)
    {
        var map = node as YamlMappingNode ?? throw Error(node, $"{what} must be a mapping");
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (k, v) in map.Children)
        {
            var key = (k as YamlScalarNode)?.Value ?? throw Error(k, "keys must be plain names");
            if (!allowed.Contains(key))
            {
                throw Error(k, $"unknown key '{key}' in {what}; allowed: {string.Join(", ", allowed)}{DidYouMean(key, allowed)}");
            }

            if (!result.TryAdd(key, v))
            {
                throw Error(k, $"duplicate key '{key}'");
            }
        }

        return result;
    }

    public static YamlNode? Get(Dictionary<string, YamlNode> map, string key) => map.GetValueOrDefault(key);

    public YamlNode Required(Dictionary<string, YamlNode> map, string key, YamlNode parent, string what) =>
        map.GetValueOrDefault(key) ?? throw Error(parent, $"{what} needs '{key}'");

    public string String(YamlNode node, string what)
    {
        if (node is YamlScalarNode { Value: { } v })
        {
            return v;
        }

        throw Error(node, $"{what} must be a text");
    }

    public string NonEmpty(YamlNode node, string what)
    {
        var value = String(node, what).Trim();
        return value.Length > 0 ? value : throw Error(node, $"{what} must not be empty");
    }

    public bool Bool(YamlNode node, string what) =>
        String(node, what) switch
        {
            "true" or "yes" => true,
            "false" or "no" => false,
            var v => throw Error(node, $"{what} must be true or false, not '{v}'"),
        };

    public int Int(YamlNode node, string what, int min, int max)
    {
        var s = String(node, what);
        if (int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max)
        {
            return v;
        }

        throw Error(node, $"{what} must be a whole number from {min} to {max}, not '{s}'");
    }

    public List<YamlNode> Sequence(YamlNode node, string what, int maxItems)
    {
        var seq = node as YamlSequenceNode ?? throw Error(node, $"{what} must be a list");
        if (seq.Children.Count > maxItems)
        {
            throw Error(node, $"{what} has {seq.Children.Count} items; at most {maxItems} are allowed");
        }

        return [.. seq.Children];
    }

    public List<string> Strings(YamlNode node, string what, int maxItems) =>
        node is YamlScalarNode ? [Entry(node, what)] : [.. Sequence(node, what, maxItems).Select(n => Entry(n, what))];

    /// <summary>A text in a list, which may not be empty: an unquoted "- #Kranich" is a YAML comment
    /// and leaves an empty entry, and the code name would be dropped without a word.</summary>
    public string Entry(YamlNode node, string what)
    {
        var value = String(node, what);
        if (value.Trim().Length > 0)
        {
            return value;
        }

        throw Error(node, node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain }
            ? $"empty entry in {what}: ' #' starts a YAML comment, so \"- #Kranich\" leaves the entry empty; quote it: - \"#Kranich\""
            : $"empty entry in {what}; remove it");
    }

    /// <summary>A text in German and English: either one text for both, or a mapping {de, en}.</summary>
    public LocalizedText Localized(YamlNode node, string what)
    {
        if (node is YamlScalarNode)
        {
            var s = String(node, what);
            return new LocalizedText(s, s);
        }

        var map = Keys(node, ["de", "en"], what);
        var de = Get(map, "de") is { } d ? String(d, what + ".de") : string.Empty;
        var en = Get(map, "en") is { } e ? String(e, what + ".en") : string.Empty;
        if (de.Length == 0 && en.Length == 0)
        {
            throw Error(node, $"{what} needs 'de' or 'en'");
        }

        return new LocalizedText(de, en);
    }

    /// <summary>"; did you mean 'x'?" for the known name closest to a misspelled one (at most a third of
    /// its letters off), or nothing.</summary>
    public static string DidYouMean(string given, IEnumerable<string> known, string open = "'", string close = "'")
    {
        var best = known
            .Select(k => (Name: k, Distance: Distance(given.ToLowerInvariant(), k.ToLowerInvariant())))
            .Where(k => k.Distance > 0 && k.Distance <= Math.Max(1, given.Length / 3))
            .OrderBy(k => k.Distance)
            .ThenBy(k => k.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Name is null ? string.Empty : $"; did you mean {open}{best.Name}{close}?";
    }

    /// <summary>Edit distance (insert, delete, replace, swap of neighbours).</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
