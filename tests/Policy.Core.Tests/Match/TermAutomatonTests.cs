using FsCheck;
using FsCheck.Fluent;
using Policy.Core.Match;

namespace Policy.Core.Tests.Match;

public sealed class TermAutomatonTests
{
    [Fact]
    public void Finds_overlapping_and_nested_patterns()
    {
        var automaton = TermAutomaton.Build(["he", "she", "his", "hers"]);
        var matches = new List<(int Pattern, int End)>();
        automaton.Scan("ushers", matches);
        var found = matches.Select(m => (m.Pattern, m.End)).OrderBy(m => m.End).ThenBy(m => m.Pattern).ToList();
        Assert.Equal([(0, 4), (1, 4), (3, 6)], found);
    }

    [Fact]
    public void Agrees_with_a_naive_search() =>
        Prop.ForAll(
            Gen.ListOf(Gen.Elements("ab", "ba", "aab", "b", "abc", "cab", "ca")).Select(l => l.Distinct().ToList()).Where(l => l.Count > 0).ToArbitrary(),
            Gen.ArrayOf(Gen.Elements('a', 'b', 'c', 'x')).Select(a => new string(a)).ToArbitrary(),
            (patterns, text) =>
            {
                var automaton = TermAutomaton.Build(patterns);
                var matches = new List<(int Pattern, int End)>();
                automaton.Scan(text, matches);
                var expected = new List<(int, int)>();
                for (var p = 0; p < patterns.Count; p++)
                {
                    for (var i = text.IndexOf(patterns[p], StringComparison.Ordinal); i >= 0; i = text.IndexOf(patterns[p], i + 1, StringComparison.Ordinal))
                    {
                        expected.Add((p, i + patterns[p].Length));
                    }
                }

                return matches.Order().SequenceEqual(expected.Order());
            }).QuickCheckThrowOnFailure();
}
