using System.Security.Claims;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Policy.Api.Audit;
using Policy.Api.Decisions;
using Policy.Api.Identity;
using Policy.Api.Reviews;
using Policy.Api.Store;

namespace Policy.Api.Overrides;

/// <summary>Proceed past a warn (or an overridable review) with a reason from the list and a justification.</summary>
/// <param name="Reason">business-need, approved-elsewhere, false-positive, public-information or other.</param>
/// <param name="Justification">Why, in your words: 10 to 1,000 characters.</param>
public sealed record OverrideRequestDto(Guid? CheckId, string? Reason, string? Justification);

public sealed record OverrideDto(string Id, Guid CheckId, string Decision, IReadOnlyList<string> RuleIds, string Reason, DateTimeOffset At);

/// <summary>An override as HR sees it (hr, legal and admin only).</summary>
public sealed record OverrideRecordDto(string Id, Guid CheckId, string AuthorId, DateTimeOffset At, string PackId, string PackVersion, string Decision, IReadOnlyList<string> RuleIds, string Reason, string Justification);

public sealed class OverrideRequestValidator : AbstractValidator<OverrideRequestDto>
{
    public OverrideRequestValidator()
    {
        RuleFor(r => r.CheckId).NotNull().WithMessage("'checkId' is required: the id of your check.").OverridePropertyName("checkId");
        RuleFor(r => r.Reason).NotEmpty().Must(r => OverrideEndpoints.Reasons.Contains(r!))
            .WithMessage($"'reason' is one of: {string.Join(", ", OverrideEndpoints.Reasons)}.").OverridePropertyName("reason");
        RuleFor(r => r.Justification).NotEmpty().WithMessage("'justification' is required: say why you proceed.")
            .Must(j => j!.Trim().Length >= 10).WithMessage("'justification' needs at least 10 characters.")
            .MaximumLength(1_000).OverridePropertyName("justification");
    }
}

/// <summary>
/// POST /api/v1/overrides: the author proceeds past a warn, or a review the pack marks overridable
/// (rule key <c>overridable</c>), with a justification; never past a block. Recorded, audited
/// (<c>check.overridden</c>) and counted in /api/v1/decisions/stats.
/// </summary>
public static class OverrideEndpoints
{
    public static readonly IReadOnlyList<string> Reasons = ["business-need", "approved-elsewhere", "false-positive", "public-information", "other"];

    public static IServiceCollection AddOverrides(this IServiceCollection services)
    {
        services.AddSingleton<IValidator<OverrideRequestDto>, OverrideRequestValidator>();
        services.AddSingleton<OverrideLog>();
        return services;
    }

    public static RouteGroupBuilder MapOverrides(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/overrides").WithTags("Overrides");
        group.MapPost("/", PostOverride)
            .ForOwnCheck<OverrideRequestDto>()
            .WithName("OverrideCheck")
            .WithSummary("Proceeds past your own warn (or overridable review) check with a reason and a justification; never past block.");
        group.MapGet("/", List)
            .RequireAuthorization(Roles.Policies.HrLegalOrAdmin)
            .WithName("Overrides")
            .WithSummary("Overrides in a time range (default: the decision log's retention), newest first.");
        return group;
    }

    private static Results<Created<OverrideDto>, ProblemHttpResult> PostOverride(OverrideRequestDto request, ClaimsPrincipal user, OverrideLog log, DecisionLog decisions)
    {
        var check = decisions.FindOwn(request.CheckId!.Value, user);
        if (check is null)
        {
            return OwnChecks.NoSuchCheck(request.CheckId.Value);
        }

        var route = CheckRoute.Parse(check.Route, check.Decision);
        if (check.Decision == "block")
        {
            return TypedResults.Problem(statusCode: 409, title: "A block cannot be overridden.",
                detail: "The guideline forbids this post; change the draft and check it again.");
        }

        if (check.Decision is not ("warn" or "review"))
        {
            return TypedResults.Problem(statusCode: 409, title: "Nothing to override.", detail: $"The decision was {check.Decision}: you may post.");
        }

        if (!route.Overridable)
        {
            return TypedResults.Problem(statusCode: 409, title: "This review cannot be overridden.",
                detail: "The pack does not allow overriding these findings: ask for approval instead (POST /api/v1/reviews).");
        }

        var record = log.Record(check, user.PersonId(), request.Reason!, request.Justification!.Trim());
        return record is null
            ? TypedResults.Problem(statusCode: 409, title: "This check was already overridden.", detail: "One override per check is recorded.")
            : TypedResults.Created($"/api/v1/overrides/{record.Id}", new OverrideDto(record.Id, record.CheckId, record.Decision, record.RuleIds, record.Reason, record.At));
    }

