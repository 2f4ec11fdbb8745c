using System.Runtime.CompilerServices;
using System.Text.Json;
using Policy.Core.Checking;
using Policy.Core.Decision;
using Policy.Core.Model;
using Policy.Core.Normalize;
using Policy.Core.Packs;

namespace Policy.Api.Reviews;

/// <summary>
/// What a review request or an override needs to know of a warn or review check, taken at the
/// moment of the check and kept with its decision row: the pack's topics the draft touches, the
/// channel ("private" or the corporate handle), whether it was a corporate post in crisis mode,
/// and whether the pack lets the author override it. Never any of the draft's words.
/// </summary>
public sealed record CheckRoute(IReadOnlyList<string> Topics, string Channel, bool Crisis, bool Overridable)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A check made before routes were recorded: HR reviews it, nobody overrides a review.</summary>
    public static CheckRoute Unknown(string decision) => new([Policy.Core.Checking.Topics.General], "private", false, decision == "warn");

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static CheckRoute Parse(string? json, string decision) =>
        json is null ? Unknown(decision) : JsonSerializer.Deserialize<CheckRoute>(json, Json) ?? Unknown(decision);

    /// <summary>The route of a checked draft; null for decisions that nobody reviews or overrides (allow, info, block).</summary>
    public static CheckRoute? Of(CompiledPack pack, CheckRequest request, NormalizedText normalized, CheckResult result)
    {
        if (result.Decision is not (Severity.Warn or Severity.Review))
        {
            return null;
        }

        var corporate = request.Account == AccountKind.Corporate;
        return new CheckRoute(
            DraftTopics.Of(pack, normalized),
            corporate ? request.AccountHandle ?? "corporate" : "private",
            corporate && request.CrisisMode,
            MayOverride(pack, result));
    }

    /// <summary>Warn: always. Review: when every review finding comes from a rule the pack marks overridable. Block: never.</summary>
    public static bool MayOverride(CompiledPack pack, CheckResult result)
    {
        if (result.Decision == Severity.Warn)
        {
            return true;
        }

        if (result.Decision != Severity.Review)
        {
            return false;
        }

        var overridable = OverridableRules.GetValue(pack, p => [.. p.Rules.Where(r => r.Overridable).Select(r => r.Id)]);
        foreach (var finding in result.Findings)
        {
            if (finding.Severity >= Severity.Review && !overridable.Contains(finding.RuleId))
            {
                return false;
            }
        }

        return true;
    }

    // Per compiled pack, computed once: a pack is immutable and shared by every check.
    private static readonly ConditionalWeakTable<CompiledPack, HashSet<string>> OverridableRules = [];
}
