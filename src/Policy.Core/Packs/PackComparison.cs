using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Policy.Core.Packs;

/// <summary>What changed between two versions of a pack, by part.</summary>
public sealed record PackChanges(DiffPart Rules, DiffPart Sections, DiffPart Overrides, DiffPart Lists)
{
    public bool IsEmpty => new[] { Rules, Sections, Overrides, Lists }.All(p => p.Added.Count == 0 && p.Removed.Count == 0 && p.Changed.Count == 0);
}

public sealed record DiffPart(IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<ChangedItem> Changed);

/// <summary>An item with the same id and another definition, with each top-level field that differs.</summary>
public sealed record ChangedItem(string Id, IReadOnlyList<FieldChange> Fields);

/// <summary>A field's value before and after (null: absent), as JSON.</summary>
public sealed record FieldChange(string Field, JsonNode? From, JsonNode? To);

/// <summary>
/// Compares two versions of a pack as HR wrote them: rules, sections and overrides by id, lists
/// by name (cues among them as <c>cues.NAME</c>). "Changed" is the same id with another definition; each top-level field that differs
/// is listed with its old and new value (key order and YAML style do not count). The API's diff
/// and <c>policy diff</c> both answer with this.
/// </summary>
public static class PackComparison
{
    /// <summary>Throws <see cref="PackLoadException"/> when either side does not parse.</summary>
    public static PackChanges Compare(string fromFile, string fromContent, string toFile, string toContent, PackLimits limits)
    {
        var a = Root(fromFile, fromContent, limits);
        var b = Root(toFile, toContent, limits);
        return new PackChanges(
            Part(Items(a, "rules", "id"), Items(b, "rules", "id")),
            Part(Items(a, "sections", "id"), Items(b, "sections", "id")),
            Part(Items(a, "overrides", "rule"), Items(b, "overrides", "rule")),
            Part(Lists(a), Lists(b)));
    }

    private static YamlMappingNode Root(string file, string content, PackLimits limits)
    {
        // Parse through the pack reader first: the limits (size, depth, aliases) hold for every
        // read of untrusted YAML, and a pack that does not load is an error, not an empty diff.
        PackSource.Parse(file, content, limits);
        var stream = new YamlStream();
        stream.Load(new StringReader(content));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static Dictionary<string, JsonNode?> Items(YamlMappingNode root, string key, string idKey)
    {
        var items = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (root.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlSequenceNode seq)
        {
            foreach (var item in seq.Children.OfType<YamlMappingNode>())
            {
                if (item.Children.TryGetValue(new YamlScalarNode(idKey), out var id) && id is YamlScalarNode { Value: { } name })
                {
                    items.TryAdd(name, ToJson(item));
                }
            }
        }

        return items;
    }

    private static Dictionary<string, JsonNode?> Lists(YamlMappingNode root)
    {
        var items = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (root.Children.TryGetValue(new YamlScalarNode("lists"), out var node) && node is YamlMappingNode map)
        {
            foreach (var (k, v) in map.Children)
            {
                if (k is YamlScalarNode { Value: { } name })
                {
                    items.TryAdd(name, ListJson(v));
                }
            }
        }

        // A changed cue changes every rule that names it, so it is reported with the lists.
        if (root.Children.TryGetValue(new YamlScalarNode("cues"), out var cuesNode) && cuesNode is YamlMappingNode cues)
        {
            foreach (var (k, v) in cues.Children)
            {
                if (k is YamlScalarNode { Value: { } name })
                {
                    items.TryAdd("cues." + name, ListJson(v));
                }
            }
        }

        return items;
    }

    /// <summary>A list as its values, and each value's context as a field of its own
    /// ("context of Falke"), so a changed context is reported as that, not as a changed list of
    /// 500 values of which one gained a word.</summary>
    private static JsonObject ListJson(YamlNode list)
    {
        var items = list is YamlSequenceNode seq ? seq.Children : [list];
        var values = new JsonArray();
        var contexts = new List<KeyValuePair<string, JsonNode?>>();
        foreach (var item in items)
        {
            if (item is YamlMappingNode entry && entry.Children.TryGetValue(new YamlScalarNode("value"), out var valueNode) && valueNode is YamlScalarNode { Value: { } value })
            {
                values.Add(value.Trim());
                if (entry.Children.TryGetValue(new YamlScalarNode("context"), out var context))
                {
                    contexts.Add(new("context of " + value.Trim(), ToJson(context)));
                }

                continue;
            }

            values.Add(item is YamlScalarNode { Value: { } text } ? JsonValue.Create(text.Trim()) : ToJson(item));
        }

        var json = new JsonObject { ["values"] = values };
        foreach (var (field, context) in contexts.DistinctBy(c => c.Key, StringComparer.Ordinal))
        {
            json[field] = context;
        }

        return json;
    }

    private static DiffPart Part(Dictionary<string, JsonNode?> from, Dictionary<string, JsonNode?> to)
    {
        var changed = new List<ChangedItem>();
        foreach (var (id, after) in to)
        {
            if (from.TryGetValue(id, out var before) && !JsonNode.DeepEquals(before, after))
            {
                changed.Add(new ChangedItem(id, Fields(before as JsonObject, after as JsonObject)));
            }
        }

        return new DiffPart(
            [.. to.Keys.Where(k => !from.ContainsKey(k))],
            [.. from.Keys.Where(k => !to.ContainsKey(k))],
            changed);
    }

    private static List<FieldChange> Fields(JsonObject? before, JsonObject? after)
    {
        var fields = new List<FieldChange>();
        var names = (before?.Select(p => p.Key) ?? []).Concat(after?.Select(p => p.Key) ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var b = before?[name];
            var a = after?[name];
            if (!JsonNode.DeepEquals(b, a))
            {
                fields.Add(new FieldChange(name, b?.DeepClone(), a?.DeepClone()));
            }
        }

        return fields;
    }

    /// <summary>YAML as JSON: scalars as text, mappings with sorted keys, sequences in order.</summary>
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlScalarNode s => s.Value is null ? null : JsonValue.Create(s.Value),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(ToJson)]),
        YamlMappingNode map => new JsonObject(map.Children
            .Select(kv => new KeyValuePair<string, JsonNode?>((kv.Key as YamlScalarNode)?.Value ?? kv.Key.ToString(), ToJson(kv.Value)))
            .DistinctBy(kv => kv.Key, StringComparer.Ordinal)
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)),
        _ => null,
    };
}
