using Policy.Core.Checking;
using Policy.Core.Evaluation;
using Policy.Core.Normalize;
using Policy.Core.Packs;

namespace Policy.Core.Tests.Engine;

/// <summary>
/// The engine skips a rule whose terms are absent (<c>Rule.FindsNothingIn</c>) before asking its
/// conditions: the shortcut must never drop a finding or an allowed span. Every rule of the default
/// pack, on every dev post, is evaluated even where it says it finds nothing, and must then add nothing.
/// </summary>
public sealed class RuleShortcutTests
{
    private static readonly Lazy<CompiledPack> DefaultPack = new(() => PackLibrary.LoadDirectory(RepoPaths.Policies).Packs["social-media-guideline"]);

    [Fact]
    public void A_rule_that_says_it_finds_nothing_on_a_draft_finds_nothing_there()
    {
        var pack = DefaultPack.Value;
        var posts = Directory.GetFiles(Path.Combine(RepoPaths.Root, "tests", "corpus"), "dev-*.jsonl")
            .Order(StringComparer.Ordinal)
            .SelectMany(CorpusPost.Load)
            .ToList();
        long asked = 0, skipped = 0;
        var wrong = new List<string>();
        foreach (var post in posts)
        {
            var request = post.ToRequest(pack);
            var normalized = Normalizer.Normalize(request.Text);
            var scope = new CheckScope(request, normalized, pack.Terms.Scan(normalized.Text), pack.Topics);
            foreach (var rule in pack.Rules)
            {
                // Asked where the engine asks it: after the rules before it reported into the scope.
                var nothing = rule.FindsNothingIn(scope);
                asked++;
                skipped += nothing ? 1 : 0;
                if (!rule.When.Hold(scope))
                {
                    continue;
                }

                var (findings, allowed) = (scope.FindingCount, scope.AllowedSoFar.Count);
                rule.Evaluate(scope);
                if (nothing && (scope.FindingCount != findings || scope.AllowedSoFar.Count != allowed))
                {
                    wrong.Add($"{post.Id}: {rule.Id}");
                }
            }
        }

        Assert.Empty(wrong);

        // The shortcut is taken for most rules on most drafts, or it would not be worth having.
        Assert.True(skipped > asked / 2, $"{skipped} of {asked} rule runs skipped");
    }

    /// <summary>The engine's loop reads most rules' <c>FindsNothingIn</c> as a term-set bit
    /// (<c>RuleRun.Gate</c>, worked out when the pack is compiled) instead of calling it: on every rule
    /// of the default pack and every dev post, asked as the engine asks it, the two answers agree.</summary>
    [Fact]
    public void The_loops_gate_answers_as_the_rule_does()
    {
        var pack = DefaultPack.Value;
        var posts = Directory.GetFiles(Path.Combine(RepoPaths.Root, "tests", "corpus"), "dev-*.jsonl")
            .Order(StringComparer.Ordinal)
            .SelectMany(CorpusPost.Load)
            .ToList();
        var wrong = new List<string>();
        long gated = 0, asked = 0;
        foreach (var post in posts)
        {
            var request = post.ToRequest(pack);
            var normalized = Normalizer.Normalize(request.Text);
            var scope = new CheckScope(request, normalized, pack.Terms.Scan(normalized.Text), pack.Topics);
            foreach (var run in pack.Run)
            {
                asked++;
                gated += run.Gate == RuleRun.AskRule ? 0 : 1;
                if (run.FindsNothingIn(scope) != run.Rule.FindsNothingIn(scope))
                {
                    wrong.Add($"{post.Id}: {run.Rule.Id}");
                }

                if (run.Rule.When.Hold(scope))
                {
                    run.Rule.Evaluate(scope);
                }
            }
        }

        Assert.Empty(wrong);
        Assert.True(gated > asked * 3 / 4, $"{gated} of {asked} rule runs read as a gate");
    }

    [Theory]
    [InlineData("Login: admin / Kaese2023, bitte nicht weitergeben.", "Login: admin / Kaese2023, bitte nicht weitergeben.")]
    [InlineData("Das P a s s w o r t ist Sommer", "Das Passwort ist Sommer")]
    [InlineData("Punkte a b c und mehr", "Punkte a b c und mehr")]
    [InlineData("Code\tist\n4711", "Code\tist\n4711")]
    public void The_cleaned_view_of_plain_ASCII_is_the_draft_unless_letters_are_spaced_out(string draft, string cleaned)
    {
        var view = Normalizer.Clean(draft);

        Assert.Equal(cleaned, view.Text);
        var at = cleaned.IndexOf("Sommer", StringComparison.Ordinal);
        if (at >= 0)
        {
            Assert.Equal((draft.IndexOf("Sommer", StringComparison.Ordinal), 6), view.ToOriginal(at, 6));
        }
    }

    [Theory]
    [InlineData("Toll! Das ist n!cht g3h31m", "toll! das ist nicht geheim")]
    [InlineData("Am 12.03. um 10 Uhr: v3rtr4ul1ch", "am 12.03. um 10 uhr: vertraulich")]
    [InlineData("Windows Win10 und Q3", "windows win10 und q3")]
    public void Look_alike_digits_fold_in_a_word_after_words_without_them(string draft, string normalized) =>
        Assert.Equal(normalized, Normalizer.Normalize(draft).Text);
}
