using Policy.Core.Checking;
using Policy.Core.Decision;
using Policy.Core.Model;
using Policy.Core.Packs;

namespace Policy.Core.Evaluation;

/// <summary>A draft whose decision differs between the two packs: where it is and which rules made the difference, never its text.</summary>
/// <param name="Index">0-based position among the corpus's drafts.</param>
/// <param name="Line">1-based line of the corpus file.</param>
public sealed record ChangedDecision(int Index, int Line, string Id, Severity From, Severity To, IReadOnlyList<string> RulesAdded, IReadOnlyList<string> RulesRemoved);

/// <summary>How many drafts moved from one decision to another.</summary>
public sealed record DecisionTransition(Severity From, Severity To, int Count);

/// <summary>How many drafts a rule fired on (at any severity) under each pack.</summary>
public sealed record RuleHits(string RuleId, int Current, int Candidate)
{
    public int Delta => Candidate - Current;
}

/// <summary>
/// What a candidate pack decides on a corpus compared with the current one: the drafts whose
/// decision changes (counts by from→to and each by index), per-rule hit counts for both and, for
/// the labelled drafts, the evaluation of each. Used by <c>policy diff --corpus</c> and the
/// simulate endpoint alike, so the shell and the HR console agree.
/// </summary>
public sealed class PackSimulation
{
    private PackSimulation(
        int posts,
        IReadOnlyList<ChangedDecision> changed,
        IReadOnlyList<RuleHits> rules,
        CorpusEvaluation? current,
        CorpusEvaluation? candidate)
    {
        Posts = posts;
        Changed = changed;
        Rules = rules;
        Current = current;
        Candidate = candidate;
    }

    public int Posts { get; }

    public IReadOnlyList<ChangedDecision> Changed { get; }

    public IReadOnlyList<DecisionTransition> Transitions =>
        [.. Changed.GroupBy(c => (c.From, c.To)).Select(g => new DecisionTransition(g.Key.From, g.Key.To, g.Count()))
            .OrderByDescending(t => t.Count).ThenBy(t => t.From).ThenBy(t => t.To)];

    /// <summary>Rules that fired at least once under either pack, the largest change first.</summary>
    public IReadOnlyList<RuleHits> Rules { get; }

    /// <summary>The evaluation of the labelled drafts under the current pack; null when none is labelled.</summary>
    public CorpusEvaluation? Current { get; }

    public CorpusEvaluation? Candidate { get; }

    public int Labelled => Current?.Posts ?? 0;

    /// <param name="progress">Called with the number of drafts done, now and then, for a progress line.</param>
    public static PackSimulation Run(
        CompiledPack current,
        CompiledPack candidate,
        IReadOnlyList<CorpusPost> posts,
        Action<int>? progress = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(posts);

        // A spokesperson line holds every topic of either pack, so a topic the candidate adds is granted too.
        var topics = current.Topics.Select(t => t.Id).Union(candidate.Topics.Select(t => t.Id), StringComparer.Ordinal).ToList();
        var changed = new List<ChangedDecision>();
        var hits = new Dictionary<string, (int Current, int Candidate)>(StringComparer.Ordinal);
        var currentOutcomes = new List<PostOutcome>();
        var candidateOutcomes = new List<PostOutcome>();
        for (var i = 0; i < posts.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var post = posts[i];
            var request = post.ToRequest(topics);
            var before = CheckEngine.Check(current, request);
            var after = CheckEngine.Check(candidate, request);
            var rulesBefore = before.RuleIds.ToHashSet(StringComparer.Ordinal);
            var rulesAfter = after.RuleIds.ToHashSet(StringComparer.Ordinal);
            foreach (var rule in rulesBefore)
            {
                hits[rule] = (hits.GetValueOrDefault(rule).Current + 1, hits.GetValueOrDefault(rule).Candidate);
            }

            foreach (var rule in rulesAfter)
            {
                hits[rule] = (hits.GetValueOrDefault(rule).Current, hits.GetValueOrDefault(rule).Candidate + 1);
            }

            if (before.Decision != after.Decision)
            {
                changed.Add(new ChangedDecision(
                    i,
                    post.Line,
                    post.Id,
                    before.Decision,
                    after.Decision,
                    [.. rulesAfter.Except(rulesBefore).Order(StringComparer.Ordinal)],
                    [.. rulesBefore.Except(rulesAfter).Order(StringComparer.Ordinal)]));
            }

            if (post.Labelled)
            {
                currentOutcomes.Add(new PostOutcome(post, before.Decision, before.Findings));
                candidateOutcomes.Add(new PostOutcome(post, after.Decision, after.Findings));
            }

            if (progress is not null && (i + 1) % 50 == 0)
            {
                progress(i + 1);
            }
        }

        progress?.Invoke(posts.Count);
        var rules = hits
            .Select(kv => new RuleHits(kv.Key, kv.Value.Current, kv.Value.Candidate))
            .OrderByDescending(r => Math.Abs(r.Delta))
            .ThenByDescending(r => Math.Max(r.Current, r.Candidate))
            .ThenBy(r => r.RuleId, StringComparer.Ordinal)
            .ToList();
        return new PackSimulation(
            posts.Count,
            changed,
            rules,
            currentOutcomes.Count == 0 ? null : CorpusEvaluation.FromOutcomes(currentOutcomes),
            candidateOutcomes.Count == 0 ? null : CorpusEvaluation.FromOutcomes(candidateOutcomes));
    }
}
