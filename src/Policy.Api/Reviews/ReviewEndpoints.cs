using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Policy.Api.Checks;
using Policy.Api.Decisions;
using Policy.Api.Identity;
using Policy.Api.Notifications;
using Policy.Api.Packs;
using Policy.Api.Spokespeople;
using Policy.Api.Validation;
using Policy.Core.Checking;
using Policy.Core.Decision;
using Policy.Core.Model;
using Policy.Core.Normalize;

namespace Policy.Api.Reviews;

/// <summary>
/// Review requests: the author asks for approval of a warn or review check; the crisis team, the
/// spokespeople for its topics or HR approve (optionally with an edited, re-checked text), reject
/// or ask for changes; unanswered requests expire. See docs/reviewers.md.
/// </summary>
public static class ReviewEndpoints
{
    public const int MaxLimit = 200;

    public static IServiceCollection AddReviews(this IServiceCollection services)
    {
        services.AddOptions<ReviewOptions>().BindConfiguration(ReviewOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReviewOptions>, ReviewOptionsValidator>();
        services.AddSingleton<IValidator<ReviewRequestDto>, ReviewRequestValidator>();
        services.AddSingleton<IValidator<ReviewDecisionDto>, ReviewDecisionValidator>();
        services.AddSingleton<DraftVault>();
        services.AddSingleton<NotificationEventLog>();
        services.AddSingleton<ApprovalIndex>();
        services.AddSingleton<ReviewStore>();
        services.AddSingleton<ReviewSweepService>();
        services.AddHostedService(sp => sp.GetRequiredService<ReviewSweepService>());
        return services;
    }

    public static RouteGroupBuilder MapReviews(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/reviews").WithTags("Reviews").RequireAuthorization(Roles.Policies.SignedIn);

        group.MapPost("/", PostReview)
            .WithValidation<ReviewRequestDto>()
            .WithName("RequestReview")
            .WithSummary("Asks for approval of your own warn or review check; the text only with shareText (your consent).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/mine", GetMine)
            .WithName("MyReviews")
            .WithSummary("Your review requests, newest first, with their state and approval reference.");
        group.MapGet("/queue", GetQueue)
            .WithName("ReviewQueue")
            .WithSummary("Pending reviews routed to you (HR and admins: all); state=closed for the decided ones.");
        group.MapGet("/{id}", GetReview)
            .WithName("Review")
            .WithSummary("One review, for its author, its reviewers, HR and admins.");
        group.MapPost("/{id}/approve", Approve)
            .WithValidation<ReviewDecisionDto>()
            .WithName("ApproveReview")
            .WithSummary("Approves, optionally with an edited text that is checked again (a blocked text cannot be approved).")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{id}/reject", Reject)
            .WithValidation<ReviewDecisionDto>()
            .WithName("RejectReview")
            .WithSummary("Rejects with a reason.");
        group.MapPost("/{id}/request-changes", RequestChanges)
            .WithValidation<ReviewDecisionDto>()
            .WithName("RequestChanges")
            .WithSummary("Asks the author for changes, with a reason; the author checks the changed draft and asks again.");
        group.MapPost("/{id}/withdraw", Withdraw)
            .WithName("WithdrawReview")
            .WithSummary("The author withdraws a pending request.");
        return group;
    }

    private static bool SeesAll(ClaimsPrincipal user) => user.IsInRole(Roles.Hr) || user.IsInRole(Roles.Admin);

    private static Results<Created<ReviewDto>, ProblemHttpResult> PostReview(
        ReviewRequestDto request, ClaimsPrincipal user, ReviewStore store, DraftHasher hasher)
    {
        var (review, refusal) = store.Request(user.PersonId(), request.CheckId!.Value, request.Note ?? string.Empty, request.ShareText ? request.Text : null, hasher.Hash);
        return refusal switch
        {
            ReviewRefusal.None => TypedResults.Created($"/api/v1/reviews/{review!.Id}", ToDto(review, store.Vault, user)),
            ReviewRefusal.NoSuchCheck => TypedResults.Problem(statusCode: 404, title: "No such check of yours.",
                detail: $"There is no check '{request.CheckId}' by you (it may have been deleted after the retention period). Check the draft first."),
            ReviewRefusal.NotReviewable => TypedResults.Problem(statusCode: 409, title: "This check needs no review.",
                detail: "Only a draft whose decision is warn or review can be sent for approval; a blocked draft must be changed."),
            ReviewRefusal.AlreadyRequested => TypedResults.Problem(statusCode: 409, title: "A review of this check was already requested.",
                detail: "See GET /api/v1/reviews/mine. After changing the draft, check it again and ask for the new check."),
            ReviewRefusal.TextDoesNotMatch => TypedResults.Problem(statusCode: 400, title: "The text is not the checked draft.",
                detail: "'text' must be the draft exactly as it was checked under this checkId.", extensions: new Dictionary<string, object?> { ["field"] = "text" }),
            _ => TypedResults.Problem(statusCode: 500),
        };
    }

    private static Ok<IReadOnlyList<ReviewDto>> GetMine(ClaimsPrincipal user, ReviewStore store, int? limit) =>
        TypedResults.Ok<IReadOnlyList<ReviewDto>>([.. store.Mine(user.PersonId(), Math.Clamp(limit ?? 50, 1, MaxLimit)).Select(r => ToDto(r, store.Vault, user))]);

    private static Results<Ok<IReadOnlyList<ReviewDto>>, ValidationProblem> GetQueue(ClaimsPrincipal user, ReviewStore store, string? state, int? limit)
    {
        if (state is not (null or "pending" or "closed"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["state"] = ["'state' is pending (default) or closed."] });
        }

        var rows = store.Queue(user.PersonId(), SeesAll(user), state == "closed", Math.Clamp(limit ?? 100, 1, MaxLimit));
        return TypedResults.Ok<IReadOnlyList<ReviewDto>>([.. rows.Select(r => ToDto(r, store.Vault, user))]);
    }

