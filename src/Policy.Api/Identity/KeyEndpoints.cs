using Policy.Api.Compression;
using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Policy.Api.Validation;

namespace Policy.Api.Identity;

public sealed record CreateKeyRequest(string? PersonId, string? DisplayName, string? Email, IReadOnlyList<string>? Roles);

/// <param name="Key">The key itself: shown only in this response, stored only as a hash.</param>
public sealed record CreatedKey(ApiKeyInfo Info, string Key);

public sealed record MeResponse(string Id, string DisplayName, string Email, IReadOnlyList<string> Roles);

public sealed class CreateKeyRequestValidator : AbstractValidator<CreateKeyRequest>
{
    public CreateKeyRequestValidator()
    {
        RuleFor(r => r.PersonId).NotEmpty().MaximumLength(100).Matches("^[A-Za-z0-9._@-]+$").OverridePropertyName("personId");
        RuleFor(r => r.DisplayName).NotEmpty().MaximumLength(200).OverridePropertyName("displayName");
        RuleFor(r => r.Email).NotEmpty().EmailAddress().MaximumLength(254).OverridePropertyName("email");
        RuleFor(r => r.Roles).NotEmpty().WithMessage("'roles' needs at least one of employee, hr, legal, admin.").OverridePropertyName("roles");
        RuleForEach(r => r.Roles)
            .Must(Roles.All.Contains).WithMessage("each role must be employee, hr, legal or admin.")
            .OverridePropertyName("roles");
    }
}

/// <summary>Admins create, list and revoke keys; everybody signed in can ask who they are.</summary>
public static class KeyEndpoints
{
    public static IServiceCollection AddKeys(this IServiceCollection services) =>
        services.AddSingleton<IValidator<CreateKeyRequest>, CreateKeyRequestValidator>();

    public static RouteGroupBuilder MapKeys(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/me", GetMe).RequireAuthorization(Roles.Policies.SignedIn).WithTags("Identity");

        var group = routes.MapGroup("/api/v1/keys").WithTags("Identity").RequireAuthorization(Roles.Policies.AdminOnly);
        group.MapPost("/", CreateKey).WithValidation<CreateKeyRequest>().WithoutCompression();
        group.MapGet("/", ListKeys);
        group.MapDelete("/{id}", RevokeKey);
        return group;
    }

    private static Ok<MeResponse> GetMe(ClaimsPrincipal user) => TypedResults.Ok(new MeResponse(
        user.PersonId(), user.FindFirstValue(ClaimTypes.Name) ?? string.Empty, user.FindFirstValue(ClaimTypes.Email) ?? string.Empty, user.RoleList()));

    private static Created<CreatedKey> CreateKey(CreateKeyRequest request, ApiKeyStore keys, ClaimsPrincipal user)
    {
        var (info, key) = keys.Create(user.PersonId(), request.PersonId!, request.DisplayName!, request.Email!, request.Roles!);
        return TypedResults.Created($"/api/v1/keys/{info.Id}", new CreatedKey(info, key));
    }

    private static Ok<IReadOnlyList<ApiKeyInfo>> ListKeys(ApiKeyStore keys) => TypedResults.Ok(keys.List());

    private static Results<NoContent, ProblemHttpResult> RevokeKey(string id, ApiKeyStore keys, ClaimsPrincipal user) =>
        keys.Revoke(user.PersonId(), id) switch
        {
            KeyRevocation.Revoked => TypedResults.NoContent(),
            KeyRevocation.LastAdmin => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "This is the last active admin key.",
                detail: "Create another admin key first; without one nobody could manage keys (an operator can still issue one with 'recover-admin-key' on the server)."),
            _ => TypedResults.Problem(statusCode: 404, title: "No such key.", detail: $"There is no key with id '{id}'."),
        };
}
