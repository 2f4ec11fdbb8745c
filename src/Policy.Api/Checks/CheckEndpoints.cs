using Policy.Api.Spokespeople;
using System.Security.Claims;
using Policy.Api.Decisions;
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
        services.AddOptions<CorporateAccountOptions>().BindConfiguration(CorporateAccountOptions.Section);
        services.AddSingleton<CorporateAccounts>();
        services.AddSingleton<CheckContext>();
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

    private static Ok<CheckResponse> PostCheck(CheckRequestDto request, ClaimsPrincipal user, ActivePack packs, TimeProvider time, DecisionLog decisions, DraftHasher hasher, CheckContext context)
    {
        // One pack for the whole request, even if HR activates another meanwhile.
        var pack = packs.Current;
        var now = time.GetUtcNow();
        var author = context.AuthorOf(user, now);
        var response = Check(request, author, pack, now, context);
        // Answered only once its decision row is committed: a returned checkId is always in the log.
        decisions.Record([response.ToRecord(request.Text!, author.Id, now, hasher)]);
        return TypedResults.Ok(response);
    }

    private static Ok<BatchResponse> PostBatch(BatchRequestDto batch, ClaimsPrincipal user, ActivePack packs, TimeProvider time, DecisionLog decisions, DraftHasher hasher, CheckContext context)
    {
        var pack = packs.Current;
        var now = time.GetUtcNow();
        var author = context.AuthorOf(user, now);
        var items = batch.Items!;
        var responses = new CheckResponse[items.Count];
        var records = new DecisionRecord[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            responses[i] = Check(items[i], author, pack, now, context);
            records[i] = responses[i].ToRecord(items[i].Text!, author.Id, now, hasher);
        }

        // The whole batch in one transaction, committed before the answer.
        decisions.Record(records);
        return TypedResults.Ok(new BatchResponse(responses));
    }

    private static CheckResponse Check(CheckRequestDto dto, Author author, Core.Packs.CompiledPack pack, DateTimeOffset now, CheckContext context)
    {
        var result = CheckEngine.Check(pack, context.Complete(dto.ToRequest(author), now));
        return result.ToResponse(pack, Guid.CreateVersion7(now));
    }
}
