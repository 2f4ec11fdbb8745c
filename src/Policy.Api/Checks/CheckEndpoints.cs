using Policy.Api.Spokespeople;
using System.Security.Claims;
using Policy.Api.Decisions;
using Policy.Api.Identity;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Policy.Api.Packs;
using Policy.Api.Validation;
using Policy.Api.RateLimits;
using Policy.Core.Checking;
using Policy.Core.Normalize;

namespace Policy.Api.Checks;

/// <summary>POST /api/v1/checks and /api/v1/checks/batch: may I post this?</summary>
public static class CheckEndpoints
{
    public static IServiceCollection AddChecks(this IServiceCollection services)
    {
        services.AddSingleton<IValidator<CheckRequestDto>, CheckRequestValidator>();
        services.AddSingleton<IValidator<BatchRequestDto>, BatchRequestValidator>();
        services.AddOptions<CorporateAccountOptions>().BindConfiguration(CorporateAccountOptions.Section);
        services.AddSingleton<CorporateAccounts>();
        services.AddSingleton<CheckContext>();
        services.AddSingleton<CheckIds>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, CheckJsonContext.Default));
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
        CheckRequestDto request, ClaimsPrincipal user, ActivePack packs, TimeProvider time, DecisionWriter decisions, DraftHasher hasher, CheckContext context, CheckIds ids,
        IOptions<EngineOptions> engine, HttpContext http, CancellationToken ct)
    {
        // One pack for the whole request, even if HR activates another meanwhile.
        var pack = packs.Current;
        var now = time.GetUtcNow();
        var author = context.AuthorOf(user, now);
        var (response, record) = Check(request, author, pack, now, context, ids, hasher, engine.Value.Start(time, ct));
        // Answered only once its decision row is committed: a returned checkId is always in the log.
        return await Logged([record], decisions, http)
            ?? (Results<Ok<CheckResponse>, ProblemHttpResult>)TypedResults.Ok(response);
    }

    private static async Task<Results<Ok<BatchResponse>, ProblemHttpResult>> PostBatch(
        BatchRequestDto batch, ClaimsPrincipal user, ActivePack packs, TimeProvider time, DecisionWriter decisions, DraftHasher hasher, CheckContext context, CheckIds ids,
        IOptions<EngineOptions> engine, HttpContext http, CancellationToken ct)
    {
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
            (responses[i], records[i]) = Check(items[i], author, pack, now, context, ids, hasher, budget);
        }

        // The whole batch in one commit, before the answer.
        return await Logged(records, decisions, http)
            ?? (Results<Ok<BatchResponse>, ProblemHttpResult>)TypedResults.Ok(new BatchResponse(responses));
    }

    /// <summary>Waits for the group commit; null when the rows are durable, else the 503 to answer.</summary>
    internal static async Task<ProblemHttpResult?> Logged(IReadOnlyList<DecisionRecord> records, DecisionWriter decisions, HttpContext http)
    {
        try
        {
            await decisions.RecordAsync(records);
            return null;
        }
        catch (DecisionLogBusyException)
        {
            http.Response.Headers.RetryAfter = "1";
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The decision log is busy.",
                detail: "Too many checks are waiting to be logged; retry in a second. Nothing was decided for this request.");
        }
    }

    private static (CheckResponse Response, DecisionRecord Record) Check(
        CheckRequestDto dto, Author author, Core.Packs.CompiledPack pack, DateTimeOffset now, CheckContext context, CheckIds ids, DraftHasher hasher, CheckBudget budget)
    {
        var request = context.Complete(dto.ToRequest(author), now);
        // Normalized once: the engine matches on it and the decision log keeps its fingerprint.
        var normalized = Normalizer.Normalize(request.Text);
        var response = CheckEngine.Check(pack, request, normalized, budget).ToResponse(pack, ids.Next(now));
        return (response, response.ToRecord(hasher.Hash(normalized), author.Id, now));
    }
}
