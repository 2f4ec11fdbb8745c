using Policy.Core.Decision;

namespace Policy.Core.Tests.Architecture;

/// <summary>
/// Core reads in one direction: model ← normalize ← match ← checking ← rules ← packs ← decision,
/// read from the compiled assembly (<see cref="NamespaceGraph"/>). A new namespace must take a place
/// here; a new edge against the direction or any cycle fails with the types that make it.
/// </summary>
public sealed class NamespaceDependencyTests
{
    /// <summary>Each namespace's stage; a namespace may use only namespaces of a lower or equal stage
    /// (equal: only without a cycle, which the cycle test holds).</summary>
    private static readonly Dictionary<string, int> Stages = new(StringComparer.Ordinal)
    {
        // the model: sections, localized texts, requests, authors, findings, severities, results
        ["Policy.Core.Model"] = 0,
        ["Policy.Core.Normalize"] = 1,
        ["Policy.Core.Match"] = 2,
        ["Policy.Core.Match.Detectors"] = 2,
        ["Policy.Core.Match.Detectors.Pii"] = 2,
        ["Policy.Core.Match.Detectors.Secrets"] = 2,
        ["Policy.Core.Match.Model"] = 2,

        // one draft's scope: caches, speaking authority, message templates, evidence masking
        ["Policy.Core.Checking"] = 3,

        // account ownership verdicts read detectors and masks; packs read company domains from them
        ["Policy.Core.Accounts"] = 4,
        ["Policy.Core.Rules"] = 4,
        ["Policy.Core.Packs"] = 5,

        // the engine: runs a compiled pack's rules over one draft and decides
        ["Policy.Core.Decision"] = 6,

        // beside the pipeline, using all of it
        ["Policy.Core.Attachments"] = 7,
        ["Policy.Core.Evaluation"] = 7,
    };

    private static readonly Lazy<NamespaceGraph> Core = new(() =>
        NamespaceGraph.Of(typeof(CheckEngine).Assembly.Location, "Policy.Core"));

    [Fact]
    public void Core_has_no_namespace_cycles()
    {
        var cycles = Core.Value.Cycles();
        Assert.True(cycles.Count == 0, "Namespace cycles in Policy.Core:" + Environment.NewLine
            + string.Join(Environment.NewLine, cycles.Select(c => string.Join(" <-> ", c) + Environment.NewLine + Core.Value.Describe(c))));
    }

    [Fact]
    public void Core_pipeline_reads_in_one_direction()
    {
        var wrong = (
            from user in Core.Value.Namespaces
            where Stages.ContainsKey(user)
            from used in Core.Value.Uses(user)
            where Stages.TryGetValue(used, out var stage) && stage > Stages[user]
            select $"{user} (stage {Stages[user]}) uses {used} (stage {Stages[used]}) in {string.Join(", ", Core.Value.Witnesses(user, used).Take(4))}").ToList();
        Assert.True(wrong.Count == 0, "Against the pipeline's direction:" + Environment.NewLine + string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public void Every_core_namespace_has_a_stage()
    {
        var unplaced = Core.Value.Namespaces.Where(n => !Stages.ContainsKey(n)).Order(StringComparer.Ordinal).ToList();
        Assert.True(unplaced.Count == 0, $"Give these namespaces a stage in {nameof(NamespaceDependencyTests)} and docs/architecture.md: {string.Join(", ", unplaced)}");

        // A stage nothing lives in any more is a stale entry.
        var stale = Stages.Keys.Where(n => !Core.Value.Namespaces.Contains(n)).ToList();
        Assert.True(stale.Count == 0, $"No type lives in these namespaces any more: {string.Join(", ", stale)}");
    }

    [Fact]
    public void The_graph_sees_a_cycle_made_by_a_method_body_alone()
    {
        // CycleSample.A uses B in a method body only (no using, no field); B uses A in a signature.
        var graph = NamespaceGraph.Of(typeof(NamespaceDependencyTests).Assembly.Location, "Policy.Core.Tests.Architecture.CycleSample");
        var cycle = Assert.Single(graph.Cycles());
        Assert.Equal(["Policy.Core.Tests.Architecture.CycleSample.A", "Policy.Core.Tests.Architecture.CycleSample.B"], cycle);
        Assert.Contains("Policy.Core.Tests.Architecture.CycleSample.A.Caller", graph.Witnesses(cycle[0], cycle[1]));

        // C only uses A: an edge, not a cycle.
        Assert.Contains("Policy.Core.Tests.Architecture.CycleSample.A", graph.Uses("Policy.Core.Tests.Architecture.CycleSample.C"));
    }
}
