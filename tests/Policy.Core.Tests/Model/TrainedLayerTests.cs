using Policy.Core.Checking;
using Policy.Core.Decision;
using Policy.Core.Evaluation;
using Policy.Core.Match.Model;
using Policy.Core.Model;
using Policy.Core.Packs;
using Xunit;

namespace Policy.Core.Tests.Model;

/// <summary>The trained layer: its block in a pack, the classifier rule kind, and the trainer.</summary>
public sealed class TrainedLayerTests
{
    private const string Rule = """
          - id: model.insider
            kind: classifier
            section: s
            category: insider
            severity: block
            threshold: 0.5
            minWords: 1
            message: "Insider? ({entity})"
            suggestion: S
        """;

    private static string Pack(string rules, string weights, string extra = "") => $$"""
        id: t
        version: '1'
        sections: [{ id: s, title: S }]
        rules:
        {{rules}}
        {{extra}}
        model:
          version: m1
          heads: [insider, tone]
          bias: [-2, -2]
          weights: |
            w:aktie 0=1.5
            b:vor_zahlen 0=1.5
            w:idiot 1=3
        """;

    private static CompiledPack Compile(string text) =>
        PackCompiler.Compile(PackSource.Parse("t.yaml", text), _ => null);

    [Fact]
    public void A_classifier_fires_at_its_threshold_and_points_at_the_word_that_weighed_most()
    {
        var pack = Compile(Pack(Rule, ""));
        var text = "Kauft die Aktie vor Zahlen am Donnerstag";

        var result = CheckEngine.Check(pack, CheckRequest.Private(text));

        var finding = Assert.Single(result.Findings);
        Assert.Equal("model.insider", finding.RuleId);
        Assert.Equal(Policy.Core.Model.Severity.Block, result.Decision);
        Assert.Contains(text.Substring(finding.Start, finding.Length), new[] { "Aktie", "vor Zahlen" });
        Assert.Equal("allow", CheckEngine.Check(pack, CheckRequest.Private("Kauft die Aktie")).Decision.ToWire()); // 1.5 - 2 < 0
    }

    [Fact]
    public void Min_words_asks_for_more_than_one_word_of_evidence()
    {
        var pack = Compile(Pack(Rule.Replace("minWords: 1", "minWords: 3", StringComparison.Ordinal), ""));
        Assert.Empty(CheckEngine.Check(pack, CheckRequest.Private("Kauft die Aktie vor Zahlen")).Findings);
    }

    [Fact]
    public void Unless_words_silence_it_unless_negated_right_before()
    {
        var rule = Rule + "\n    unless: [veröffentlicht]\n    unlessNegatedBy: [noch nicht]";
        var pack = Compile(Pack(rule, ""));

        Assert.Empty(CheckEngine.Check(pack, CheckRequest.Private("Die Aktie steigt, Zahlen vor Zahlen sind veröffentlicht")).Findings);
        Assert.Single(CheckEngine.Check(pack, CheckRequest.Private("Die Aktie steigt, vor Zahlen, noch nicht veröffentlicht")).Findings);
    }

