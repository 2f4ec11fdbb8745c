namespace Policy.Api.Decisions;

/// <summary>One of the caller's own past checks: the decision and where the findings were, never the text.</summary>
public sealed record MyDecisionDto(Guid CheckId, DateTimeOffset CheckedAt, DecisionPackDto Pack, string Decision, IReadOnlyList<DecisionFindingDto> Findings);

public sealed record DecisionPackDto(string Id, string Version);

/// <summary>Offsets in UTF-16 code units into the text that was checked (which only the employee still has).</summary>
public sealed record DecisionFindingDto(string RuleId, string SectionId, string Category, string Severity, int Start, int Length);

/// <param name="Next">Pass as <c>before</c> to get the next, older page; null on the last page.</param>
public sealed record MyDecisionsResponse(IReadOnlyList<MyDecisionDto> Items, string? Next);

/// <summary>Counts only: no person, no text. ByRule and BySection count the checks in which a rule or section applied.</summary>
/// <param name="From">Inclusive.</param>
/// <param name="To">Exclusive.</param>
/// <param name="ByWeek">Keys are ISO weeks, e.g. 2026-W09.</param>
public sealed record DecisionStatsResponse(
    DateTimeOffset From,
    DateTimeOffset To,
    int RetentionDays,
    long Total,
    IReadOnlyDictionary<string, long> ByDecision,
    IReadOnlyDictionary<string, long> ByRule,
    IReadOnlyDictionary<string, long> BySection,
    IReadOnlyDictionary<string, long> ByWeek,
    OverrideStatsDto? Overrides = null,
    FalsePositiveStatsDto? FalsePositives = null,
    IReadOnlyDictionary<string, long>? ReviewsByState = null);

/// <summary>Overrides in the range: how many, for which reason, past which rules, in which week.</summary>
/// <param name="ByWeek">Keys are ISO weeks (e.g. 2026-W09) of the override's time; weeks without one are left out.</param>
public sealed record OverrideStatsDto(long Total, IReadOnlyDictionary<string, long> ByReason, IReadOnlyDictionary<string, long> ByRule, IReadOnlyDictionary<string, long> ByWeek);

/// <summary>False-positive reports in the range, per rule and per week.</summary>
/// <param name="ByWeek">Keys are ISO weeks (e.g. 2026-W09) of the report's time; weeks without one are left out.</param>
public sealed record FalsePositiveStatsDto(long Total, IReadOnlyDictionary<string, long> ByRule, IReadOnlyDictionary<string, long> ByWeek);
