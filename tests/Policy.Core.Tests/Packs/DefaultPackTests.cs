using Policy.Core.Evaluation;
using Policy.Core.Model;
using Policy.Core.Packs;

namespace Policy.Core.Tests.Packs;

/// <summary>Every pack in policies/ loads, and its own examples (HR's tests) pass.</summary>
public sealed class DefaultPackTests
{
    private static readonly Lazy<PackLibrary> Library = new(() => PackLibrary.LoadDirectory(RepoPaths.Policies));

    public static TheoryData<string> PackIds()
    {
        var data = new TheoryData<string>();
        foreach (var id in Library.Value.Packs.Keys.Order(StringComparer.Ordinal))
        {
            data.Add(id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PackIds))]
    public void Examples_of_the_pack_pass(string packId)
    {
        var pack = Library.Value.Packs[packId];
        Assert.NotEmpty(pack.Examples);
        var failures = PackExamples.Run(pack).Where(r => !r.Passed).Select(r => r.ToString() + " — " + r.Text).ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [MemberData(nameof(PackIds))]
    public void Every_rule_cites_an_existing_section_and_has_both_languages(string packId)
    {
        var pack = Library.Value.Packs[packId];
        foreach (var rule in pack.Rules.Where(r => r.Kind != "allowlist"))
        {
            Assert.Contains(pack.Sections, s => s.Id == rule.Section.Id);
            Assert.False(string.IsNullOrWhiteSpace(rule.Message.De), rule.Id + " lacks a German message");
            Assert.False(string.IsNullOrWhiteSpace(rule.Message.En), rule.Id + " lacks an English message");
            Assert.False(string.IsNullOrWhiteSpace(rule.Suggestion.De), rule.Id + " lacks a German suggestion");
            Assert.False(string.IsNullOrWhiteSpace(rule.Suggestion.En), rule.Id + " lacks an English suggestion");
        }
    }
}
