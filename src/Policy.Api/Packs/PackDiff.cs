using System.Text.Json.Nodes;
using Policy.Core.Packs;
using YamlDotNet.RepresentationModel;

namespace Policy.Api.Packs;

/// <summary>
/// Compares two versions of a pack as HR wrote them: rules, sections and overrides by id, lists
/// by name. "Changed" is the same id with another definition; each top-level field that differs
/// is listed with its old and new value (key order and YAML style do not count).
/// </summary>
public static class PackDiff
{
    public static PackDiffDto Compare(PackVersionRow from, PackVersionRow to)
    {
        var a = Root(from);
        var b = Root(to);
        return new PackDiffDto(
            to.PackId,
            from.Version,
            to.Version,
            Part(Items(a, "rules", "id"), Items(b, "rules", "id")),
            Part(Items(a, "sections", "id"), Items(b, "sections", "id")),
            Part(Items(a, "overrides", "rule"), Items(b, "overrides", "rule")),
            Part(Lists(a), Lists(b)));
    }

    private static YamlMappingNode Root(PackVersionRow row)
    {
        // Parse through the Core first: stored packs were checked on upload, but the limits
        // (size, depth, aliases) hold for every read of untrusted YAML.
        PackSource.Parse(row.FileName, row.Content, PackLoader.Limits);
        var stream = new YamlStream();
        stream.Load(new StringReader(row.Content));
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
                    items.TryAdd(name, new JsonObject { ["values"] = ToJson(v) });
                }
            }
        }

        return items;
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
