using System.Text.Json;
using Dapper;
using Policy.Api.Store;

namespace Policy.Api.Notifications;

/// <summary>One event in the outbox, as a delivery worker reads it.</summary>
public sealed record OutboxEvent(long Seq, string EventId, string Event, string Subject, string Payload, string CreatedAt);

/// <summary>
/// The durable outbox of events for notifications (table <c>notification_outbox</c>). A feature
/// appends its event inside the transaction of the change it announces, so an event exists if and
/// only if the change committed, and survives a crash or restart. Delivery (webhooks, e-mail) is a
/// separate worker that reads events in <c>seq</c> order after the last one it handled and keeps
/// its own cursor and delivery log; this class never deletes or changes an event.
/// Payloads carry ids, states and names of roles, never draft text. See docs/reviewers.md.
/// </summary>
public sealed class NotificationEventLog(Database db, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Appends an event inside the caller's write transaction (writers are serialized, so seq order is commit order).</summary>
    public void Append(DbConnection connection, DbTransaction tx, string eventName, string subject, object payload)
    {
        var eventId = Guid.CreateVersion7(time.GetUtcNow()).ToString();
        var body = JsonSerializer.Serialize(
            new OutboxEnvelope(eventId, eventName, time.GetUtcNow(), payload),
            Json);
        connection.Execute(
            """
            INSERT INTO notification_outbox (event_id, event, subject, payload, created_at)
            VALUES (@eventId, @eventName, @subject, @body, @at)
            """,
            new { eventId, eventName, subject, body, at = StoreTime.Stamp(time.GetUtcNow()) },
            tx);
    }

    /// <summary>Events after <paramref name="afterSeq"/>, oldest first.</summary>
    public IReadOnlyList<OutboxEvent> After(long afterSeq, int limit)
    {
        using var connection = db.Open();
        return [.. connection.Query<OutboxEvent>(
            """
            SELECT seq AS Seq, event_id AS EventId, event AS Event, subject AS Subject, payload AS Payload, created_at AS CreatedAt
            FROM notification_outbox WHERE seq > @afterSeq ORDER BY seq LIMIT @limit
            """,
            new { afterSeq, limit })];
    }

    private sealed record OutboxEnvelope(string Id, string Event, DateTimeOffset OccurredAt, object Data);
}
