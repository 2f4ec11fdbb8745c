using System.Text.RegularExpressions;
using Policy.Core.Model;
using Policy.Core.Rules;

namespace Policy.Core.Tests.Packs;

/// <summary>
/// docs/policy-packs.md describes every rule kind of the registry (<see cref="RuleKinds.All"/>) with
/// every one of its keys, and docs/architecture.md's recipe names the files a new kind touches: a kind
/// added to the registry without its documentation fails here.
/// </summary>
public sealed partial class RuleKindDocsTests
{
    private static readonly Lazy<string> Reference = new(() => File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "policy-packs.md")));

    /// <summary>The text of "### `kind`" up to the next heading.</summary>
    private static string Section(string kind)
    {
        var doc = Reference.Value;
        var start = doc.IndexOf("### `" + kind + "`\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/policy-packs.md has no section ### `{kind}`");
        var end = NextHeading().Match(doc, start + 4);
        return end.Success ? doc[start..end.Index] : doc[start..];
    }

    public static TheoryData<string> Kinds() => [.. RuleKinds.Names];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_kind_has_a_section_naming_each_of_its_keys(string kind)
    {
        var section = Section(kind);
        foreach (var key in RuleKinds.Named(kind).SelectMany(k => k.Keys))
        {
            Assert.Contains("`" + key + "`", section, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_common_keys_table_lists_every_kind()
    {
        var row = Reference.Value.Split('\n').Single(l => l.StartsWith("| `kind` | yes |", StringComparison.Ordinal));
        Assert.All(RuleKinds.Names, kind => Assert.Contains("`" + kind + "`", row, StringComparison.Ordinal));
    }

    [Fact]
    public void The_recipe_names_the_files_of_a_rule_kind()
    {
        var architecture = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "architecture.md"));
        var recipe = architecture[architecture.IndexOf("## Add a rule kind", StringComparison.Ordinal)..];
        foreach (var file in new[] { "src/Policy.Core/Rules/XxxRule.cs", "Rules/RuleKind.cs", "Packs/RuleCompiler.cs", "policies/schema/policy-pack.schema.json", "docs/policy-packs.md" })
        {
            Assert.Contains(file, recipe, StringComparison.Ordinal);
        }

        // Every file the recipe names exists (XxxRule.cs stands for the new kind's own file).
        var root = RepoPaths.Root;
        Assert.True(File.Exists(Path.Combine(root, "src/Policy.Core/Rules/RuleKind.cs")));
        Assert.True(File.Exists(Path.Combine(root, "src/Policy.Core/Packs/RuleCompiler.cs")));
        Assert.True(File.Exists(Path.Combine(root, "src/Policy.Core/Rules/CoOccurrenceRule.cs")));
    }

    [GeneratedRegex("^#{2,3} ", RegexOptions.Multiline)]
    private static partial Regex NextHeading();
}
