using Dapper;
using Microsoft.Extensions.Options;
using Policy.Api.Store;

namespace Policy.Api.Notifications;

/// <summary>One try of a delivery, as the delivery log shows it.</summary>
/// <param name="Status">The receiver's HTTP status (SMTP: 250 for accepted), or null when it could not be reached.</param>
public sealed record DeliveryAttempt(long Attempt, string At, long DurationMs, long? Status, string? Error, bool Succeeded);

/// <summary>One event for one subscription.</summary>
/// <param name="State">"pending" (tries left), "delivered", "failed" (all tries used) or "cancelled" (subscription deleted).</param>
public sealed record Delivery(
    string Id, string SubscriptionId, string EventId, string Event, string State, long Attempts, string CreatedAt,
    string? NextAttemptAt, string? DeliveredAt, long? LastStatus, string? LastError, IReadOnlyList<DeliveryAttempt> Tries);

/// <summary>A delivery claimed by the worker, with what it needs to send it.</summary>
internal sealed record DueDelivery(string Id, string EventId, string Event, string Payload, long Attempts, SubscriptionTarget Subscription);

/// <summary>What one try came to.</summary>
internal sealed record TryOutcome(bool Succeeded, int? Status, string? Error, long DurationMs);

/// <summary>
/// The way from the outbox to the receivers: fan-out of new events into deliveries (one per
/// matching subscription, inside one serialized write, so two instances never fan out an event
/// twice), claiming due deliveries with a lease, and recording each try with its backoff.
/// </summary>
public sealed class DeliveryStore(Database db, IOptions<NotificationOptions> options, TimeProvider time)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private sealed record SubscriptionRow(string Id, string Kind, string Target, string Format, string Events, string? SecretSealed, string CreatedAt);

    private sealed record EventRow(long Seq, string EventId, string Event, string Subject, string CreatedAt);

    public const int FanOutBatch = 500;

    /// <summary>Creates the deliveries of up to <paramref name="limit"/> events after the cursor; returns how many events it read.</summary>
    public int FanOut(int limit = FanOutBatch)
    {
        var now = time.GetUtcNow();
        using var connection = db.Open();
        using var tx = db.BeginWrite(connection);
        var cursor = connection.ExecuteScalar<long?>("SELECT seq FROM notification_cursor WHERE id = 1", transaction: tx) ?? 0;
        var events = connection.Query<EventRow>(
            "SELECT seq AS Seq, event_id AS EventId, event AS Event, subject AS Subject, created_at AS CreatedAt FROM notification_outbox WHERE seq > @cursor ORDER BY seq LIMIT @limit",
            new { cursor, limit },
            tx).ToList();
        if (events.Count == 0)
        {
            return 0;
        }

        var subscriptions = connection.Query<SubscriptionRow>(
            "SELECT id AS Id, kind AS Kind, target AS Target, format AS Format, events AS Events, secret_sealed AS SecretSealed, created_at AS CreatedAt FROM notification_subscriptions WHERE active = 1",
            transaction: tx).ToList();
        var stamp = StoreTime.Stamp(now);
        foreach (var e in events)
        {
            foreach (var s in subscriptions.Where(s => Wants(s, e)))
            {
                connection.Execute(
                    """
                    INSERT INTO notification_deliveries (id, subscription_id, event_id, event, state, attempts, created_at, next_attempt_at)
                    VALUES (@deliveryId, @subscriptionId, @eventId, @eventName, 'pending', 0, @stamp, @stamp)
                    ON CONFLICT (subscription_id, event_id) DO NOTHING
                    """,
                    new { deliveryId = Guid.CreateVersion7(now).ToString(), subscriptionId = s.Id, eventId = e.EventId, eventName = e.Event, stamp },
                    tx);
            }
        }

        connection.Execute(
            "INSERT INTO notification_cursor (id, seq) VALUES (1, @seq) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq",
            new { seq = events[^1].Seq },
            tx);
        tx.Commit();
        return events.Count;
    }

    // A subscription receives the events it names that happened after it was created; the test
    // event only reaches the subscription it tests.
    private static bool Wants(SubscriptionRow s, EventRow e)
    {
        if (e.Event == NotificationEvents.Test)
        {
            return e.Subject == "subscription/" + s.Id;
        }

        if (string.CompareOrdinal(e.CreatedAt, s.CreatedAt) < 0)
        {
            return false;
        }

        var names = s.Events.Split(',', StringSplitOptions.RemoveEmptyEntries);
        return names.Contains("*", StringComparer.Ordinal) || names.Contains(e.Event, StringComparer.Ordinal);
    }

    /// <summary>Leases up to <paramref name="limit"/> due deliveries (or the one named) to this worker.</summary>
    internal IReadOnlyList<DueDelivery> Claim(int limit, string? deliveryId = null)
    {
        var now = time.GetUtcNow();
        var stamp = StoreTime.Stamp(now);
        using var connection = db.Open();
        using var tx = db.BeginWrite(connection);
        var one = deliveryId is null ? string.Empty : "AND d.id = @deliveryId";
        var due = connection.Query<(string Id, string EventId, string Event, string Payload, long Attempts, string SubscriptionId, string Kind, string Target, string Format, string? SecretSealed)>(
            $"""
            SELECT d.id, d.event_id, d.event, o.payload, d.attempts, s.id, s.kind, s.target, s.format, s.secret_sealed
            FROM notification_deliveries d
            JOIN notification_outbox o ON o.event_id = d.event_id
            JOIN notification_subscriptions s ON s.id = d.subscription_id
            WHERE d.state = 'pending' AND d.next_attempt_at <= @stamp AND (d.leased_until IS NULL OR d.leased_until <= @stamp)
              {one}
            ORDER BY d.next_attempt_at, d.id
            LIMIT @limit
            """,
            new { stamp, limit, deliveryId },
            tx).ToList();
        foreach (var d in due)
        {
            connection.Execute("UPDATE notification_deliveries SET leased_until = @until WHERE id = @id", new { id = d.Id, until = StoreTime.Stamp(now + Lease) }, tx);
        }

        tx.Commit();
        return [.. due.Select(d => new DueDelivery(d.Id, d.EventId, d.Event, d.Payload, d.Attempts, new SubscriptionTarget(d.SubscriptionId, d.Kind, d.Target, d.Format, d.SecretSealed)))];
    }

    /// <summary>Writes the try to the log and moves the delivery on: delivered, retried after the backoff, or failed.</summary>
    internal void Record(DueDelivery delivery, TryOutcome outcome)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var attempt = delivery.Attempts + 1;
        var state = outcome.Succeeded ? "delivered" : attempt >= o.MaxAttempts ? "failed" : "pending";
        var next = state == "pending" ? now + Backoff(attempt, delivery.Id) : now;
        var error = outcome.Error is { Length: > 500 } e ? e[..500] : outcome.Error;
        using var connection = db.Open();
        using var tx = db.BeginWrite(connection);
        connection.Execute(
            """
            INSERT INTO notification_attempts (delivery_id, attempt, at, duration_ms, status, error, succeeded)
            VALUES (@id, @attempt, @at, @ms, @status, @error, @ok)
            """,
            new { id = delivery.Id, attempt, at = StoreTime.Stamp(now), ms = outcome.DurationMs, status = outcome.Status, error, ok = outcome.Succeeded ? 1 : 0 },
            tx);
        connection.Execute(
            """
            UPDATE notification_deliveries SET state = CASE WHEN state = 'pending' THEN @state ELSE state END, attempts = @attempt,
                   next_attempt_at = @next, leased_until = NULL, delivered_at = @deliveredAt, last_status = @status, last_error = @error
            WHERE id = @id
            """,
            new { id = delivery.Id, state, attempt, next = StoreTime.Stamp(next), deliveredAt = outcome.Succeeded ? StoreTime.Stamp(now) : null, status = outcome.Status, error },
            tx);
        tx.Commit();
    }

    /// <summary>
    /// Wait after the <paramref name="attempt"/>-th failed try: RetryBase doubled per try, at most
    /// RetryMax, then stretched by up to a quarter, differently for each delivery and try.
    /// </summary>
    /// <remarks>
    /// The stretch (jitter) keeps the deliveries that failed together, because one receiver was
    /// down, from all coming back in the same second when it returns. It is taken from the
    /// delivery's id, not a random source, so a delivery's schedule can be reproduced; it never
    /// shortens the wait.
    /// </remarks>
    public TimeSpan Backoff(long attempt, string deliveryId)
    {
        var o = options.Value;
        var factor = Math.Pow(2, Math.Min(attempt - 1, 30));
        var wait = Math.Min(o.RetryBase.Ticks * factor, o.RetryMax.Ticks);
        return TimeSpan.FromTicks((long)(wait * (1 + (0.25 * Spread(deliveryId, attempt)))));
    }

    /// <summary>A number in [0, 1) from the delivery and the try (FNV-1a).</summary>
    private static double Spread(string deliveryId, long attempt)
    {
        var hash = 2166136261u;
        foreach (var c in deliveryId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        hash = (hash ^ (uint)attempt) * 16777619u;
        return (hash % 10_000) / 10_000.0;
    }

    /// <summary>A failed delivery gets its tries again, starting now.</summary>
    public bool Retry(string id)
    {
        using var connection = db.Open();
        using var tx = db.BeginWrite(connection);
        var changed = connection.Execute(
            "UPDATE notification_deliveries SET state = 'pending', attempts = 0, next_attempt_at = @now, leased_until = NULL WHERE id = @id AND state = 'failed'",
            new { id, now = StoreTime.Stamp(time.GetUtcNow()) },
            tx);
        tx.Commit();
        return changed > 0;
    }

    public IReadOnlyList<Delivery> List(string? subscriptionId, string? state, int limit, string? id = null)
    {
        var where = new List<string> { "1 = 1" };
        if (subscriptionId is not null)
        {
            where.Add("subscription_id = @subscriptionId");
        }

        if (state is not null)
        {
            where.Add("state = @state");
        }

        if (id is not null)
        {
            where.Add("id = @id");
        }

        using var connection = db.Open();
        var rows = connection.Query<(string Id, string SubscriptionId, string EventId, string Event, string State, long Attempts, string CreatedAt, string NextAttemptAt, string? DeliveredAt, long? LastStatus, string? LastError)>(
            $"""
            SELECT id, subscription_id, event_id, event, state, attempts, created_at, next_attempt_at, delivered_at, last_status, last_error
            FROM notification_deliveries
            WHERE {string.Join(" AND ", where)}
            ORDER BY created_at DESC, id DESC LIMIT @limit
            """,
            new { subscriptionId, state, limit, id }).ToList();
        var ids = rows.Select(r => r.Id).ToArray();
        var tries = (ids.Length == 0 ? [] : connection.Query<(string DeliveryId, long Attempt, string At, long DurationMs, long? Status, string? Error, long Succeeded)>(
                $"SELECT delivery_id, attempt, at, duration_ms, status, error, succeeded FROM notification_attempts WHERE delivery_id IN ({string.Join(',', ids.Select((_, i) => "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)))}) ORDER BY attempt",
                Params(ids)))
            .ToLookup(t => t.DeliveryId, StringComparer.Ordinal);
        return [.. rows.Select(r => new Delivery(
            r.Id, r.SubscriptionId, r.EventId, r.Event, r.State, r.Attempts, r.CreatedAt,
            r.State == "pending" ? r.NextAttemptAt : null, r.DeliveredAt, r.LastStatus, r.LastError,
            [.. tries[r.Id].Select(t => new DeliveryAttempt(t.Attempt, t.At, t.DurationMs, t.Status, t.Error, t.Succeeded != 0))]))];
    }

    public Delivery? Find(string id) => List(null, null, 1, id).SingleOrDefault();

    /// <summary>The delivery of <paramref name="eventId"/> to <paramref name="subscriptionId"/>, if fanned out.</summary>
    public string? DeliveryOf(string subscriptionId, string eventId)
    {
        using var connection = db.Open();
        return connection.ExecuteScalar<string?>(
            "SELECT id FROM notification_deliveries WHERE subscription_id = @subscriptionId AND event_id = @eventId", new { subscriptionId, eventId });
    }

    /// <summary>Deletes the log, and the outbox events already fanned out, older than the retention.</summary>
    public int Purge()
    {
        var before = StoreTime.Stamp(time.GetUtcNow() - TimeSpan.FromDays(options.Value.RetentionDays));
        using var connection = db.Open();
        using var tx = db.BeginWrite(connection);
        var deleted = connection.Execute(
            "DELETE FROM notification_attempts WHERE delivery_id IN (SELECT id FROM notification_deliveries WHERE created_at < @before AND state <> 'pending')",
            new { before },
            tx);
        deleted += connection.Execute("DELETE FROM notification_deliveries WHERE created_at < @before AND state <> 'pending'", new { before }, tx);
        deleted += connection.Execute(
            """
            DELETE FROM notification_outbox WHERE created_at < @before
              AND seq <= COALESCE((SELECT seq FROM notification_cursor WHERE id = 1), 0)
              AND NOT EXISTS (SELECT 1 FROM notification_deliveries d WHERE d.event_id = notification_outbox.event_id)
            """,
            new { before },
            tx);
        tx.Commit();
        return deleted;
    }

    private static DynamicParameters Params(string[] ids)
    {
        var p = new DynamicParameters();
        for (var i = 0; i < ids.Length; i++)
        {
            p.Add("p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), ids[i]);
        }

        return p;
    }
}
