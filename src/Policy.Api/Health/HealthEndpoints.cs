using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Policy.Api.Identity;
using Policy.Api.Packs;
using Policy.Api.Spokespeople;
using Policy.Api.Store;

namespace Policy.Api.Health;

/// <summary>
/// /health: the status alone, for anyone (load balancers, uptime probes). /health/details: each
/// check with its data (the active pack, crisis mode and its reason, the store's backend and
/// location), for admins only: the crisis reason and the database path are nothing to show the
/// internet. /health/live: the process answers HTTP (no check runs), for restarts.
/// /health/ready: the store (and on PostgreSQL its change listener) and the active pack, for taking
/// the instance in and out of rotation; status only, like /health.
/// </summary>
public static class HealthEndpoints
{
    private const string Ready = "ready";

    public static IServiceCollection AddPolicyHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<ActivePackHealthCheck>("pack", tags: [Ready])
            .AddCheck<CrisisHealthCheck>("crisis")
            .AddCheck<StoreHealthCheck>("store", tags: [Ready]);
        return services;
    }

    public static IEndpointRouteBuilder MapPolicyHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteStatus });
        // Liveness runs no check: a store outage must take the instance out of rotation (ready),
        // not get it restarted, which would not bring the store back.
        routes.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteStatus });
        // Crisis mode is healthy either way, so it has no say in readiness. A listener that
        // reconnects is Degraded, which stays 200: the instance answers correctly, its caches
        // may lag a moment, and failing every instance at once on a database hiccup would turn a
        // lag into an outage.
        routes.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteStatus });
        routes.MapHealthChecks("/health/details", new HealthCheckOptions { ResponseWriter = WriteDetails })
            .RequireAuthorization(Roles.Policies.AdminOnly);
        return routes;
    }

    private static Task WriteStatus(HttpContext context, HealthReport report) =>
        context.Response.WriteAsJsonAsync(new { status = report.Status.ToString() });

    private static Task WriteDetails(HttpContext context, HealthReport report) =>
        context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), e.Value.Description, e.Value.Data }),
        });
}

internal sealed class ActivePackHealthCheck(ActivePack packs) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var pack = packs.Current;
        return Task.FromResult(HealthCheckResult.Healthy(
            $"{pack.Id} {pack.Version}",
            new Dictionary<string, object> { ["pack"] = pack.Id, ["version"] = pack.Version, ["sha256"] = pack.Sha256, ["rules"] = pack.Rules.Count }));
    }
}

/// <summary>
/// The store answers (503 when it does not, so a load balancer takes the instance out); on
/// PostgreSQL also whether this instance hears the others' changes (degraded while its listener
/// reconnects: its caches may lag behind until then).
/// </summary>
internal sealed class StoreHealthCheck(Database db, StoreChanges changes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["backend"] = db.Backend.ToString(), ["location"] = db.Location };
        try
        {
            await using var connection = db.Open();
            await using var ping = connection.CreateCommand();
            ping.CommandText = "SELECT 1";
            await ping.ExecuteScalarAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is DbException or IOException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("the store does not answer", ex, data);
        }

        if (db.Backend == StoreBackend.Postgres)
        {
            data["listening"] = changes.Listening;
            if (!changes.Listening)
            {
                return HealthCheckResult.Degraded("not listening for other instances' changes; reconnecting", data: data);
            }
        }

        return HealthCheckResult.Healthy(db.Location, data);
    }
}

/// <summary>Crisis mode on or off, for operators: healthy either way, the state is in the details.</summary>
internal sealed class CrisisHealthCheck(SpokespersonStore registry) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var crisis = registry.Crisis;
        return Task.FromResult(HealthCheckResult.Healthy(
            crisis.Active ? "crisis mode is on" : "crisis mode is off",
            new Dictionary<string, object> { ["active"] = crisis.Active, ["since"] = crisis.Since ?? string.Empty, ["reason"] = crisis.Reason }));
    }
}
