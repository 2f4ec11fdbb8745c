using System.Security.Claims;
using Policy.Api.Identity;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Policy.Api.Packs;
using Policy.Api.Validation;
using Policy.Core.Checking;

namespace Policy.Api.Checks;

/// <summary>POST /api/v1/checks and /api/v1/checks/batch: may I post this?</summary>
public static class CheckEndpoints
{
    public static IServiceCollection AddChecks(this IServiceCollection services)
    {
        services.AddSingleton<IValidator<CheckRequestDto>, CheckRequestValidator>();
        services.AddSingleton<IValidator<BatchRequestDto>, BatchRequestValidator>();
        return services;
    }

    public static RouteGroupBuilder MapChecks(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/checks").WithTags("Checks").RequireAuthorization(Roles.Policies.SignedIn);

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

    private static Ok<CheckResponse> PostCheck(CheckRequestDto request, ClaimsPrincipal user, ActivePack packs, TimeProvider time)
    {
        // One pack for the whole request, even if HR activates another meanwhile.
        var pack = packs.Current;
        return TypedResults.Ok(Check(request, AuthorOf(user), pack, time));
    }

    private static Ok<BatchResponse> PostBatch(BatchRequestDto batch, ClaimsPrincipal user, ActivePack packs, TimeProvider time)
    {
        var pack = packs.Current;
        var author = AuthorOf(user);
        return TypedResults.Ok(new BatchResponse([.. batch.Items!.Select(item => Check(item, author, pack, time))]));
    }

    /// <summary>The author as authentication says; spokesperson rights come with the registry (none yet).</summary>
    private static Author AuthorOf(ClaimsPrincipal user) => new(user.PersonId(), user.RoleList(), []);

    private static CheckResponse Check(CheckRequestDto dto, Author author, Core.Packs.CompiledPack pack, TimeProvider time)
    {
        var result = CheckEngine.Check(pack, dto.ToRequest(author));
        return result.ToResponse(pack, Guid.CreateVersion7(time.GetUtcNow()));
    }
}
