using Microsoft.Extensions.Logging;
using Policy.Core.Checking;
using Policy.Core.Decision;
using Policy.Core.Model;
using Policy.Core.Normalize;
using Policy.Core.Packs;
using Policy.Core.Rules;

namespace Policy.Core.Tests.Engine;

/// <summary>A rule that throws while evaluating is a finding of kind error: logged, never allowing.</summary>
public sealed class RuleErrorTests
{
    private const string Rules = """
          - id: confidential
            kind: terms
            section: s
            category: confidential
            severity: warn
            terms: [vertraulich]
            message: { de: vertraulich, en: confidential }
            suggestion: { de: entfernen, en: remove }
          - id: own-brand
            kind: allowlist
            section: s
            category: confidential
            appliesTo: [confidential]
            values: [ACME]

        """;

    private static CompiledPack WithBroken(Severity severity, string category = "confidential")
    {
        var pack = EngineTests.Pack(Rules);
        var broken = new ThrowingRule
        {
            Header = new RuleHeader("broken", "terms", category, severity, pack.Sections[0], new LocalizedText("d", "e"), LocalizedText.Empty, Conditions.Always),
        };
        return new CompiledPack(pack.Id, pack.Version, LocalizedText.Empty, ["de"], "x", pack.Sections, [.. pack.Rules, broken], pack.Lists, [], ["t"]);
    }

    private static CheckResult Check(CompiledPack pack, string text, ILogger? log = null)
    {
        var request = CheckRequest.Private(text, "de");
        return CheckEngine.Check(pack, request, Normalizer.Normalize(text), CheckBudget.Unlimited, log ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
    }

    [Fact]
    public void A_failed_rule_is_an_error_finding_not_a_hit()
    {
        var result = Check(WithBroken(Severity.Info), "ganz harmlos");
        Assert.Equal(Severity.Review, result.Decision);
        var f = Assert.Single(result.Findings);
        Assert.Equal(FindingKind.Error, f.Kind);
        Assert.Equal("broken", f.RuleId);
        Assert.Equal((0, 0), (f.Start, f.Length));
        Assert.Equal(string.Empty, f.Evidence);

        // It says the rule could not be checked, not the rule's own message about what it looks for.
        Assert.Contains("konnte nicht geprüft werden", f.Message, StringComparison.Ordinal);
        Assert.NotEqual("d", f.Message);
    }

    [Fact]
    public void A_failed_rule_keeps_a_higher_severity_and_other_rules_still_report()
    {
        var result = Check(WithBroken(Severity.Block), "Das ist vertraulich");
        Assert.Equal(Severity.Block, result.Decision);
        Assert.Equal(FindingKind.Error, Assert.Single(result.Findings, f => f.RuleId == "broken").Kind);
        Assert.Equal(FindingKind.Hit, Assert.Single(result.Findings, f => f.RuleId == "confidential").Kind);
    }

    [Fact]
    public void An_allowlist_at_the_start_of_the_text_cannot_drop_an_error()
    {
        // The allowlist exempts "ACME" at offset 0 for the broken rule's category; a hit there would be dropped.
        var result = Check(WithBroken(Severity.Info), "ACME freut sich");
        Assert.Equal(Severity.Review, result.Decision);
        Assert.Equal(FindingKind.Error, Assert.Single(result.Findings).Kind);
    }

    [Fact]
    public void The_failure_is_logged_with_rule_and_pack_but_never_the_draft_or_the_exception_message()
    {
        var log = new ListLogger();
        var pack = WithBroken(Severity.Info);
        Check(pack, "Mein Passwort ist Tr0ub4dor&3", log);
        var (level, eventName, text) = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Error, level);
        Assert.Equal("RuleFailed", eventName);
        Assert.Contains("broken", text, StringComparison.Ordinal);
        Assert.Contains($"pack {pack.Id} {pack.Version}", text, StringComparison.Ordinal);
        Assert.Contains(nameof(InvalidOperationException), text, StringComparison.Ordinal);
        Assert.Contains(nameof(ThrowingRule), text, StringComparison.Ordinal);
        Assert.DoesNotContain("Tr0ub4dor", text, StringComparison.Ordinal);
        Assert.DoesNotContain("boom", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_clean_check_logs_nothing()
    {
        var log = new ListLogger();
        var pack = EngineTests.Pack(Rules);
        Assert.Equal(Severity.Warn, Check(pack, "Das ist vertraulich", log).Decision);
        Assert.Empty(log.Entries);
    }

    private sealed class ThrowingRule : Rule
    {
        // The message quotes the draft, as some parsers' messages do: it must not reach the log.
        internal override void Evaluate(CheckScope scope) => throw new InvalidOperationException("boom: " + scope.Text.Original);
    }

    private sealed class ListLogger : ILogger
    {
        public List<(LogLevel Level, string? EventName, string Text)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, eventId.Name, formatter(state, exception) + (exception is null ? string.Empty : exception.ToString())));
    }
}
