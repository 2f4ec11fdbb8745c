using Policy.Api.Hosting;
using Microsoft.Extensions.Options;

namespace Policy.Api.Reviews;

/// <summary>
/// Expires unanswered reviews and deletes shared texts past their retention: once at start, then
/// every <see cref="ReviewOptions.SweepInterval"/> on the injected clock.
/// </summary>
public sealed class ReviewSweepService(
    ReviewStore store,
    Overrides.OverrideLog overrides,
    FalsePositives.FalsePositiveLog falsePositives,
    Decisions.DecisionLog decisions,
    IOptions<ReviewOptions> options,
    TimeProvider time,
    ILogger<ReviewSweepService> logger) : BackgroundService
{
    private int _runs;

    /// <summary>How many sweeps have completed since start.</summary>
    public int Runs => Volatile.Read(ref _runs);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Rounds.EveryAsync(options.Value.SweepInterval, time, _ =>
        {
            RunOnce();
            return Task.CompletedTask;
        }, stoppingToken);
    }

    /// <summary>One sweep; public so an operator command or a test can run it at a chosen moment.</summary>
    public (int Expired, int TextsDeleted) RunOnce()
    {
        try
        {
            var (expired, deleted) = store.Sweep();

            // Reviews, overrides and reports are kept as long as the decisions they refer to.
            var cutoff = time.GetUtcNow().AddDays(-decisions.RetentionDays);
            var purged = store.Purge(cutoff) + overrides.Purge(cutoff) + falsePositives.Purge(time.GetUtcNow());
            if (purged > 0)
            {
                logger.LogInformation("Reviews: {Purged} reviews, overrides and reports older than {Days} days deleted", purged, decisions.RetentionDays);
            }
            if (expired > 0 || deleted > 0)
            {
                logger.LogInformation("Reviews: {Expired} expired, {Deleted} shared texts deleted", expired, deleted);
            }

            return (expired, deleted);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The next sweep tries again; a failed one must not stop the service or the host.
            logger.LogError(ex, "Reviews: sweep failed");
            return (0, 0);
        }
        finally
        {
            Interlocked.Increment(ref _runs);
        }
    }
}
