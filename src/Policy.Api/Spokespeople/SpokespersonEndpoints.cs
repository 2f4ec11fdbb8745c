using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Policy.Api.Identity;
using Policy.Api.Validation;

namespace Policy.Api.Spokespeople;

/// <param name="Channels">Corporate account handles (e.g. "@acme_de"), "private" for the person's own accounts, or "*".</param>
public sealed record SpokespersonRequest(string? PersonId, IReadOnlyList<string>? Topics, IReadOnlyList<string>? Channels, DateTimeOffset? ValidFrom, DateTimeOffset? ValidUntil, string? Note);

public sealed record EndRequest(string? Reason);

public sealed record CrisisRequest(bool Active, string? Reason);

/// <summary>What an employee may see: whom to ask about a topic.</summary>
public sealed record SpeakerDto(string DisplayName, IReadOnlyList<string> Topics);

public sealed class SpokespersonRequestValidator : AbstractValidator<SpokespersonRequest>
{
    public static readonly IReadOnlyList<string> KnownTopics = ["finance", "products", "people", "crisis", "general"];

    public SpokespersonRequestValidator()
    {
        RuleFor(r => r.PersonId).NotEmpty().MaximumLength(100).OverridePropertyName("personId");
        RuleFor(r => r.Topics).NotEmpty().WithMessage("'topics' needs at least one topic.").OverridePropertyName("topics");
        RuleForEach(r => r.Topics).Matches("^[a-z-]{1,40}$").WithMessage("a topic is a lower-case name such as finance, products, people, crisis, general.").OverridePropertyName("topics");
        RuleFor(r => r.Channels).NotEmpty().WithMessage("'channels' needs at least one channel: an account handle, 'private' or '*'.").OverridePropertyName("channels");
        RuleForEach(r => r.Channels).NotEmpty().MaximumLength(100).OverridePropertyName("channels");
        RuleFor(r => r.ValidUntil).GreaterThan(r => r.ValidFrom).When(r => r.ValidFrom is not null && r.ValidUntil is not null)
            .WithMessage("'validUntil' must be after 'validFrom'.").OverridePropertyName("validUntil");
        RuleFor(r => r.Note).MaximumLength(1_000).OverridePropertyName("note");
    }
}

public sealed class CrisisRequestValidator : AbstractValidator<CrisisRequest>
{
    public CrisisRequestValidator() =>
        RuleFor(r => r.Reason).NotEmpty().WithMessage("'reason' is required: say why crisis mode changes.").MaximumLength(1_000).OverridePropertyName("reason");
}

/// <summary>The spokesperson registry (hr), the lookup for employees, and the crisis-mode switch.</summary>
public static class SpokespersonEndpoints
{
    public static IServiceCollection AddSpokespeople(this IServiceCollection services)
    {
        services.AddSingleton<SpokespersonStore>();
        services.AddSingleton<IValidator<SpokespersonRequest>, SpokespersonRequestValidator>();
        services.AddSingleton<IValidator<CrisisRequest>, CrisisRequestValidator>();
        return services;
    }

    public static RouteGroupBuilder MapSpokespeople(this IEndpointRouteBuilder routes)
    {
        var crisis = routes.MapGroup("/api/v1/crisis").WithTags("Spokespeople");
        crisis.MapGet("/", GetCrisis).RequireAuthorization(Roles.Policies.SignedIn);
        crisis.MapPut("/", SetCrisis).RequireAuthorization(Roles.Policies.HrOrAdmin).WithValidation<CrisisRequest>();

        var group = routes.MapGroup("/api/v1/spokespeople").WithTags("Spokespeople");

        var signedIn = group.MapGroup(string.Empty).RequireAuthorization(Roles.Policies.SignedIn);
        var hrOrAdmin = group.MapGroup(string.Empty).RequireAuthorization(Roles.Policies.HrOrAdmin);

        signedIn.MapGet("/", Lookup)
            .WithSummary("Who speaks for the company on a topic right now (names and topics only).");
        hrOrAdmin.MapGet("/registry", ListRegistry);
        hrOrAdmin.MapPost("/", Create).WithValidation<SpokespersonRequest>();
        hrOrAdmin.MapPut("/{id}", Change).WithValidation<SpokespersonRequest>();
        hrOrAdmin.MapPost("/{id}/end", End);
        hrOrAdmin.MapGet("/{id}/history", History);
        return group;
    }

