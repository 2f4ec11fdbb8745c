using Policy.Api.Decisions;

namespace Policy.Api.Checks;

/// <summary>A check's row for the decision log, built where the check is answered: Checks knows the
/// result it answers and writes it to Decisions, Decisions never reads a check's types.</summary>
public static class CheckRecords
{
    /// <summary>Builds the log row for a check: ids, pack, decision, rule spans and the keyed draft fingerprint.</summary>
    public static DecisionRecord ToRecord(this CheckResponse response, string textHash, string authorId, DateTimeOffset checkedAt) => new(
        response.CheckId,
        checkedAt,
        authorId,
        response.Pack.Id,
        response.Pack.Version,
        response.Decision,
        textHash,
        [.. response.Findings.Select(f => new DecisionFinding(f.RuleId, f.Section.Id, f.Category, f.Severity, f.Span.Start, f.Span.Length))]);

}
