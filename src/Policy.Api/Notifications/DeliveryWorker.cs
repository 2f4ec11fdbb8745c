using Policy.Api.Hosting;
using System.Data.Common;
using Microsoft.Extensions.Options;

namespace Policy.Api.Notifications;

/// <summary>
/// Delivers the outbox: every <see cref="NotificationOptions.PollInterval"/> it fans new events out
/// into deliveries, sends the due ones (a few at a time) and records each try. Everything it
/// works from is in the store, so a restart (or a crash) loses nothing: an event not yet fanned
/// out is fanned out after the start, a delivery whose try was cut off is tried again when its
/// lease runs out. The log names deliveries and subscriptions by id, never a URL or a secret.
/// </summary>
public sealed class DeliveryWorker(
    DeliveryStore deliveries,
    NotificationSender sender,
    IOptions<NotificationOptions> options,
    TimeProvider time,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    private const int Batch = 16;
    private DateTimeOffset _nextPurge = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Rounds.EveryAsync(options.Value.PollInterval, time, async ct =>
        {
            try
            {
                await RunOnceAsync(ct);
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException)
            {
                // The store is away for a moment: the next tick tries again, nothing is lost.
                logger.LogWarning(ex, "Notifications: delivery round failed; retrying");
            }
        }, stoppingToken);
    }

    /// <summary>One round: fan out, send what is due, purge now and then.</summary>
    public async Task RunOnceAsync(CancellationToken ct)
    {
        while (deliveries.FanOut() == DeliveryStore.FanOutBatch)
        {
            // a full batch: there may be more
        }

        IReadOnlyList<DueDelivery> due;
        while ((due = deliveries.Claim(Batch)).Count > 0)
        {
            await Task.WhenAll(due.Select(d => DeliverAsync(d, ct)));
            if (due.Count < Batch)
            {
                break;
            }
        }

        if (time.GetUtcNow() >= _nextPurge)
        {
            _nextPurge = time.GetUtcNow() + TimeSpan.FromHours(1);
            var purged = deliveries.Purge();
            if (purged > 0)
            {
                logger.LogInformation("Notifications: deleted {Count} log rows older than {Days} days", purged, options.Value.RetentionDays);
            }
        }
    }

    /// <summary>Sends one claimed delivery and records the try; used by the worker and the test button.</summary>
    internal async Task<TryOutcome> DeliverAsync(DueDelivery delivery, CancellationToken ct)
    {
        var outcome = await sender.SendAsync(delivery, ct);
        deliveries.Record(delivery, outcome);
        if (!outcome.Succeeded)
        {
            logger.LogInformation(
                "Notifications: delivery {Delivery} of {Event} to subscription {Subscription} failed (try {Attempt}): {Error}",
                delivery.Id, delivery.Event, delivery.Subscription.Id, delivery.Attempts + 1, outcome.Error);
        }

        return outcome;
    }
}
