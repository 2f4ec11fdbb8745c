using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Policy.Api.Identity;

namespace Policy.Api.Decisions;

/// <summary>
/// GET /api/v1/decisions/mine: the caller's own past decisions (the person comes from the key only).
/// GET /api/v1/decisions/stats: counts for hr, legal and admin, never texts or persons.
/// </summary>
public static class DecisionEndpoints
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static IServiceCollection AddDecisions(this IServiceCollection services)
    {
        services.AddOptions<DecisionOptions>().BindConfiguration(DecisionOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DecisionOptions>, DecisionOptionsValidator>();
        services.AddSingleton<DraftHasher>();
        services.AddSingleton<DecisionLog>();
        services.AddSingleton<DecisionWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<DecisionWriter>());
        services.AddSingleton<DecisionPurgeService>();
        services.AddHostedService(sp => sp.GetRequiredService<DecisionPurgeService>());
        return services;
    }

    public static RouteGroupBuilder MapDecisions(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/decisions").WithTags("Decisions");

        group.MapGet("/mine", GetMine)
            .RequireAuthorization(Roles.Policies.SignedIn)
            .WithName("MyDecisions")
            .WithSummary("Your own past checks, newest first: decision, rules and spans, never the text.");

        group.MapGet("/stats", GetStats)
            .RequireAuthorization(Roles.Policies.HrLegalOrAdmin)
            .WithName("DecisionStats")
            .WithSummary("Counts of checks by decision, rule, section and ISO week, and of overrides and false-positive reports by rule and week; no persons, no texts.");

        return group;
    }

    private static Results<Ok<MyDecisionsResponse>, ValidationProblem> GetMine(ClaimsPrincipal user, DecisionLog log, int? limit, string? before)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var take = limit ?? DefaultLimit;
        if (take is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"'limit' must be between 1 and {MaxLimit}."];
        }

        Guid? beforeId = null;
        DateTimeOffset? beforeTime = null;
        if (!string.IsNullOrEmpty(before))
        {
            if (Guid.TryParse(before, out var id))
            {
                beforeId = id;
            }
            else if (TryParseTime(before, out var t))
            {
                beforeTime = t;
            }
            else
            {
                errors["before"] = ["'before' must be a checkId from an earlier page or an ISO 8601 date-time."];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        IReadOnlyList<DecisionRecord> rows;
        try
        {
            // One more than asked tells whether another page follows.
            rows = log.ForAuthor(user.PersonId(), take + 1, beforeId, beforeTime);
        }
        catch (KeyNotFoundException)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["before"] = ["No check of yours with this id (it may have been deleted after the retention period)."],
            });
        }

        var page = rows.Take(take).ToList();
        return TypedResults.Ok(new MyDecisionsResponse(
            [.. page.Select(r => new MyDecisionDto(
                r.CheckId,
                r.CheckedAt,
                new DecisionPackDto(r.PackId, r.PackVersion),
                r.Decision,
                [.. r.Findings.Select(f => new DecisionFindingDto(f.RuleId, f.SectionId, f.Category, f.Severity, f.Start, f.Length))]))],
            rows.Count > take ? page[^1].CheckId.ToString() : null));
    }

    private static Results<Ok<DecisionStatsResponse>, ValidationProblem> GetStats(
        DecisionLog log, Overrides.OverrideLog overrides, FalsePositives.FalsePositiveLog falsePositives, Reviews.ReviewStore reviews, TimeProvider time, string? from, string? to)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var end = now;
        if (!string.IsNullOrEmpty(to) && !TryParseTime(to, out end))
        {
            errors["to"] = ["'to' must be an ISO 8601 date or date-time."];
        }

        var start = end.AddDays(-log.RetentionDays);
        if (!string.IsNullOrEmpty(from) && !TryParseTime(from, out start))
        {
            errors["from"] = ["'from' must be an ISO 8601 date or date-time."];
        }

        if (errors.Count == 0 && start >= end)
        {
            errors["from"] = ["'from' must be before 'to'."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // Without 'to' the range runs up to and including this moment.
        var until = string.IsNullOrEmpty(to) ? end.AddTicks(1) : end;
        var counts = log.Count(start, until);
        var overridden = overrides.Count(start, until);
        var reported = falsePositives.Count(start, until);
        return TypedResults.Ok(new DecisionStatsResponse(
            start, end, log.RetentionDays, counts.Total, counts.ByDecision, counts.ByRule, counts.BySection, counts.ByWeek,
            new OverrideStatsDto(overridden.Total, overridden.ByReason, overridden.ByRule, overridden.ByWeek),
            new FalsePositiveStatsDto(reported.Total, reported.ByRule, reported.ByWeek),
            reviews.CountByState(start, until)));
    }

    /// <summary>A date (midnight UTC) or a date-time; without an offset, UTC.</summary>
    private static bool TryParseTime(string value, out DateTimeOffset result) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out result);
}