    [Fact]
    public void A_classifier_without_a_model_or_with_an_unknown_head_is_a_pack_error()
    {
        var noModel = "id: t\nversion: '1'\nsections: [{ id: s, title: S }]\nrules:\n" + Rule + "\n";
        var e = Assert.Throws<PackLoadException>(() => Compile(noModel));
        Assert.Contains("needs a trained model", e.Errors[0].Message, StringComparison.Ordinal);

        var e2 = Assert.Throws<PackLoadException>(() => Compile(Pack(Rule.Replace("category: insider", "category: pii", StringComparison.Ordinal), "")));
        Assert.Contains("no head 'pii'", e2.Errors[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x:zzz 0=1", "is not a feature name")]
    [InlineData("w:zzz 5=1", "is not head=weight")]
    [InlineData("w:zzz 0=NaN", "is not head=weight")]
    [InlineData("w:zzz 0=1e9", "is not head=weight")]
    public void A_broken_weight_line_is_named_with_its_line(string line, string message)
    {
        var text = Pack(Rule, "").Replace("    w:idiot 1=3", "    " + line, StringComparison.Ordinal);
        var e = Assert.Throws<PackLoadException>(() => Compile(text));
        var error = Assert.Single(e.Errors);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        var expectedLine = text.Split('\n').ToList().FindIndex(l => l.Contains(line, StringComparison.Ordinal)) + 1;
        Assert.Equal(expectedLine, error.Line);
    }

    [Fact]
    public void The_model_is_covered_by_the_pack_hash()
    {
        var a = PackSource.Parse("t.yaml", Pack(Rule, ""));
        var b = PackSource.Parse("t.yaml", Pack(Rule, "").Replace("w:idiot 1=3", "w:idiot 1=2.9", StringComparison.Ordinal));
        Assert.NotEqual(a.Sha256, b.Sha256);
    }

    [Fact]
    public void Training_is_reproducible_and_learns_the_words_of_a_category()
    {
        var posts = Enumerable.Range(0, 60).Select(i => Post(i, i % 3 == 0 ? "Kauft die Aktie vor den Zahlen, Kurs steigt " + i : "Schönes Wochenende am See " + i, i % 3 == 0)).ToList();
        var options = new TrainingOptions { Heads = ["insider"], Folds = 3, Epochs = 10 };

        var first = ModelTrainer.Train(posts, [], options, "v", "test");
        var second = ModelTrainer.Train(posts, [], options, "v", "test");

        Assert.Equal(first.ModelBlock, second.ModelBlock);
        var pack = Compile(Pack(Rule, "").Split("model:")[0] + first.ModelBlock);
        Assert.Equal("block", CheckEngine.Check(pack, CheckRequest.Private("Kauft die Aktie vor den Zahlen")).Decision.ToWire());
        Assert.Equal("allow", CheckEngine.Check(pack, CheckRequest.Private("Schönes Wochenende am See")).Decision.ToWire());
    }

    [Fact]
    public void A_head_learns_only_from_the_posts_its_rule_sees()
    {
        // The insider posts are all on corporate accounts, the harmless ones private: a head that sees
        // every post learns the account kind; one that sees only private posts has nothing to learn.
        var posts = Enumerable.Range(0, 60).Select(i => Post(i, i % 3 == 0 ? "Kauft die Aktie vor den Zahlen " + i : "Schönes Wochenende am See " + i, i % 3 == 0) with
        {
            Account = i % 3 == 0 ? AccountKind.Corporate : AccountKind.Private,
        }).ToList();
        var everyPost = new TrainingOptions { Heads = ["insider"], Folds = 3, Epochs = 10 };
        var privateOnly = everyPost with { Populations = new Dictionary<string, Func<CorpusPost, bool>> { ["insider"] = p => p.Account == AccountKind.Private } };

        var learned = ModelTrainer.Train(posts, [], everyPost, "v", "test");
        var unseen = ModelTrainer.Train(posts, [], privateOnly, "v", "test");

        Assert.Contains("c:corporate", learned.ModelBlock, StringComparison.Ordinal);
        Assert.DoesNotContain("w:aktie", unseen.ModelBlock, StringComparison.Ordinal);
        Assert.True(unseen.Heads[0].Recall == 0, "no positive post was seen, so none can be found");
    }

    [Fact]
    public void Thresholds_are_rewritten_only_for_classifier_rules_of_a_trained_head()
    {
        var text = Pack(Rule, "");
        var rewritten = ModelTrainer.ReplaceThresholds(text, [new HeadFigures("insider", 10, 0.275, 1, 1), new HeadFigures("tone", 10, 0.9, 1, 1)]);
        Assert.Contains("    threshold: 0.275", rewritten, StringComparison.Ordinal);
        Assert.DoesNotContain("0.9", rewritten, StringComparison.Ordinal);
    }

    [Fact]
    public void Rewriting_the_model_block_keeps_the_rules_and_one_header()
    {
        var pack = Pack(Rule, "");
        var once = ModelTrainer.ReplaceModelBlock(pack, "model:\n  version: a\n");
        var twice = ModelTrainer.ReplaceModelBlock(once, "model:\n  version: b\n");

        Assert.StartsWith(pack.Split("model:")[0].TrimEnd('\n'), twice, StringComparison.Ordinal);
        Assert.EndsWith("model:\n  version: b\n", twice, StringComparison.Ordinal);
        Assert.Single(twice.Split('\n'), l => l.StartsWith("# The trained layer", StringComparison.Ordinal));
        Assert.DoesNotContain("version: a", twice, StringComparison.Ordinal);
    }

    private static CorpusPost Post(int i, string text, bool insider) =>
        new("t", i, "p" + i, "de", text, AccountKind.Private, false, false, [], insider ? Policy.Core.Model.Severity.Block : Policy.Core.Model.Severity.Allow, insider ? Policy.Core.Model.Severity.Block : Policy.Core.Model.Severity.Info, insider ? ["insider"] : []);
}
