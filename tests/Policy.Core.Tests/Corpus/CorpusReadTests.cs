using Policy.Core.Decision;
using Policy.Core.Evaluation;
using Policy.Core.Model;
using Policy.Core.Packs;

namespace Policy.Core.Tests.Corpus;

/// <summary>Corpora read from uploads and the shell: unlabelled lines, bounds, errors by line; and the simulation of two packs on them.</summary>
public sealed class CorpusReadTests
{
    private static readonly Lazy<PackLibrary> Library = new(() => PackLibrary.LoadDirectory(RepoPaths.Policies));

    private static IReadOnlyList<CorpusPost> Read(string text, CorpusLimits? limits = null, bool requireLabels = false) =>
        CorpusPost.Read("upload", "u", new StringReader(text), limits ?? CorpusLimits.Unbounded, requireLabels);

    [Fact]
    public void An_unlabelled_line_needs_only_text_and_takes_a_private_account()
    {
        var posts = Read("""
            {"text": "Hallo"}

            {"text": "Antwort", "context": {"account": "corporate", "replyToComplaint": true, "author": "spokesperson"}}
            {"id": "x", "text": "T", "context": {"account": "private"}, "expect": {"min": "warn", "max": "block", "categories": ["pii"]}}
            """);

        Assert.Equal(3, posts.Count);
        Assert.False(posts[0].Labelled);
        Assert.Equal("line-1", posts[0].Id);
        Assert.Equal(Policy.Core.Model.AccountKind.Private, posts[0].Account);
        Assert.False(posts[1].Labelled);
        Assert.Equal(3, posts[1].Line);
        Assert.True(posts[1].ReplyToComplaint && posts[1].Spokesperson);
        Assert.Equal(Policy.Core.Model.AccountKind.Corporate, posts[1].Account);
        Assert.True(posts[2].Labelled);
        Assert.Equal((Severity.Warn, Severity.Block), (posts[2].Min, posts[2].Max));
        Assert.Equal(["pii"], posts[2].Categories);
    }

    [Theory]
    [InlineData("{\"context\": {}}", "upload:1: 'text' is required")]
    [InlineData("[1, 2]", "upload:1: a line must be one JSON object")]
    [InlineData("{\"text\": \"x\", \"context\": {\"account\": \"company\"}}", "upload:1: 'context.account' must be")]
    [InlineData("{\"text\": \"x\"", "upload:1: ")]
    public void A_bad_line_is_an_error_naming_its_line_without_the_draft(string line, string message)
    {
        var e = Assert.Throws<InvalidDataException>(() => Read(line));

        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_labelled_corpus_requires_labels_and_the_bounds_hold()
    {
        var unlabelled = Assert.Throws<InvalidDataException>(() => Read("{\"text\": \"x\", \"context\": {\"account\": \"private\"}}", requireLabels: true));
        var tooMany = Assert.Throws<InvalidDataException>(() => Read("{\"text\": \"a\"}\n{\"text\": \"b\"}\n{\"text\": \"c\"}", new CorpusLimits { MaxPosts = 2 }));
        var tooLong = Assert.Throws<InvalidDataException>(() => Read("{\"text\": \"abcdef\"}", new CorpusLimits { MaxTextLength = 5 }));

        Assert.Contains("'id' is required", unlabelled.Message, StringComparison.Ordinal);
        Assert.StartsWith("upload:3: more than 2 drafts", tooMany.Message, StringComparison.Ordinal);
        Assert.StartsWith("upload:1: 'text' has 6 characters, at most 5", tooLong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_simulation_of_a_pack_against_itself_changes_nothing_and_counts_each_rule_once_per_draft()
    {
        var pack = Library.Value.Packs["social-media-guideline"];
        var posts = Read("""
            {"text": "Mein Passwort ist Sommer2026! und noch ein Passwort: Winter2025!"}
            {"text": "Schönes Wochenende!"}
            {"id": "l", "text": "Schönes Wochenende!", "context": {"account": "private"}, "expect": {"min": "allow", "max": "info", "categories": []}}
            """);

        var s = PackSimulation.Run(pack, pack, posts, ct: TestContext.Current.CancellationToken);

        Assert.Equal(3, s.Posts);
        Assert.Empty(s.Changed);
        Assert.Equal(1, s.Labelled);
        Assert.All(s.Rules, r => Assert.Equal(r.Current, r.Candidate));
        Assert.Equal(1, s.Rules.Single(r => r.RuleId == "credential.secret").Current);
        Assert.Equal(s.Current!.InBand, s.Candidate!.InBand);
    }

    [Fact]
    public void A_simulation_names_changed_drafts_by_index_with_the_rules_added_and_sorts_rules_by_change()
    {
        var basePack = Library.Value.Packs["social-media-guideline"];
        var acme = Library.Value.Packs["acme-social-media"];
        var posts = Read("""
            {"text": "Schönes Wochenende!"}
            {"text": "Heute Kickoff für Projekt Falke in Halle 3."}
            """);

        var s = PackSimulation.Run(basePack, acme, posts, ct: TestContext.Current.CancellationToken);

        var changed = Assert.Single(s.Changed);
        Assert.Equal(1, changed.Index);
        Assert.Equal(2, changed.Line);
        Assert.Equal(Severity.Allow, changed.From);
        Assert.Contains("confidential.codenames", changed.RulesAdded);
        Assert.Equal(Math.Abs(s.Rules[0].Delta), s.Rules.Max(r => Math.Abs(r.Delta)));
        Assert.Null(s.Current);
        Assert.Equal([new DecisionTransition(Severity.Allow, changed.To, 1)], s.Transitions);
    }
}