    private static Results<Ok<ReviewDto>, ProblemHttpResult> GetReview(string id, ClaimsPrincipal user, ReviewStore store)
    {
        var review = store.Find(id);
        if (review is null || !MaySee(review, user))
        {
            return NotFound(id);
        }

        return TypedResults.Ok(ToDto(review, store.Vault, user));
    }

    private static Results<Ok<ReviewDecisionResponse>, ProblemHttpResult> Reject(string id, ReviewDecisionDto body, ClaimsPrincipal user, ReviewStore store) =>
        DecideWithReason(id, body, user, store, ReviewStates.Rejected);

    private static Results<Ok<ReviewDecisionResponse>, ProblemHttpResult> RequestChanges(string id, ReviewDecisionDto body, ClaimsPrincipal user, ReviewStore store) =>
        DecideWithReason(id, body, user, store, ReviewStates.ChangesRequested);

    private static Results<Ok<ReviewDecisionResponse>, ProblemHttpResult> DecideWithReason(string id, ReviewDecisionDto body, ClaimsPrincipal user, ReviewStore store, string state)
    {
        if (string.IsNullOrWhiteSpace(body.Reason))
        {
            return TypedResults.Problem(statusCode: 400, title: "A reason is required.",
                detail: "'reason' is required: tell the author what is wrong or what to change.", extensions: new Dictionary<string, object?> { ["field"] = "reason" });
        }

        if (body.Text is not null)
        {
            return TypedResults.Problem(statusCode: 400, title: "Only an approval carries a text.",
                detail: "'text' (an edited draft) belongs to an approval; say what to change in 'reason'.", extensions: new Dictionary<string, object?> { ["field"] = "text" });
        }

        if (Decidable(id, user, store) is { } refused)
        {
            return refused;
        }

        return Decided(store.Decide(id, user.PersonId(), state, body.Reason.Trim(), null, null), store, user, null, id);
    }

    private static Results<Ok<ReviewDecisionResponse>, ProblemHttpResult> Approve(
        string id, ReviewDecisionDto body, ClaimsPrincipal user, ReviewStore store, [AsParameters] RecheckServices recheckWith, CancellationToken ct)
    {
        var (packs, context, registry, hasher, ids, engine, time, logs) = recheckWith;
        if (Decidable(id, user, store) is { } refused)
        {
            return refused;
        }

        CheckResponse? recheck = null;
        string? editedHash = null;
        var edited = string.IsNullOrEmpty(body.Text) ? null : body.Text;
        if (edited is not null)
        {
            // The edit is checked as the author would post it: their roles and grants now, the same channel.
            var review = store.Find(id)!;
            var pack = packs.Current;
            var now = time.GetUtcNow();
            var author = new Author(review.AuthorId, store.RolesOf(review.AuthorId), registry.GrantsFor(review.AuthorId, now));
            var corporate = review.Channel != "private";
            var request = context.Complete(
                new CheckRequest(edited, "auto", corporate ? AccountKind.Corporate : AccountKind.Private, corporate ? review.Channel : null, false, [], author), now);
            var normalized = Normalizer.Normalize(edited);
            var result = CheckEngine.Check(pack, request, normalized, engine.Value.Start(time, ct), logs.Engine);
            recheck = result.ToResponse(pack, ids.Next(now));
            if (result.Decision == Policy.Core.Model.Severity.Block)
            {
                return TypedResults.Problem(statusCode: 422, title: "The edited text is blocked.",
                    detail: "A blocked text cannot be approved: see 'recheck' for the findings, change the text and approve again.",
                    extensions: new Dictionary<string, object?> { ["field"] = "text", ["recheck"] = recheck });
            }

            editedHash = hasher.Hash(normalized);
        }

        return Decided(store.Decide(id, user.PersonId(), ReviewStates.Approved, string.IsNullOrWhiteSpace(body.Reason) ? null : body.Reason.Trim(), edited, editedHash), store, user, recheck, id);
    }

