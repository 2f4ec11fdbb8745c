using Policy.Core.Checking;
using Policy.Core.Packs;
using Policy.Core.Match.Model;
using Policy.Core.Match;
using Policy.Core.Model;

namespace Policy.Core.Rules;

/// <summary>
/// kind: classifier. A finding when the pack's trained layer gives the rule's head a probability at
/// or above its threshold, for what words alone do not catch ("you didn't hear it from me, but
/// Thursday's numbers..."). The span is the word or word pair that weighed most for the head; the
/// evidence says how sure the model is. Words of <c>unless</c> (advice, meta-talk) keep it silent.
/// It only adds findings: it never lowers what another rule decided, and stays silent where a rule
/// (earlier in the pack) already reported its category as strongly.
/// </summary>
public sealed class ClassifierRule : Rule
{
    internal static readonly RuleKind Definition = new(
        "classifier",
        ["head", "threshold", "minWords", "unless", "unlessNegatedBy"],
        ["threshold: 0.5"],
        Compile);

    private static ClassifierRule Compile(RuleHeader header, IRuleReader r)
    {
        var model = r.Model();
        var head = r.Text("head") ?? header.Category;
        var index = model.HeadIndex(head);
        if (index < 0)
        {
            throw r.Error("head", $"the model has no head '{head}'; its heads: {string.Join(", ", model.Heads)}");
        }

        return new ClassifierRule
        {
            Header = header,
            Model = model,
            Head = index,
            Threshold = r.Probability("threshold"),
            MinWords = r.Int("minWords", 1, 10, 2),
            Unless = r.OptionalTerms("unless"),
            UnlessNegatedBy = r.OptionalTerms("unlessNegatedBy"),
        };
    }

    public required TextModel Model { get; init; }

    public required int Head { get; init; }

    public required double Threshold { get; init; }

    /// <summary>How many different words must weigh for the head (default 2): a single word firing
    /// the model would make it a keyword filter again ("Fusion von Kunst und Technik").</summary>
    public int MinWords { get; init; } = 2;

    public TermSet? Unless { get; init; }

    /// <summary>Words that, up to four words before an <see cref="Unless"/> word, cancel it:
    /// "noch nicht veröffentlicht", "will be published" are not "published".</summary>
    public TermSet? UnlessNegatedBy { get; init; }

    private const int NegationWindow = 4;

    internal override void Register(TermIndexBuilder terms)
    {
        Unless?.Register(terms);
        UnlessNegatedBy?.Register(terms);
    }

    // Does not override FindsNothingIn (always false).
    internal override int Gate => RuleRun.NoGate;

    internal override void Evaluate(CheckScope scope)
    {
        if (Unless is not null && Silenced(scope, Unless, UnlessNegatedBy))
        {
            return;
        }

        // A rule that already found this category at this weight or more says it better: with a
        // precise span and its own fix (an insert). The model only adds what rules missed or underrated.
        if (scope.FindingCount > 0 && AlreadyFound(scope))
        {
            return;
        }

        var scores = scope.ModelScores(Model);
        var p = scores.Probability(Head);
        if (p < Threshold)
        {
            return;
        }

        var (words, start, length) = Model.Evidence(scores, Head);
        if (words < MinWords)
        {
            return;
        }

        Report(scope, start, length, entity: p.ToString("P0", System.Globalization.CultureInfo.InvariantCulture));
    }

    // A loop rather than Exists with a lambda: that allocated a closure on every draft with a finding.
    private bool AlreadyFound(CheckScope scope)
    {
        var findings = scope.Findings;
        for (var i = 0; i < findings.Count; i++)
        {
            if (findings[i].Category == Category && findings[i].Severity >= Severity)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Silenced(CheckScope scope, TermSet unless, TermSet? negatedBy)
    {
        foreach (var hit in scope.Terms.Of(unless.Id))
        {
            if (negatedBy is null)
            {
                return true;
            }

            var at = scope.TokenAt(hit.Start);
            var negated = false;
            foreach (var negation in scope.Terms.Of(negatedBy.Id))
            {
                var n = scope.TokenAt(negation.Start);
                // Strictly before: a negation that begins the unless term is part of it ("nicht im Namen").
                if (n < at && at - n <= NegationWindow)
                {
                    negated = true;
                    break;
                }
            }

            if (!negated)
            {
                return true;
            }
        }

        return false;
    }
}
