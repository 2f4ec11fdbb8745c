using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Policy.Api.Identity;
using Policy.Api.Validation;

namespace Policy.Api.Decisions;

/// <summary>
/// What an author files about a check of their own (an override, a false-positive report) and how HR
/// lists what was filed. A request names the check by its id alone, so only the check's author may use
/// it: anyone else's check is "not found", which tells nothing about whether it exists.
/// </summary>
public static class OwnChecks
{
    /// <summary>The POST that files it: the caller is the author (signed in), the body is validated, 404 when
    /// the check is not the caller's, 409 when it was filed already.</summary>
    public static RouteHandlerBuilder ForOwnCheck<TRequest>(this RouteHandlerBuilder endpoint) => endpoint
        .RequireAuthorization(Roles.Policies.SignedIn)
        .WithValidation<TRequest>()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);

    /// <summary>The caller's check; null when there is none (never made, deleted after the retention) or it is someone else's.</summary>
    public static DecisionRecord? FindOwn(this DecisionLog decisions, Guid checkId, ClaimsPrincipal user)
    {
        var check = decisions.Find(checkId);
        return check is not null && string.Equals(check.AuthorId, user.PersonId(), StringComparison.Ordinal) ? check : null;
    }

    public static ProblemHttpResult NoSuchCheck(Guid checkId) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "No such check of yours.",
        detail: $"There is no check '{checkId}' by you (it may have been deleted after the retention period).");

    /// <summary>The time range HR lists: what is filed lives as long as the checks it refers to, so by default it
    /// reaches back the decision log's retention, and up to and including this moment.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) ListedRange(this DecisionLog decisions, TimeProvider time, DateTimeOffset? from, DateTimeOffset? to)
    {
        var end = to ?? time.GetUtcNow().AddTicks(1);
        return (from ?? end.AddDays(-decisions.RetentionDays), end);
    }
}
