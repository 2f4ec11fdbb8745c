using Policy.Core.Checking;
using Policy.Core.Decision;
using Policy.Core.Model;
using Policy.Core.Normalize;
using Policy.Core.Packs;

namespace Policy.Core.Tests.Engine;

/// <summary>The per-request budget across all rules: spent, the check fails closed (review) and says why.</summary>
public sealed class CheckBudgetTests
{
    private static readonly Lazy<CompiledPack> DefaultPack = new(() => PackLibrary.LoadDirectory(RepoPaths.Policies).Packs["social-media-guideline"]);

    /// <summary>A clock on which every reading is a second after the one before: any budget under a
    /// second is spent at the first look, without a test that waits.</summary>
    private sealed class SecondPerReading : TimeProvider
    {
        private long _now;

        public override long GetTimestamp() => _now += TimestampFrequency;
    }

    private static CheckResult Check(string text, CheckBudget budget)
    {
        var request = CheckRequest.Private(text, "en");
        return CheckEngine.Check(DefaultPack.Value, request, Normalizer.Normalize(text), budget);
    }

    [Fact]
    public void A_spent_budget_sends_even_a_harmless_draft_to_review_and_says_why()
    {
        var text = "Lovely weather for our team picnic today.";
        Assert.Equal(Severity.Allow, Check(text, CheckBudget.Unlimited).Decision);

        var result = Check(text, new CheckBudget(TimeSpan.FromMilliseconds(250), new SecondPerReading()));
        Assert.Equal(Severity.Review, result.Decision);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(CheckEngine.BudgetRuleId, finding.RuleId);
        Assert.Equal(Severity.Review, finding.Severity);
        Assert.Contains("time budget of 250 ms", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_spent_budget_never_lowers_a_block()
    {
        var text = "Our AWS key is AKIAQYLPMN5HFIQR7XPA, do not share";
        Assert.Equal(Severity.Block, Check(text, CheckBudget.Unlimited).Decision);

        // Two readings per look (start, then each look): a budget of 1.5 s lets the first look pass and
        // the second fail, so some rules ran (the secret was found) and the rest did not.
        var result = Check(text, new CheckBudget(TimeSpan.FromSeconds(1.5), new SecondPerReading()));
        Assert.Contains(result.Findings, f => f.RuleId == CheckEngine.BudgetRuleId);
        Assert.True(result.Decision >= Severity.Review);
    }

    [Fact]
    public void A_budget_not_spent_changes_nothing()
    {
        foreach (var text in new[] { "Lovely weather today.", "Our AWS key is AKIAQYLPMN5HFIQR7XPA", "Ruf mich an: +49 170 1234567" })
        {
            var unlimited = Check(text, CheckBudget.Unlimited);
            var budgeted = Check(text, new CheckBudget(TimeSpan.FromHours(1), TimeProvider.System));
            Assert.Equal(unlimited.Decision, budgeted.Decision);
            Assert.Equal(unlimited.Findings.Select(f => f.RuleId), budgeted.Findings.Select(f => f.RuleId));
        }
    }

    [Fact]
    public void A_cancelled_request_stops_the_check()
    {
        using var gone = new CancellationTokenSource();
        gone.Cancel();
        Assert.Throws<OperationCanceledException>(() => Check("Lovely weather today.", new CheckBudget(TimeSpan.FromSeconds(1), TimeProvider.System, gone.Token)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void A_budget_is_positive(int ms) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new CheckBudget(TimeSpan.FromMilliseconds(ms), TimeProvider.System));
}
