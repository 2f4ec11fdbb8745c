using Policy.Core.Checking;
using Policy.Core.Packs;

namespace Policy.Core.Rules;

/// <summary>
/// kind: context. Fires once whenever its conditions hold, whatever the text says: e.g. every post
/// on a corporate account during crisis mode goes to review unless the author is on the crisis team.
/// The finding has an empty span at the start of the text.
/// </summary>
public sealed class ContextRule : Rule
{
    internal static readonly RuleKind Definition = new(
        "context",
        [],
        ["when: { crisis: true }"],
        (header, r) => header.When.Any.Count > 0
            ? new ContextRule { Header = header }
            : throw r.Error(null, "a context rule needs 'when': it fires whenever its conditions hold"));

    // Does not override FindsNothingIn (always false).
    internal override int Gate => RuleRun.NoGate;

    internal override void Evaluate(CheckScope scope) => ReportOriginal(scope, (0, 0), evidence: string.Empty);
}
