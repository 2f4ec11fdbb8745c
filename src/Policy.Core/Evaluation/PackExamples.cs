using Policy.Core.Checking;
using Policy.Core.Packs;
using Policy.Core.Decision;
using Policy.Core.Model;

namespace Policy.Core.Evaluation;

/// <summary>The outcome of one example HR wrote into a pack.</summary>
public sealed record ExampleResult(
    int Line,
    string Text,
    Severity Expected,
    Severity Actual,
    IReadOnlyList<string> MissingRules,
    IReadOnlyList<string> UnexpectedRules)
{
    public bool Passed => Expected == Actual && MissingRules.Count == 0 && UnexpectedRules.Count == 0;

    public override string ToString() => Passed
        ? $"line {Line}: ok"
        : $"line {Line}: expected {Expected.ToWire()}, got {Actual.ToWire()}"
          + (MissingRules.Count > 0 ? $"; missing rules {string.Join(", ", MissingRules)}" : string.Empty)
          + (UnexpectedRules.Count > 0 ? $"; rules that must not fire fired: {string.Join(", ", UnexpectedRules)}" : string.Empty);
}

/// <summary>Runs a pack's examples: HR's examples are the pack's own tests.</summary>
public static class PackExamples
{
    public static IReadOnlyList<ExampleResult> Run(CompiledPack pack) =>
        [.. pack.Examples.Select(example =>
        {
            var result = CheckEngine.Check(pack, example.Request);
            var fired = result.RuleIds.ToHashSet(StringComparer.Ordinal);
            return new ExampleResult(
                example.Line,
                example.Request.Text,
                example.ExpectedDecision,
                result.Decision,
                [.. example.ExpectedRules.Where(r => !fired.Contains(r))],
                [.. example.ForbiddenRules.Where(fired.Contains)]);
        })];
}