    private static Results<Ok<ReviewDecisionResponse>, ProblemHttpResult> Withdraw(string id, ClaimsPrincipal user, ReviewStore store)
    {
        var review = store.Find(id);
        if (review is null || !MaySee(review, user))
        {
            return NotFound(id);
        }

        if (!string.Equals(review.AuthorId, user.PersonId(), StringComparison.Ordinal))
        {
            return TypedResults.Problem(statusCode: 403, title: "Only the author withdraws a request.", detail: "Reviewers reject or ask for changes instead.");
        }

        return Decided(store.Decide(id, user.PersonId(), ReviewStates.Withdrawn, null, null, null), store, user, null, id);
    }

    /// <summary>Null when the caller may decide this review now; else the problem to answer.</summary>
    private static ProblemHttpResult? Decidable(string id, ClaimsPrincipal user, ReviewStore store)
    {
        var review = store.Find(id);
        if (review is null || !MaySee(review, user))
        {
            return NotFound(id);
        }

        if (string.Equals(review.AuthorId, user.PersonId(), StringComparison.Ordinal))
        {
            return TypedResults.Problem(statusCode: 403, title: "You cannot decide your own request.", detail: "Another person reviews it: the crisis team, a spokesperson for its topics, or HR.");
        }

        if (!ReviewStore.MayDecide(review, user.PersonId(), SeesAll(user)))
        {
            return TypedResults.Problem(statusCode: 403, title: "This review is not routed to you.", detail: "It is decided by the people it was routed to, or by HR.");
        }

        return review.State != ReviewStates.Pending ? NotPending(review) : null;
    }

    private static Results<Ok<ReviewDecisionResponse>, ProblemHttpResult> Decided(
        (ReviewRecord? Review, ReviewRefusal Refusal) outcome, ReviewStore store, ClaimsPrincipal user, CheckResponse? recheck, string id) => outcome.Refusal switch
        {
            ReviewRefusal.None => TypedResults.Ok(new ReviewDecisionResponse(ToDto(outcome.Review!, store.Vault, user), recheck)),
            ReviewRefusal.NotPending => NotPending(outcome.Review!),
            _ => NotFound(id),
        };

    private static ProblemHttpResult NotPending(ReviewRecord review) =>
        TypedResults.Problem(statusCode: 409, title: "This review is closed.", detail: $"The review is {review.State} and can no longer change.",
            extensions: new Dictionary<string, object?> { ["state"] = review.State });

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: 404, title: "No such review.", detail: $"There is no review '{id}' that you may see.");

    /// <summary>The author, the people it was routed to, HR and admins; nobody else learns it exists.</summary>
    private static bool MaySee(ReviewRecord review, ClaimsPrincipal user) =>
        SeesAll(user)
        || string.Equals(review.AuthorId, user.PersonId(), StringComparison.Ordinal)
        || review.Reviewers.Contains(user.PersonId(), StringComparer.Ordinal);

    private static ReviewDto ToDto(ReviewRecord r, DraftVault vault, ClaimsPrincipal user) => new(
        r.Id,
        Guid.Parse(r.CheckId),
        r.State,
        r.Decision,
        [.. r.Findings.Select(f => new ReviewFindingDto(f.RuleId, f.SectionId, f.Category, f.Severity))],
        r.Topics,
        r.Channel,
        r.Route,
        r.Reviewers,
        r.AuthorName,
        r.Note,
        r.RequestedAt,
        r.ExpiresAt,
        r.DecidedAt,
        r.DecidedByName ?? r.DecidedBy,
        r.Reason,
        r.ApprovalReference,
        r.TextSealed is not null || r.EditedSealed is not null,
        r.TextDeleteAt,
        r.TextSealed is null ? null : vault.Open(r.TextSealed, r.Id),
        r.EditedSealed is null ? null : vault.Open(r.EditedSealed, r.Id + "/edited"),
        r.State == ReviewStates.Pending && ReviewStore.MayDecide(r, user.PersonId(), SeesAll(user)));
}

/// <summary>What re-checking an edited text on approval needs, as one parameter (<c>[AsParameters]</c>):
/// each from the container, none from the request.</summary>
public readonly record struct RecheckServices(
    ActivePack Packs, CheckContext Context, SpokespersonStore Registry, DraftHasher Hasher, CheckIds Ids, IOptions<EngineOptions> Engine,
    TimeProvider Time, EngineLogger Logs);