    private static Ok<IReadOnlyList<OverrideRecordDto>> List(OverrideLog log, TimeProvider time, DecisionLog decisions, DateTimeOffset? from, DateTimeOffset? to)
    {
        var (start, end) = decisions.ListedRange(time, from, to);
        return TypedResults.Ok(log.List(start, end, 1_000));
    }
}

public sealed record OverrideCounts(long Total, IReadOnlyDictionary<string, long> ByReason, IReadOnlyDictionary<string, long> ByRule, IReadOnlyDictionary<string, long> ByWeek);

/// <summary>The overrides: one row per overridden check, with an audit entry in the same transaction.</summary>
public sealed class OverrideLog(Database db, AuditLog audit, TimeProvider time)
{
    /// <summary>Records the override; null when the check already has one.</summary>
    public OverrideRecordDto? Record(DecisionRecord check, string authorId, string reason, string justification)
    {
        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7(now).ToString();
        var rules = check.Findings.Select(f => f.RuleId).Distinct(StringComparer.Ordinal).ToList();
        using var connection = db.Open();
        using var tx = db.BeginWrite(connection);
        if (connection.ExecuteScalar<long>("SELECT COUNT(*) FROM overrides WHERE check_id = @id", new { id = check.CheckId.ToString() }, tx) > 0)
        {
            return null;
        }

        connection.Execute(
            """
            INSERT INTO overrides (id, check_id, author_id, at, pack_id, pack_version, decision, rule_ids, reason, justification)
            VALUES (@id, @checkId, @authorId, @at, @packId, @packVersion, @decision, @rules, @reason, @justification)
            """,
            new
            {
                id,
                checkId = check.CheckId.ToString(),
                authorId,
                at = StoreTime.Stamp(now),
                packId = check.PackId,
                packVersion = check.PackVersion,
                decision = check.Decision,
                rules = string.Join(',', rules),
                reason,
                justification,
            },
            tx);
        // The justification stays in the overrides table (kept as long as the decision log); the
        // audit entry records the fact, the reason code and the rules.
        audit.Append(connection, tx, authorId, AuditAction.CheckOverridden, "check/" + check.CheckId, new { overrideId = id, check.Decision, reason, rules });
        tx.Commit();
        return new OverrideRecordDto(id, check.CheckId, authorId, now, check.PackId, check.PackVersion, check.Decision, rules, reason, justification);
    }

    public IReadOnlyList<OverrideRecordDto> List(DateTimeOffset from, DateTimeOffset to, int limit)
    {
        using var connection = db.Open();
        return [.. connection.Query<(string Id, string CheckId, string AuthorId, string At, string PackId, string PackVersion, string Decision, string Rules, string Reason, string Justification)>(
            """
            SELECT id, check_id, author_id, at, pack_id, pack_version, decision, rule_ids, reason, justification FROM overrides
            WHERE at >= @from AND at < @to ORDER BY at DESC LIMIT @limit
            """,
            new { from = StoreTime.Stamp(from), to = StoreTime.Stamp(to), limit })
            .Select(r => new OverrideRecordDto(r.Id, Guid.Parse(r.CheckId), r.AuthorId, DateTimeOffset.Parse(r.At, System.Globalization.CultureInfo.InvariantCulture), r.PackId, r.PackVersion, r.Decision,
                r.Rules.Split(',', StringSplitOptions.RemoveEmptyEntries), r.Reason, r.Justification))];
    }

    /// <summary>Counts in [from, to): total, by reason, by rule (overrides in which the rule was among the findings), by ISO week.</summary>
    public OverrideCounts Count(DateTimeOffset from, DateTimeOffset to)
    {
        using var connection = db.Open();
        var rows = connection.Query<(string Reason, string Rules, string At)>(
            "SELECT reason, rule_ids, at FROM overrides WHERE at >= @from AND at < @to", new { from = StoreTime.Stamp(from), to = StoreTime.Stamp(to) }).ToList();
        var byReason = rows.GroupBy(r => r.Reason, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        var byRule = rows.SelectMany(r => r.Rules.Split(',', StringSplitOptions.RemoveEmptyEntries)).GroupBy(r => r, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        var byWeek = IsoWeeks.FromDays(rows.GroupBy(r => r.At[..10], StringComparer.Ordinal).Select(g => (g.Key, (long)g.Count())));
        return new OverrideCounts(rows.Count, byReason, byRule, byWeek);
    }

    /// <summary>Deletes overrides older than the decision log keeps its rows.</summary>
    public int Purge(DateTimeOffset cutoff)
    {
        using var connection = db.Open();
        return connection.Execute("DELETE FROM overrides WHERE at < @cutoff", new { cutoff = StoreTime.Stamp(cutoff) });
    }
}
