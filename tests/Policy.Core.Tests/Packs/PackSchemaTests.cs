using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Policy.Core.Checking;
using Policy.Core.Decision;
using Policy.Core.Match;
using Policy.Core.Model;
using Policy.Core.Packs;
using Policy.Core.Rules;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Policy.Core.Tests.Packs;

/// <summary>
/// policies/schema/policy-pack.schema.json and the loader must not drift apart: every key the
/// schema offers the loader accepts, every key the loader accepts the schema offers, the enums
/// agree, and every pack in policies/ is valid against the schema.
/// </summary>
public sealed class PackSchemaTests
{
    private const string MadeUp = "zzNoSuchKey";

    private static readonly Lazy<JsonObject> LazySchema = new(() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Policies, "schema", "policy-pack.schema.json")))!.AsObject());

    private static JsonObject Schema => LazySchema.Value;

    // ---------------------------------------------------------------- where each mapping of a pack sits

    private const string Rule = "{ id: r, kind: terms, section: s, category: c, severity: warn, message: M, suggestion: S, terms: [a] }";

    /// <summary>A trained layer with one head and no features, for classifier rules to read.</summary>
    private const string Model = "{ version: '1', heads: [c], bias: [0], weights: '' }";

    private static string Pack(string extra) => "{ id: t, version: '1', sections: [{ id: s, title: S }], " + extra + " }";

    /// <summary>A mapping of the pack format: its schema, the keys it needs, and a pack holding it.</summary>
    private sealed record Context(string Name, string SchemaPointer, string[] Base, Func<string, string> Wrap);

    private static IEnumerable<Context> Contexts()
    {
        yield return new("top level", "#", ["id: t", "version: '1'"], m => m);
        yield return new("section", "#/$defs/section", ["id: s", "title: S"], m => "{ id: t, version: '1', sections: [" + m + "] }");
        // The kinds come from the registry: a new kind is covered here without touching this test.
        foreach (var kind in RuleKinds.Names)
        {
            var definition = RuleKinds.Named(kind)[0];
            yield return new(
                kind + " rule",
                "#/$defs/rule." + kind,
                ["id: r", "kind: " + kind, "section: s", "category: c", "severity: warn", "message: M", "suggestion: S", .. definition.Example],
                kind == "classifier" ? m => Pack("rules: [" + m + "], model: " + Model) : m => Pack("rules: [" + m + "]"));
        }

        yield return new("model", "#/properties/model", ["version: '1'", "heads: [c]", "bias: [0]", "weights: ''"], m => Pack("model: " + m));

        yield return new("when", "#/$defs/condition", ["account: private"], m => Pack("rules: [" + Rule.Replace(" }", ", when: " + m + " }", StringComparison.Ordinal) + "]"));
        yield return new("near group", "#/$defs/rule.proximity/properties/near/items", ["terms: [b]", "severity: warn"],
            m => Pack("rules: [{ id: r, kind: proximity, section: s, category: c, severity: warn, message: M, suggestion: S, anchor: [a], near: [" + m + "] }]"));
        yield return new("secret near group", "#/$defs/rule.secret/properties/near/items", ["terms: [b]", "severity: warn"],
            m => Pack("rules: [{ id: r, kind: secret, section: s, category: c, severity: warn, message: M, suggestion: S, detectors: all, near: [" + m + "] }]"));
        yield return new("term set", "#/$defs/termSet/oneOf/1", ["terms: [a]"],
            m => Pack("rules: [{ id: r, kind: must-contain, section: s, category: c, severity: warn, message: M, suggestion: S, trigger: " + m + ", require: [b] }]"));
        yield return new("term", "#/$defs/term/oneOf/1", ["term: a"], m => Pack("rules: [" + Rule.Replace("terms: [a]", "terms: [" + m + "]", StringComparison.Ordinal) + "]"));
        yield return new("override", "#/$defs/override", ["rule: r"], m => Pack("rules: [" + Rule + "], overrides: [" + m + "]"));
        yield return new("example", "#/$defs/example", ["text: x", "expect: allow"], m => Pack("examples: [" + m + "]"));
        yield return new("attachment", "#/$defs/attachment", [], m => Pack("examples: [{ text: x, expect: allow, attachments: [" + m + "] }]"));
        yield return new("gps", "#/$defs/attachment/properties/gps", ["lat: 1", "lon: 2"], m => Pack("examples: [{ text: x, expect: allow, attachments: [{ gps: " + m + " }] }]"));
        yield return new("author", "#/$defs/example/properties/author", [], m => Pack("examples: [{ text: x, expect: allow, author: " + m + " }]"));
        yield return new("lists", "#/properties/lists", [], m => Pack("lists: " + m));
        yield return new("list value", "#/$defs/listValue/oneOf/1", ["value: a"], m => Pack("lists: { codenames: [" + m + "] }"));
        yield return new("value context", "#/$defs/valueContext", ["near: [b]"], m => Pack("lists: { codenames: [{ value: a, context: " + m + " }] }"));
        yield return new("near words", "#/$defs/valueContext/properties/near/oneOf/1", ["terms: [b]"], m => Pack("lists: { codenames: [{ value: a, context: { near: " + m + " } }] }"));
        yield return new("near word", "#/$defs/nearTerm/oneOf/1", ["term: b"], m => Pack("lists: { codenames: [{ value: a, context: { near: [" + m + "] } }] }"));
        yield return new("corporate account", "#/properties/lists/properties/corporateAccounts/items", ["handle: '@acme'", "platform: linkedin"], m => Pack("lists: { corporateAccounts: [" + m + "] }"));
        yield return new(
            "spokesperson grant",
            "#/$defs/example/properties/author/properties/spokesperson/oneOf/1/items/oneOf/1",
            ["topic: finance"],
            m => Pack("examples: [{ text: x, expect: allow, author: { spokesperson: [" + m + "] } }]"));
        yield return new("localized text", "#/$defs/localizedText/oneOf/1", ["de: x"], m => Pack("title: " + m));
    }

    public static TheoryData<string> ContextNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in Contexts())
        {
            data.Add(c.Name);
        }

        return data;
    }

    private static Context Get(string name) => Contexts().Single(c => c.Name == name);

    private static string Mapping(IEnumerable<string> entries) => "{ " + string.Join(", ", entries) + " }";

    /// <summary>The loader's errors for a pack (none: it loaded).</summary>
    private static List<string> LoaderErrors(string content)
    {
        try
        {
            PackCompiler.Compile(PackSource.Parse("schema-test.yaml", content), _ => null);
            return [];
        }
        catch (PackLoadException ex)
        {
            return [.. ex.Errors.Select(e => e.Message)];
        }
    }

    private static SortedSet<string> SchemaKeys(Context context) =>
        new(Resolve(context.SchemaPointer)["properties"]!.AsObject().Select(p => p.Key), StringComparer.Ordinal);

    // ---------------------------------------------------------------- keys

    [Fact]
    public void The_contexts_cover_every_object_schema_that_refuses_unknown_keys()
    {
        var covered = Contexts().Select(c => c.SchemaPointer).ToHashSet(StringComparer.Ordinal);
        var closed = new List<string>();
        Walk(Schema, "#", (pointer, node) =>
        {
            if (node["additionalProperties"] is JsonValue v && !v.GetValue<bool>())
            {
                closed.Add(pointer);
            }
        });

        Assert.NotEmpty(closed);
        Assert.All(closed, p => Assert.Contains(p, covered));
    }

    [Theory]
    [MemberData(nameof(ContextNames))]
    public void The_schema_refuses_unknown_keys_where_the_loader_does(string name)
    {
        var context = Get(name);
        Assert.False(Resolve(context.SchemaPointer)["additionalProperties"]!.GetValue<bool>(), name);

        var errors = LoaderErrors(context.Wrap(Mapping([.. context.Base, MadeUp + ": x"])));
        Assert.Contains(errors, e => e.StartsWith($"unknown key '{MadeUp}'", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ContextNames))]
    public void The_base_of_each_context_loads(string name)
    {
        var context = Get(name);
        Assert.Empty(LoaderErrors(context.Wrap(Mapping(context.Base))));
    }

    [Theory]
    [MemberData(nameof(ContextNames))]
    public void Every_key_of_the_schema_is_known_to_the_loader(string name)
    {
        var context = Get(name);
        var baseKeys = context.Base.Select(b => b[..b.IndexOf(':', StringComparison.Ordinal)]).ToHashSet(StringComparer.Ordinal);
        foreach (var key in SchemaKeys(context).Where(k => !baseKeys.Contains(k)))
        {
            var quoted = "'" + key + "'";
            var errors = LoaderErrors(context.Wrap(Mapping([.. context.Base, quoted + ": x"])));
            Assert.DoesNotContain(errors, e => e.StartsWith($"unknown key '{key}'", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(ContextNames))]
    public void Every_key_the_loader_accepts_is_in_the_schema(string name)
    {
        var context = Get(name);
        var error = LoaderErrors(context.Wrap(Mapping([.. context.Base, MadeUp + ": x"])))
            .First(e => e.StartsWith($"unknown key '{MadeUp}'", StringComparison.Ordinal));
        var allowed = error[(error.IndexOf("; allowed: ", StringComparison.Ordinal) + "; allowed: ".Length)..].Split(", ");

        Assert.Equal(new SortedSet<string>(allowed, StringComparer.Ordinal), SchemaKeys(context));
    }

    [Fact]
    public void The_rule_kinds_of_the_schema_are_the_loader_s()
    {
        var rule = Resolve("#/$defs/rule");
        var enumKinds = rule["properties"]!["kind"]!["enum"]!.AsArray().Select(k => k!.GetValue<string>());
        var oneOfKinds = rule["oneOf"]!.AsArray().Select(r => Resolve(r!["$ref"]!.GetValue<string>())["properties"]!["kind"]!["const"]!.GetValue<string>());

        Assert.Equal(RuleKinds.Names, enumKinds);
        Assert.Equal(RuleKinds.Names, oneOfKinds);
        Assert.Equal(RuleKinds.Names.Select(k => "#/$defs/rule." + k), rule["oneOf"]!.AsArray().Select(r => r!["$ref"]!.GetValue<string>()));

        var error = Assert.Single(LoaderErrors(Pack("rules: [{ id: r, kind: " + MadeUp + " }]")));
        Assert.EndsWith("known kinds: " + string.Join(", ", enumKinds), error, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_property_has_a_description()
    {
        var missing = new List<string>();
        Walk(Schema, "#", (pointer, node) =>
        {
            if (node["properties"] is JsonObject props)
            {
                missing.AddRange(props.Where(p => p.Value!["description"] is null).Select(p => pointer + "/properties/" + p.Key));
            }
        });

        Assert.Empty(missing);
    }

    // ---------------------------------------------------------------- enums

    private static string[] Enum(string pointer) => [.. Resolve(pointer)["enum"]!.AsArray().Select(v => v!.GetValue<string>())];

    [Fact]
    public void The_enums_agree_with_the_loader()
    {
        Assert.Equal(["info", "warn", "review", "block"], Enum("#/$defs/severity"));
        Assert.Equal(Enum("#/$defs/severity").Prepend("allow"), Enum("#/$defs/example/properties/expect"));
        Assert.Equal(Enum("#/$defs/severity").Prepend("none"), Enum("#/$defs/rule.proximity/properties/near/items/properties/severity"));
        Assert.Equal(System.Enum.GetNames<TermMode>().Select(n => n.ToLowerInvariant()), Enum("#/$defs/match"));
        Assert.Equal(System.Enum.GetNames<AccountKind>().Select(n => n.ToLowerInvariant()).Order(), Enum("#/$defs/condition/properties/account").Order());
        Assert.Equal(System.Enum.GetNames<AccountKind>().Select(n => n.ToLowerInvariant()).Order(), Enum("#/$defs/example/properties/account").Order());
        Assert.Equal(System.Enum.GetNames<MediaLicense>().Select(n => n.ToLowerInvariant()).Order(), Enum("#/$defs/attachment/properties/license").Order());
        Assert.Equal(PackLists.KnownNames.Order(), Enum("#/$defs/listName").Order());
        Assert.Equal(PackLists.KnownNames.Order(), SchemaKeys(Get("lists")));
        Assert.Equal(["normalized", "original"], Enum("#/$defs/rule.pattern/properties/input"));
    }

    [Fact]
    public void Every_enum_value_is_accepted_by_the_loader_and_a_wrong_one_refused()
    {
        void Accepts(string pointer, Func<string, string> pack, bool refusesOthers = true)
        {
            foreach (var value in Enum(pointer))
            {
                Assert.Empty(LoaderErrors(pack(value)));
            }

            if (refusesOthers)
            {
                Assert.NotEmpty(LoaderErrors(pack(MadeUp)));
            }
        }

        Accepts("#/$defs/severity", v => Pack("rules: [" + Rule.Replace("severity: warn", "severity: " + v, StringComparison.Ordinal) + "]"));
        Accepts("#/$defs/match", v => Pack("rules: [" + Rule.Replace(" }", ", match: " + v + " }", StringComparison.Ordinal) + "]"));
        Accepts("#/$defs/condition/properties/account", v => Pack("rules: [" + Rule.Replace(" }", ", when: { account: " + v + " } }", StringComparison.Ordinal) + "]"));
        Accepts("#/$defs/condition/properties/language", v => Pack("rules: [" + Rule.Replace(" }", ", when: { language: " + v + " } }", StringComparison.Ordinal) + "]"));
        Accepts("#/$defs/example/properties/expect", v => Pack("examples: [{ text: x, expect: " + v + " }]"));
        Accepts("#/$defs/example/properties/account", v => Pack("examples: [{ text: x, expect: allow, account: " + v + " }]"));
        Accepts("#/$defs/attachment/properties/license", v => Pack("examples: [{ text: x, expect: allow, attachments: [{ license: " + v + " }] }]"));
        Accepts("#/$defs/rule.attachment/properties/licenses/oneOf/0", v => Pack("rules: [{ id: r, kind: attachment, section: s, category: c, severity: warn, message: M, suggestion: S, licenses: [" + v + "] }]"));
        Accepts("#/$defs/rule.pattern/properties/input", v => Pack("rules: [{ id: r, kind: pattern, section: s, category: c, severity: warn, message: M, suggestion: S, regex: a, input: " + v + " }]"));
        Accepts("#/$defs/rule.proximity/properties/near/items/properties/severity", v => Pack("rules: [{ id: r, kind: proximity, section: s, category: c, severity: warn, message: M, suggestion: S, anchor: [a], near: [{ terms: [b], severity: " + v + " }] }]"));
        // Any other single word is one custom ending, so the loader takes it.
        Accepts("#/$defs/endings/oneOf/0", v => Pack("rules: [" + Rule.Replace(" }", ", endings: " + v + " }", StringComparison.Ordinal) + "]"), refusesOthers: false);
        Accepts("#/$defs/match", v => Pack("lists: { codenames: [{ value: a, context: { near: { terms: [b], match: " + v + " } } }] }"));
        Accepts("#/$defs/listName", v => Pack("rules: [" + Rule.Replace("terms: [a]", "lists: [" + v + "]", StringComparison.Ordinal) + "]"));
        Accepts("#/properties/languages/oneOf/0", v => Pack("languages: [" + v + "]"));
    }

    [Fact]
    public void The_required_keys_agree_with_the_loader()
    {
        foreach (var context in Contexts().Where(c => Resolve(c.SchemaPointer)["required"] is not null))
        {
            var required = Resolve(context.SchemaPointer)["required"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
            foreach (var key in required)
            {
                var without = context.Base.Where(b => !b.StartsWith(key + ":", StringComparison.Ordinal)).ToList();
                Assert.True(without.Count < context.Base.Length, $"{context.Name}: base lacks required key {key}");
                Assert.NotEmpty(LoaderErrors(context.Wrap(Mapping(without))));
            }
        }
    }

    // ---------------------------------------------------------------- the packs of policies/ against the schema

    public static TheoryData<string> PackFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in PackLibrary.PackFiles(RepoPaths.Policies))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PackFiles))]
    public void Every_pack_in_policies_is_valid_against_the_schema(string file)
    {
        var errors = Validate(ToJson(File.ReadAllText(Path.Combine(RepoPaths.Policies, file))));
        Assert.True(errors.Count == 0, file + ":\n" + string.Join("\n", errors.Take(20)));
    }

    [Fact]
    public void The_kitchen_sink_pack_is_valid_against_the_schema_and_loads()
    {
        Assert.Empty(Validate(ToJson(PackLoaderTests.KitchenSink)));
        Assert.Empty(LoaderErrors(PackLoaderTests.KitchenSink));
    }

    [Fact]
    public void The_example_packs_of_the_reference_are_valid_against_the_schema()
    {
        foreach (var (file, content) in PackLoaderTests.DocPacks())
        {
            var errors = Validate(ToJson(content));
            Assert.True(errors.Count == 0, file + ":\n" + string.Join("\n", errors));
        }
    }

    [Theory]
    [InlineData("rules[0]", "colour", "red")]
    [InlineData("rules[0]", "kind", "termz")]
    [InlineData("rules[0]", "severity", "critical")]
    [InlineData("rules[0]", "regex", "a")]
    [InlineData("rules[4]/near[0]", "severity", "allow")]
    [InlineData("rules[0]/when[0]", "acount", "private")]
    [InlineData("sections[0]", "titel", "T")]
    [InlineData("examples[0]", "expect", "maybe")]
    [InlineData("examples[1]/attachments[0]", "license", "stolen")]
    [InlineData("overrides[0]", "disabled", "true")]
    [InlineData("lists", "produkte", "[a]")]
    [InlineData("lists/products[1]", "vlaue", "Orion")]
    [InlineData("lists/products[1]/context", "within", "0")]
    [InlineData("lists/products[1]/context/near", "lists", "[products]")]
    [InlineData("", "rule", "[]")]
    public void A_pack_the_loader_refuses_is_invalid_against_the_schema_too(string path, string key, string value)
    {
        var json = ToJson(PackLoaderTests.KitchenSink);
        JsonNode target = json;
        foreach (var step in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var m = Regex.Match(step, @"^(\w+)(?:\[(\d+)\])?$");
            target = target[m.Groups[1].Value]!;
            if (m.Groups[2].Success)
            {
                target = target[int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)]!;
            }
        }

        target.AsObject()[key] = ToJson("v: " + value)["v"]!.DeepClone();
        Assert.NotEmpty(Validate(json));
        Assert.NotEmpty(LoaderErrors(json.ToJsonString()));
    }

    [Fact]
    public void A_pack_without_id_or_a_rule_without_required_keys_is_invalid()
    {
        var json = ToJson(PackLoaderTests.KitchenSink);
        json.AsObject().Remove("id");
        Assert.Contains(Validate(json), e => e.Contains("'id'", StringComparison.Ordinal));

        json = ToJson(PackLoaderTests.KitchenSink);
        json["rules"]![0]!.AsObject().Remove("message");
        Assert.NotEmpty(Validate(json));
        Assert.NotEmpty(LoaderErrors(json.ToJsonString()));
    }

    // ---------------------------------------------------------------- a small JSON Schema subset, enough for this schema

    private static JsonObject Resolve(string pointer)
    {
        JsonNode node = Schema;
        foreach (var part in pointer.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node is JsonArray a ? a[int.Parse(name, CultureInfo.InvariantCulture)]! : node[name]!;
        }

        return node.AsObject();
    }

    private static void Walk(JsonNode node, string pointer, Action<string, JsonObject> visit)
    {
        switch (node)
        {
            case JsonObject o:
                visit(pointer, o);
                foreach (var (key, child) in o)
                {
                    if (child is not null)
                    {
                        Walk(child, pointer + "/" + key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal), visit);
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is { } child)
                    {
                        Walk(child, pointer + "/" + i.ToString(CultureInfo.InvariantCulture), visit);
                    }
                }

                break;
        }
    }

    private static List<string> Validate(JsonNode? instance)
    {
        var errors = new List<string>();
        Validate(instance, Schema, "$", errors);
        return errors;
    }

    private static void Validate(JsonNode? value, JsonObject schema, string path, List<string> errors)
    {
        if (schema["$ref"] is { } r)
        {
            Validate(value, Resolve(r.GetValue<string>()), path, errors);
        }

        if (schema["type"] is { } type)
        {
            var types = type is JsonArray ta ? ta.Select(t => t!.GetValue<string>()).ToList() : [type.GetValue<string>()];
            if (!types.Any(t => HasType(value, t)))
            {
                errors.Add($"{path}: not of type {string.Join("/", types)}");
                return;
            }
        }

        if (schema["const"] is { } constant && !JsonNode.DeepEquals(constant, value))
        {
            errors.Add($"{path}: must be {constant.ToJsonString()}");
        }

        if (schema["enum"] is JsonArray values && !values.Any(v => JsonNode.DeepEquals(v, value)))
        {
            errors.Add($"{path}: {value?.ToJsonString()} is not one of {values.ToJsonString()}");
        }

        if (value is JsonValue scalar && scalar.TryGetValue<string>(out var s))
        {
            if (schema["minLength"] is { } minLength && s.Length < minLength.GetValue<int>())
            {
                errors.Add($"{path}: shorter than {minLength}");
            }

            if (schema["maxLength"] is { } maxLength && s.Length > maxLength.GetValue<int>())
            {
                errors.Add($"{path}: longer than {maxLength}");
            }

            if (schema["pattern"] is { } pattern && !Regex.IsMatch(s, pattern.GetValue<string>()))
            {
                errors.Add($"{path}: '{s}' does not match {pattern}");
            }
        }

        if (value is JsonValue number && number.TryGetValue<double>(out var d))
        {
            if (schema["minimum"] is { } min && d < min.GetValue<double>())
            {
                errors.Add($"{path}: below {min}");
            }

            if (schema["maximum"] is { } max && d > max.GetValue<double>())
            {
                errors.Add($"{path}: above {max}");
            }
        }

        if (value is JsonArray array)
        {
            if (schema["minItems"] is { } minItems && array.Count < minItems.GetValue<int>())
            {
                errors.Add($"{path}: fewer than {minItems} items");
            }

            if (schema["maxItems"] is { } maxItems && array.Count > maxItems.GetValue<int>())
            {
                errors.Add($"{path}: more than {maxItems} items");
            }

            if (schema["items"] is JsonObject items)
            {
                for (var i = 0; i < array.Count; i++)
                {
                    Validate(array[i], items, $"{path}[{i}]", errors);
                }
            }
        }

        if (value is JsonObject obj)
        {
            var properties = schema["properties"] as JsonObject;
            foreach (var required in (schema["required"] as JsonArray ?? []).Select(x => x!.GetValue<string>()))
            {
                if (!obj.ContainsKey(required))
                {
                    errors.Add($"{path}: '{required}' is required");
                }
            }

            if (schema["minProperties"] is { } minProperties && obj.Count < minProperties.GetValue<int>())
            {
                errors.Add($"{path}: fewer than {minProperties} properties");
            }

            foreach (var (key, child) in obj)
            {
                if (properties?[key] is JsonObject propertySchema)
                {
                    Validate(child, propertySchema, path + "." + key, errors);
                }
                else if (schema["additionalProperties"] is JsonValue additional && !additional.GetValue<bool>())
                {
                    errors.Add($"{path}: unknown key '{key}'");
                }
            }
        }

        if (schema["oneOf"] is JsonArray oneOf)
        {
            var passing = oneOf.Count(alternative => Validate(value, alternative!.AsObject(), path).Count == 0);
            if (passing != 1)
            {
                var closest = oneOf.Select(alternative => Validate(value, alternative!.AsObject(), path)).MinBy(e => e.Count)!;
                errors.Add($"{path}: matches {passing} of oneOf, not 1" + (passing == 0 ? "; closest: " + string.Join("; ", closest) : string.Empty));
            }
        }

        if (schema["anyOf"] is JsonArray anyOf && !anyOf.Any(alternative => Validate(value, alternative!.AsObject(), path).Count == 0))
        {
            errors.Add($"{path}: matches none of anyOf");
        }

        if (schema["not"] is JsonObject not && Validate(value, not, path).Count == 0)
        {
            errors.Add($"{path}: matches 'not'");
        }
    }

    private static List<string> Validate(JsonNode? value, JsonObject schema, string path)
    {
        var errors = new List<string>();
        Validate(value, schema, path, errors);
        return errors;
    }

    private static bool HasType(JsonNode? value, string type) => (value, type) switch
    {
        (JsonObject, "object") => true,
        (JsonArray, "array") => true,
        (JsonValue v, "string") => v.TryGetValue<string>(out _),
        (JsonValue v, "boolean") => v.TryGetValue<bool>(out _),
        (JsonValue v, "number") => v.TryGetValue<double>(out _),
        (JsonValue v, "integer") => v.TryGetValue<double>(out var d) && Math.Floor(d) == d,
        (null, "null") => true,
        _ => false,
    };

    // ---------------------------------------------------------------- YAML (1.2 core schema) to JSON

    private static JsonNode ToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        // Round-trip, so every value is backed by JSON like the schema's own values.
        return JsonNode.Parse(ToJson(stream.Documents[0].RootNode)!.ToJsonString())!;
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode m => new JsonObject(m.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, ToJson(kv.Value)))),
        YamlSequenceNode s => new JsonArray([.. s.Children.Select(ToJson)]),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: var v } => Plain(v ?? string.Empty),
        YamlScalarNode { Value: var v } => JsonValue.Create(v ?? string.Empty),
        _ => throw new InvalidOperationException("unexpected YAML node " + node.NodeType),
    };

    private static JsonNode? Plain(string v)
    {
        if (v is "true" or "false")
        {
            return JsonValue.Create(v == "true");
        }

        if (v is "" or "~" or "null")
        {
            return null;
        }

        if (Regex.IsMatch(v, @"^-?[0-9]+$") && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l))
        {
            return JsonValue.Create(l);
        }

        if (Regex.IsMatch(v, @"^-?[0-9]+\.[0-9]+([eE][-+]?[0-9]+)?$"))
        {
            return JsonValue.Create(double.Parse(v, CultureInfo.InvariantCulture));
        }

        return JsonValue.Create(v);
    }
}