    private static Ok<IReadOnlyList<SpeakerDto>> Lookup(string? topic, SpokespersonStore registry, TimeProvider time)
    {
        var now = time.GetUtcNow();
        return TypedResults.Ok<IReadOnlyList<SpeakerDto>>([.. registry.All
            .Where(s => s.ValidAt(now) && (topic is null || s.Topics.Contains(topic, StringComparer.Ordinal)))
            .GroupBy(s => s.PersonId)
            .Select(g => new SpeakerDto(g.First().DisplayName, [.. g.SelectMany(s => s.Topics).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]))]);
    }

    private static Ok<IReadOnlyList<Spokesperson>> ListRegistry(SpokespersonStore registry) => TypedResults.Ok(registry.All);

    private static Results<Created<Spokesperson>, ProblemHttpResult> Create(SpokespersonRequest r, SpokespersonStore registry, ClaimsPrincipal user, TimeProvider time)
    {
        if (!registry.PersonExists(r.PersonId!))
        {
            return UnknownPerson(r.PersonId!);
        }

        var s = registry.Create(user.PersonId(), r.PersonId!, r.Topics!, r.Channels!, r.ValidFrom ?? time.GetUtcNow(), r.ValidUntil, r.Note ?? string.Empty);
        return TypedResults.Created($"/api/v1/spokespeople/{s.Id}", s);
    }

    private static Results<Ok<Spokesperson>, ProblemHttpResult> Change(string id, SpokespersonRequest r, SpokespersonStore registry, ClaimsPrincipal user, TimeProvider time)
    {
        var current = registry.Find(id);
        if (current is null)
        {
            return NotFound(id);
        }

        if (current.PersonId != r.PersonId)
        {
            return TypedResults.Problem(statusCode: 400, title: "The person of an authorization cannot change.", detail: "End it and create one for the other person.");
        }

        return TypedResults.Ok(registry.Change(user.PersonId(), id, r.Topics!, r.Channels!, r.ValidFrom ?? current.ValidFrom, r.ValidUntil, r.Note ?? string.Empty)!);
    }

    private static Results<Ok<Spokesperson>, ProblemHttpResult> End(string id, EndRequest? r, SpokespersonStore registry, ClaimsPrincipal user) =>
        registry.End(user.PersonId(), id, r?.Reason ?? string.Empty) is { } s ? TypedResults.Ok(s) : NotFound(id);

    private static Results<Ok<IReadOnlyList<SpokespersonVersion>>, ProblemHttpResult> History(string id, SpokespersonStore registry) =>
        registry.Find(id) is null ? NotFound(id) : TypedResults.Ok(registry.History(id));

    private static Ok<CrisisState> GetCrisis(SpokespersonStore registry) => TypedResults.Ok(registry.Crisis);

    private static Ok<CrisisState> SetCrisis(CrisisRequest r, SpokespersonStore registry, ClaimsPrincipal user) =>
        TypedResults.Ok(registry.SetCrisis(user.PersonId(), r.Active, r.Reason!));

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: 404, title: "No such spokesperson authorization.", detail: $"There is no authorization with id '{id}'.");

    private static ProblemHttpResult UnknownPerson(string personId) =>
        TypedResults.Problem(
            statusCode: 400,
            title: "Unknown person.",
            detail: $"There is no person '{personId}'; a spokesperson is a person with an API key.",
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["personId"] = ["unknown person"] } });
}
