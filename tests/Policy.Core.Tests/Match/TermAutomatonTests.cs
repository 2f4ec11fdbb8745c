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

    /// <summary>
    /// Longer texts are walked in pieces at once (see TermAutomaton.Scan): every match, in the order of
    /// a walk in one piece (by end, then longest first), also where a pattern longer than a piece's
    /// run-in crosses from one piece into the next and where one piece finds more matches than it keeps.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Pieces_report_what_one_walk_reports_in_its_order(int seed)
    {
        var random = new Random(seed);
        string[] patterns =
        [
            "a", "ab", "ba", "abc", "cab", "x a", "aaaa", "abcabcabcabcabcabcab", "aaaaaaaaaaaaaaaaaaaaaaaaa",
            "b b b b b b b b b b b b", "cccccccccccccccccccccccccccccccccccc", "bca", "c",
        ];
        var automaton = TermAutomaton.Build(patterns);
        for (var round = 0; round < 400; round++)
        {
            var length = random.Next(0, 700);
            var alphabet = round % 4 == 0 ? "ab" : round % 4 == 1 ? "abcx " : round % 4 == 2 ? "c" : "abcxyz .";
            var chars = new char[length];
            for (var i = 0; i < length; i++)
            {
                chars[i] = alphabet[random.Next(alphabet.Length)];
            }

            var text = new string(chars);
            var matches = new List<(int Pattern, int End)>();
            automaton.Scan(text, matches);

            var expected = new List<(int Pattern, int End)>();
            for (var p = 0; p < patterns.Length; p++)
            {
                for (var i = text.IndexOf(patterns[p], StringComparison.Ordinal); i >= 0; i = text.IndexOf(patterns[p], i + 1, StringComparison.Ordinal))
                {
                    expected.Add((p, i + patterns[p].Length));
                }
            }

            Assert.Equal(
                expected.OrderBy(m => m.End).ThenByDescending(m => patterns[m.Pattern].Length).ThenBy(m => m.Pattern),
                matches);
        }
    }
}
