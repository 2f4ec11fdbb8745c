#if !POSTGRES
using Policy.Core.Tests.Architecture;

namespace Policy.Api.Tests.Architecture;

/// <summary>
/// The Api's features use each other in one direction (docs/architecture.md, "Which feature may use
/// which"), read from the compiled assembly: a new cycle between feature namespaces fails with the
/// types that make it. Store, Validation and Hosting use no feature; Telemetry and Audit only those.
/// </summary>
public sealed class FeatureDependencyTests
{
    private static readonly Lazy<NamespaceGraph> Api = new(() =>
        NamespaceGraph.Of(typeof(Policy.Api.Store.Database).Assembly.Location, "Policy.Api"));

    /// <summary>
    /// The cycles left today, each the set of namespaces that reach each other. The list may only
    /// shrink: a new cycle, or a namespace joining one, fails; so does a cycle that is gone and still
    /// listed (remove it here). docs/architecture.md names what each one is about.
    /// </summary>
    private static readonly string[][] KnownCycles =
    [
        ["Accounts", "Spokespeople"],
        ["Checks", "Decisions", "FalsePositives", "Overrides", "Reviews"],
        ["Guideline", "Notifications", "Packs"],
        ["Identity", "People"],
    ];

    [Fact]
    public void Api_has_no_namespace_cycle_beyond_the_known_ones()
    {
        var known = KnownCycles.Select(c => string.Join(" <-> ", c.Select(n => "Policy.Api." + n).Order(StringComparer.Ordinal))).ToHashSet(StringComparer.Ordinal);
        var found = Api.Value.Cycles().ToDictionary(c => string.Join(" <-> ", c), c => c, StringComparer.Ordinal);
        var added = found.Keys.Where(c => !known.Contains(c)).ToList();
        Assert.True(added.Count == 0, "New namespace cycles in Policy.Api (or a namespace joined a known one):" + Environment.NewLine
            + string.Join(Environment.NewLine, added.Select(c => c + Environment.NewLine + Api.Value.Describe(found[c]))));
        var gone = known.Where(c => !found.ContainsKey(c)).ToList();
        Assert.True(gone.Count == 0, $"These cycles are gone: remove them from {nameof(KnownCycles)}: {string.Join("; ", gone)}");
    }

    [Theory]
    [InlineData("Policy.Api.Telemetry")]
    [InlineData("Policy.Api.Audit")]
    public void Shared_features_use_no_other_feature_but_the_store(string shared)
    {
        // Telemetry holds the instruments, Audit the chained log: every feature records into them,
        // so they know no feature (the checks feature turns its response into measurements itself).
        var uses = Api.Value.Uses(shared).Where(n => n is not ("Policy.Api.Store" or "Policy.Api.Validation" or "Policy.Api.Hosting")).ToList();
        Assert.True(uses.Count == 0, $"{shared} uses: {string.Join(", ", uses.Select(f => $"{f} (by {string.Join(", ", Api.Value.Witnesses(shared, f).Take(3))})"))}");
    }

    [Theory]
    [InlineData("Policy.Api.Store")]
    [InlineData("Policy.Api.Validation")]
    [InlineData("Policy.Api.Hosting")]
    public void Shared_parts_use_no_feature(string shared)
    {
        var features = Api.Value.Uses(shared).Where(n => n is not ("Policy.Api.Store" or "Policy.Api.Validation" or "Policy.Api.Hosting")).ToList();
        Assert.True(features.Count == 0, $"{shared} uses features: {string.Join(", ", features.Select(f => $"{f} (by {string.Join(", ", Api.Value.Witnesses(shared, f).Take(3))})"))}");
    }

    [Fact]
    public void The_decision_record_is_built_in_checks_and_decisions_know_no_checks()
    {
        Assert.Contains("Policy.Api.Decisions", Api.Value.Uses("Policy.Api.Checks"));
        Assert.DoesNotContain("Policy.Api.Checks", Api.Value.Uses("Policy.Api.Decisions"));
    }

    [Fact]
    public void Identity_writes_to_the_audit_and_the_audit_knows_no_identity()
    {
        // Identity audits keys issued and revoked; the audit log and its endpoints use no identity type
        // (the role policy names they require are constants).
        Assert.Contains("Policy.Api.Audit", Api.Value.Uses("Policy.Api.Identity"));
        Assert.DoesNotContain("Policy.Api.Identity", Api.Value.Uses("Policy.Api.Audit"));
    }

    [Fact]
    public void Attachments_build_on_checks_and_checks_know_no_attachments()
    {
        // The image check answers with the check response; its report records are part of that contract.
        Assert.Contains("Policy.Api.Checks", Api.Value.Uses("Policy.Api.Attachments"));
        Assert.DoesNotContain("Policy.Api.Attachments", Api.Value.Uses("Policy.Api.Checks"));
    }
}
#endif
