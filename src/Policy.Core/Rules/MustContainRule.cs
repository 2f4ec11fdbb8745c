using Policy.Core.Checking;
using Policy.Core.Match;
using Policy.Core.Model;
using Policy.Core.Packs;

namespace Policy.Core.Rules;

/// <summary>
/// kind: must-contain. When the trigger occurs (optionally only with a supporting word within
/// reach), one of the required phrases must be in the draft too: a private post that advertises
/// the employer needs a disclaimer. The finding offers the text to insert. A trigger right after a
/// word of <c>negatedBy</c> (at most one word between, in the same clause) does not count: "keine
/// Rabatte", "don't DM me", "not my employer" advertise nothing.
/// </summary>
public sealed class MustContainRule : Rule
{
    internal static readonly RuleKind Definition = new(
        "must-contain",
        ["trigger", "near", "within", "require", "insert", "negatedBy"],
        ["trigger: [a]", "require: [b]"],
        (header, r) => new MustContainRule
        {
            Header = header,
            Trigger = r.Terms("trigger"),
            TriggerNear = r.OptionalTerms("near"),
            Within = r.Int("within", 1, 100, 8),
            Require = r.Terms("require"),
            Insert = r.Has("insert") ? r.Localized("insert") : LocalizedText.Empty,
            NegatedBy = r.OptionalTerms("negatedBy"),
        },
        TermsKey: "trigger");

    internal override TermSet ChangeableTerms => Trigger;

    internal override Rule WithTerms(TermSet terms) =>
        new MustContainRule { Header = Header, Trigger = terms, TriggerNear = TriggerNear, Within = Within, Require = Require, Insert = Insert, NegatedBy = NegatedBy };

    public required TermSet Trigger { get; init; }

    public TermSet? TriggerNear { get; init; }

    public int Within { get; init; } = 8;

    public required TermSet Require { get; init; }

    public LocalizedText Insert { get; init; } = LocalizedText.Empty;

    /// <summary>Words that, right before a trigger (at most one word between, same clause), cancel it.</summary>
    public TermSet? NegatedBy { get; init; }

    private const int NegationWindow = 2;

    internal override void Register(TermIndexBuilder terms)
    {
        Trigger.Register(terms);
        TriggerNear?.Register(terms);
        Require.Register(terms);
        NegatedBy?.Register(terms);
    }

    internal override bool FindsNothingIn(CheckScope scope) => scope.Terms.Any(Require.Id) || !scope.Terms.Any(Trigger.Id);

    internal override void Evaluate(CheckScope scope)
    {
        if (scope.Terms.Any(Require.Id))
        {
            return;
        }

        foreach (var trigger in TermsRule.Ordered(scope.Terms.Of(Trigger.Id)))
        {
            if ((TriggerNear is not null && !HasSupportNear(scope, trigger)) || Negated(scope, trigger))
            {
                continue;
            }

            var insert = Insert.In(scope.Language);
            Report(scope, trigger.Start, trigger.Length, insert: insert.Length > 0 ? insert : null);
            return;
        }
    }

    private bool Negated(CheckScope scope, TermHit trigger)
    {
        if (NegatedBy is null)
        {
            return false;
        }

        var at = scope.TokenAt(trigger.Start);
        var text = scope.Text.Text;
        foreach (var hit in scope.Terms.Of(NegatedBy.Id))
        {
            // Before the trigger, at most one word between, and in the same clause: "keine Rabatte",
            // "never ask for it", but not "Nicht verpassen: jetzt kaufen" or "Don't wait, buy now".
            var end = hit.Start + hit.Length;
            if (end > trigger.Start || at - scope.TokenAt(end - 1) > NegationWindow)
            {
                continue;
            }

            if (text.AsSpan(end, trigger.Start - end).IndexOfAny(ClauseBreaks) < 0)
            {
                return true;
            }
        }

        return false;
    }

    private static readonly System.Buffers.SearchValues<char> ClauseBreaks = System.Buffers.SearchValues.Create(".,:;!?–—");

    private bool HasSupportNear(CheckScope scope, TermHit trigger)
    {
        var at = scope.TokenAt(trigger.Start);
        foreach (var hit in scope.Terms.Of(TriggerNear!.Id))
        {
            if (Math.Abs(scope.TokenAt(hit.Start) - at) <= Within)
            {
                return true;
            }
        }

        return false;
    }
}
