using Policy.Api.Hosting;
using Microsoft.Extensions.Options;

namespace Policy.Api.Decisions;

/// <summary>
/// Deletes decision rows older than the retention: once at start, then every
/// <see cref="DecisionOptions.PurgeInterval"/> on the injected clock.
/// </summary>
public sealed class DecisionPurgeService(
    DecisionLog log,
    DraftHasher hasher,
    IOptions<DecisionOptions> options,
    TimeProvider time,
    ILogger<DecisionPurgeService> logger) : BackgroundService
{
    private int _runs;

    /// <summary>How many purges have completed (successfully or not) since start.</summary>
    public int Runs => Volatile.Read(ref _runs);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation(
            "Decision log: rows are kept {Days} days, purged every {Interval}; draft fingerprint key at {KeyPath}",
            options.Value.RetentionDays,
            options.Value.PurgeInterval,
            hasher.KeyPath);
        await Rounds.EveryAsync(options.Value.PurgeInterval, time, _ =>
        {
            RunOnce();
            return Task.CompletedTask;
        }, stoppingToken);
    }

    private void RunOnce()
    {
        try
        {
            var deleted = log.Purge(time.GetUtcNow());
            if (deleted > 0)
            {
                logger.LogInformation("Decision log: deleted {Count} rows older than {Days} days", deleted, options.Value.RetentionDays);
            }
        }
        catch (Exception ex) when (ex is DbException or IOException)
        {
            // The next run tries again; a failed purge must not stop the service.
            logger.LogError(ex, "Decision log: purge failed");
        }
        finally
        {
            Interlocked.Increment(ref _runs);
        }
    }
}
