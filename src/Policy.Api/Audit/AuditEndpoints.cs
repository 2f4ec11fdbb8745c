using Microsoft.AspNetCore.Http.HttpResults;
using Policy.Api.Identity;

namespace Policy.Api.Audit;

/// <summary>The audit trail, for admins, and its integrity check.</summary>
public static class AuditEndpoints
{
    public static IServiceCollection AddAudit(this IServiceCollection services) =>
        services.AddSingleton<AuditKey>().AddSingleton<AuditLog>();

    public static RouteGroupBuilder MapAudit(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/audit").WithTags("Audit").RequireAuthorization(Roles.Policies.AdminOnly);
        group.MapGet("/", ListEntries);
        group.MapGet("/verify", Verify);
        return group;
    }

    private static Ok<IReadOnlyList<AuditEntry>> ListEntries(AuditLog audit, long? after, int? limit) =>
        TypedResults.Ok(audit.List(after ?? 0, Math.Clamp(limit ?? 100, 1, 1000)));

    private static Ok<AuditVerification> Verify(AuditLog audit) => TypedResults.Ok(audit.Verify());
}
