using System.Diagnostics;
using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Policy.Api.Decisions;
using Policy.Api.Identity;
using Policy.Api.Packs;
using Policy.Api.RateLimits;
using Policy.Api.Reviews;
using Policy.Api.Spokespeople;
using Policy.Api.Telemetry;
using Policy.Api.Validation;
using Policy.Core.Checking;
using Policy.Core.Decision;
using Policy.Core.Model;
using Policy.Core.Normalize;

namespace Policy.Api.Checks;

/// <summary>POST /api/v1/checks and /api/v1/checks/batch: may I post this?</summary>
public static class CheckEndpoints
{
    internal const string Single = "single";
    private const string Batch = "batch";

    public static IServiceCollection AddChecks(this IServiceCollection services)
    {
        services.AddSingleton<IValidator<CheckRequestDto>, CheckRequestValidator>();
        services.AddSingleton<IValidator<BatchRequestDto>, BatchRequestValidator>();
        services.AddOptions<CorporateAccountOptions>().BindConfiguration(CorporateAccountOptions.Section);
        services.AddSingleton<CorporateAccounts>();
        services.AddSingleton<CheckContext>();
        services.AddSingleton<CheckIds>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, CheckJsonContext.Default));
        services.AddSingleton<EngineLogger>();
        return services;
    }

    public static RouteGroupBuilder MapChecks(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/checks").WithTags("Checks").RequireAuthorization(Roles.Policies.SignedIn).RequireCheckRateLimit();

        group.MapPost("/", PostCheck)
            .WithValidation<CheckRequestDto>()
            .WithName("CheckDraft")
            .WithSummary("Checks one draft post against the active guideline pack.");

        group.MapPost("/batch", PostBatch)
            .WithValidation<BatchRequestDto>()
            .WithName("CheckDrafts")
            .WithSummary("Checks up to 1,000 drafts in one call; answers in the same order.");

        return group;
    }

    private static async Task<Results<Ok<CheckResponse>, ProblemHttpResult>> PostCheck(
        CheckRequestDto request, ClaimsPrincipal user, [AsParameters] CheckServices services, HttpContext http, CancellationToken ct)
    {
        var (packs, time, decisions, hasher, context, ids, engine, approvals, metrics, logs) = services;
        var started = Stopwatch.GetTimestamp();
        // One pack for the whole request, even if HR activates another meanwhile.
        var pack = packs.Current;
        var now = time.GetUtcNow();
        var author = context.AuthorOf(user, now);
        var (response, record) = Check(request, author, pack, now, context, ids, hasher, approvals, engine.Value.Start(time, ct), logs.Engine);
        // Answered only once its decision row is committed: a returned checkId is always in the log.
        if (await Logged([record], decisions, metrics, http) is { } busy)
        {
            return busy;
        }

        metrics.Checked(response, Single);
        metrics.CheckAnswered(started, Single);
        return TypedResults.Ok(response);
    }

    private static async Task<Results<Ok<BatchResponse>, ProblemHttpResult>> PostBatch(
        BatchRequestDto batch, ClaimsPrincipal user, [AsParameters] CheckServices services, HttpContext http, CancellationToken ct)
    {
        var (packs, time, decisions, hasher, context, ids, engine, approvals, metrics, logs) = services;
        var started = Stopwatch.GetTimestamp();
        var pack = packs.Current;
        var now = time.GetUtcNow();
        var author = context.AuthorOf(user, now);
        var items = batch.Items!;
        var responses = new CheckResponse[items.Count];
        var records = new DecisionRecord[items.Count];

        // One budget for the whole batch: the limit is on what a request costs, not on each draft.
        var budget = engine.Value.Start(time, ct);
        for (var i = 0; i < items.Count; i++)
        {
            (responses[i], records[i]) = Check(items[i], author, pack, now, context, ids, hasher, approvals, budget, logs.Engine);
        }

        // The whole batch in one commit, before the answer.
        if (await Logged(records, decisions, metrics, http) is { } busy)
        {
            return busy;
        }

        // Counted once durable, like the single check: the metrics count what the log holds.
        foreach (var response in responses)
        {
            metrics.Checked(response, Batch);
        }

        metrics.CheckAnswered(started, Batch);
        return TypedResults.Ok(new BatchResponse(responses));
    }

    /// <summary>Waits for the group commit; null when the rows are durable, else the 503 to answer.</summary>
    internal static async Task<ProblemHttpResult?> Logged(IReadOnlyList<DecisionRecord> records, DecisionWriter decisions, PolicyMetrics metrics, HttpContext http)
    {
        try
        {
            await decisions.RecordAsync(records);
            return null;
        }
        catch (DecisionLogBusyException)
        {
            metrics.DecisionLogBusy();
            http.Response.Headers.RetryAfter = "1";
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The decision log is busy.",
                detail: "Too many checks are waiting to be logged; retry in a second. Nothing was decided for this request.");
        }
    }

    private static (CheckResponse Response, DecisionRecord Record) Check(
        CheckRequestDto dto, Author author, Core.Packs.CompiledPack pack, DateTimeOffset now, CheckContext context, CheckIds ids, DraftHasher hasher,
        ApprovalIndex approvals, CheckBudget budget, ILogger log)
    {
        var request = context.Complete(dto.ToRequest(author), now);
        // Normalized once: the engine matches on it and the decision log keeps its fingerprint.
        var normalized = Normalizer.Normalize(request.Text);
        var result = CheckEngine.Check(pack, request, normalized, budget, log);
        var response = result.ToResponse(pack, ids.Next(now));
        var hash = hasher.Hash(normalized);

        // Only warn and review checks can be reviewed or overridden: only they carry a route.
        var route = CheckRoute.Of(pack, request, normalized, result);
        var approval = result.Decision < Policy.Core.Model.Severity.Block ? approvals.Find(author.Id, hash, now) : null;
        if (route is not null || approval is not null)
        {
            response = response with
            {
                Overridable = route?.Overridable ?? false,
                Approval = approval is null ? null : new ApprovalDto(approval.Reference, approval.ReviewId, approval.ApprovedAt, approval.ValidUntil),
            };
        }

        return (response, response.ToRecord(hash, author.Id, now) with { Route = route?.ToJson() });
    }
}

/// <summary>The services a check handler needs, as one parameter (<c>[AsParameters]</c>): each comes from
/// the container, none from the request.</summary>
public readonly record struct CheckServices(
    ActivePack Packs, TimeProvider Time, DecisionWriter Decisions, DraftHasher Hasher, CheckContext Context, CheckIds Ids, IOptions<EngineOptions> Engine,
    ApprovalIndex Approvals, PolicyMetrics Metrics, EngineLogger Logs);

/// <summary>The logger the engine reports failed rules to (category <c>Policy.Core.Decision.CheckEngine</c>),
/// created once: the engine is static and takes it per check.</summary>
public sealed class EngineLogger(ILoggerFactory logs)
{
    public ILogger Engine { get; } = logs.CreateLogger("Policy.Core.Decision.CheckEngine");
}
