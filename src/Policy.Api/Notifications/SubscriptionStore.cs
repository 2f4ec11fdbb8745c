using Dapper;
using Policy.Api.Audit;
using Policy.Api.Store;

namespace Policy.Api.Notifications;

/// <summary>A webhook or e-mail recipient as HR sees it: never its secret.</summary>
/// <param name="Kind">"webhook" or "email".</param>
/// <param name="Target">The webhook URL (for Teams and Slack only its host and first path part: the rest is their key) or the e-mail address.</param>
/// <param name="Format">"json" (signed envelope), "teams" or "slack" (their incoming-webhook formats); "email" for e-mail.</param>
/// <param name="Events">Event names, or "*" for all.</param>
public sealed record Subscription(
    string Id, string Kind, string Name, string Target, string Format, IReadOnlyList<string> Events, bool Active,
    string CreatedAt, string CreatedBy, string ChangedAt, string ChangedBy);

/// <summary>What the worker needs to deliver: the full target and the sealed secret.</summary>
internal sealed record SubscriptionTarget(string Id, string Kind, string Target, string Format, string? SecretSealed);

/// <summary>
/// Webhooks and e-mail recipients (<c>notification_subscriptions</c>). Every change is audited
/// in its transaction; the secret goes into neither the audit details nor any answer but the one
/// that created it.
/// </summary>
public sealed class SubscriptionStore(Database db, AuditLog audit, SecretBox secrets, TimeProvider time)
{
    public const string Webhook = "webhook";
    public const string Email = "email";

    public static readonly IReadOnlyList<string> WebhookFormats = ["json", "teams", "slack"];

    private const string Columns =
        "id AS Id, kind AS Kind, name AS Name, target AS Target, format AS Format, events AS Events, active AS Active, "
        + "created_at AS CreatedAt, created_by AS CreatedBy, changed_at AS ChangedAt, changed_by AS ChangedBy";

    private sealed record Row(string Id, string Kind, string Name, string Target, string Format, string Events, long Active, string CreatedAt, string CreatedBy, string ChangedAt, string ChangedBy);

    public IReadOnlyList<Subscription> List()
    {
        using var connection = db.Open();
        return [.. connection.Query<Row>($"SELECT {Columns} FROM notification_subscriptions ORDER BY created_at, id").Select(Shown)];
    }

    public Subscription? Find(string id)
    {
        using var connection = db.Open();
        return connection.QuerySingleOrDefault<Row>($"SELECT {Columns} FROM notification_subscriptions WHERE id = @id", new { id }) is { } r ? Shown(r) : null;
    }

    /// <summary>Stores a new subscription; for a webhook returns its signing secret (given or generated), the only time it is shown.</summary>
    public (Subscription Subscription, string? Secret) Create(string actor, string kind, string name, string target, string format, IReadOnlyList<string> events, string? secret)
    {
        var now = StoreTime.Stamp(time.GetUtcNow());
        var id = Guid.CreateVersion7(time.GetUtcNow()).ToString();
        var plain = kind == Webhook ? secret ?? SecretBox.NewSecret() : null;
        using (var connection = db.Open())
        using (var tx = db.BeginWrite(connection))
        {
            connection.Execute(
                """
                INSERT INTO notification_subscriptions (id, kind, name, target, format, events, secret_sealed, active, created_at, created_by, changed_at, changed_by)
                VALUES (@id, @kind, @name, @target, @format, @events, @sealedSecret, 1, @now, @actor, @now, @actor)
                """,
                new { id, kind, name, target, format, events = string.Join(',', events), sealedSecret = plain is null ? null : secrets.Seal(plain), now, actor },
                tx);
            audit.Append(connection, tx, actor, AuditAction.NotificationSubscriptionCreated, "subscription/" + id, new { kind, name, format, events, secretGiven = secret is not null });
            tx.Commit();
        }

        return (Find(id)!, plain);
    }

    public Subscription? Change(string actor, string id, string name, string? target, string format, IReadOnlyList<string> events, bool active)
    {
        using (var connection = db.Open())
        using (var tx = db.BeginWrite(connection))
        {
            var changed = connection.Execute(
                """
                UPDATE notification_subscriptions SET name = @name, target = COALESCE(@target, target), format = @format, events = @events, active = @active,
                       changed_at = @now, changed_by = @actor
                WHERE id = @id
                """,
                new { id, name, target, format, events = string.Join(',', events), active = active ? 1 : 0, now = StoreTime.Stamp(time.GetUtcNow()), actor },
                tx);
            if (changed == 0)
            {
                return null;
            }

            audit.Append(connection, tx, actor, AuditAction.NotificationSubscriptionChanged, "subscription/" + id, new { name, format, events, active, targetChanged = target is not null });
            tx.Commit();
        }

        return Find(id);
    }

    /// <summary>Removes the subscription; its pending deliveries are cancelled, the delivery log stays until the retention.</summary>
    public bool Delete(string actor, string id)
    {
        using var connection = db.Open();
        using var tx = db.BeginWrite(connection);
        if (connection.Execute("DELETE FROM notification_subscriptions WHERE id = @id", new { id }, tx) == 0)
        {
            return false;
        }

        connection.Execute(
            "UPDATE notification_deliveries SET state = 'cancelled', leased_until = NULL WHERE subscription_id = @id AND state = 'pending'",
            new { id },
            tx);
        audit.Append(connection, tx, actor, AuditAction.NotificationSubscriptionDeleted, "subscription/" + id, new { });
        tx.Commit();
        return true;
    }

    /// <summary>Replaces a webhook's secret; returns the new one (shown once), or null if there is no such webhook.</summary>
    public string? RotateSecret(string actor, string id)
    {
        var plain = SecretBox.NewSecret();
        using var connection = db.Open();
        using var tx = db.BeginWrite(connection);
        if (connection.Execute(
            "UPDATE notification_subscriptions SET secret_sealed = @s, changed_at = @now, changed_by = @actor WHERE id = @id AND kind = 'webhook'",
            new { id, s = secrets.Seal(plain), now = StoreTime.Stamp(time.GetUtcNow()), actor },
            tx) == 0)
        {
            return null;
        }

        audit.Append(connection, tx, actor, AuditAction.NotificationSubscriptionSecret, "subscription/" + id, new { rotated = true });
        tx.Commit();
        return plain;
    }

    public string? OpenSecret(string? sealedSecret) => sealedSecret is null ? null : secrets.Open(sealedSecret);

    /// <summary>What a listing may show of a target: Teams and Slack URLs carry their key in the path.</summary>
    public static string Display(string kind, string format, string target)
    {
        if (kind != Webhook || !Uri.TryCreate(target, UriKind.Absolute, out var uri))
        {
            return target;
        }

        var shown = uri.GetLeftPart(UriPartial.Authority);
        if (format is "teams" or "slack")
        {
            var first = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return first is null ? shown + "/" : shown + "/" + first + "/…";
        }

        return shown + uri.AbsolutePath + (uri.Query.Length > 0 ? "?…" : string.Empty);
    }

    private static Subscription Shown(Row r) => new(
        r.Id, r.Kind, r.Name, Display(r.Kind, r.Format, r.Target), r.Format,
        r.Events.Split(',', StringSplitOptions.RemoveEmptyEntries), r.Active != 0, r.CreatedAt, r.CreatedBy, r.ChangedAt, r.ChangedBy);
}
