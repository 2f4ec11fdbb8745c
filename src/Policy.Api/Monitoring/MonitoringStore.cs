using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.Options;
using Policy.Api.Notifications;
using Policy.Api.Spokespeople;
using Policy.Api.Store;

namespace Policy.Api.Monitoring;

/// <summary>A public mention as a listening source or the feed poller hands it in; the text is only matched, never stored.</summary>
public sealed record Mention(string Source, string Url, string? AuthorHandle, string Text, DateTimeOffset PublishedAt);

/// <summary>What a batch came to.</summary>
/// <param name="Matched">Mentions that named at least one watched term and were new.</param>
/// <param name="Duplicates">Mentions seen before (same source and url): not counted again.</param>
/// <param name="Alerts">Alerts this batch raised.</param>
public sealed record IngestResult(int Received, int Matched, int Duplicates, IReadOnlyList<MonitoringAlert> Alerts);

public sealed record MonitoringAlert(
    string Id, string TermId, string Term, string Category, bool Crisis, string Hour, long Count, double Baseline, double Factor,
    string RaisedAt, bool SuggestCrisisMode, IReadOnlyList<MentionSample> Samples, string? AcknowledgedAt, string? AcknowledgedBy);

/// <summary>Mentions per hour of one term.</summary>
public sealed record VolumePoint(string Hour, long Count);

public sealed record TermVolume(string TermId, string Term, IReadOnlyList<VolumePoint> Hours);

/// <summary>
/// Mentions, hourly volumes and alerts. A batch is one transaction: matched mentions are stored
/// (url, source, handle; no text), counted into their term's hour, and the current hour of each
/// term touched is compared with its baseline; a spike writes one alert and its outbox event.
/// </summary>
public sealed class MonitoringStore(Database db, WatchlistStore watchlist, SpokespersonStore spokespeople, NotificationEventLog outbox, IOptions<MonitoringOptions> options, TimeProvider time)
{
    private const int Samples = 5;

    public IngestResult Ingest(IReadOnlyList<Mention> mentions)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var currentHour = Hour(now);
        var compiled = watchlist.Current;
        var matched = 0;
        var duplicates = 0;
        var touched = new HashSet<WatchTerm>();
        var alerts = new List<MonitoringAlert>();
        var oldest = now - TimeSpan.FromDays(o.RetentionDays);
        using var connection = db.Open();
        using var tx = db.BeginWrite(connection);
        foreach (var m in mentions)
        {
            var terms = compiled.Match(m.Text);
            var published = m.PublishedAt > now ? now : m.PublishedAt;
            if (terms.Count == 0 || published < oldest)
            {
                continue;
            }

            var key = Key(m.Source, m.Url);
            var inserted = connection.Execute(
                """
                INSERT INTO monitoring_mentions (key, source, url, author_handle, published_at, received_at, term_ids)
                VALUES (@key, @source, @url, @handle, @published, @received, @terms)
                ON CONFLICT (key) DO NOTHING
                """,
                new
                {
                    key, source = m.Source, url = m.Url, handle = m.AuthorHandle ?? string.Empty,
                    published = StoreTime.Stamp(published), received = StoreTime.Stamp(now),
                    terms = "," + string.Join(',', terms.Select(t => t.Id)) + ",",
                },
                tx);
            if (inserted == 0)
            {
                duplicates++;
                continue;
            }

            matched++;
            var hour = Hour(published);
            foreach (var t in terms)
            {
                connection.Execute(
                    """
                    INSERT INTO monitoring_volume (term_id, hour, count) VALUES (@id, @hour, 1)
                    ON CONFLICT (term_id, hour) DO UPDATE SET count = monitoring_volume.count + 1
                    """,
                    new { id = t.Id, hour = StoreTime.Stamp(hour) },
                    tx);
                if (hour == currentHour)
                {
                    touched.Add(t);
                }
            }
        }

        foreach (var term in touched)
        {
            if (Spike(connection, tx, term, currentHour, now) is { } alert)
            {
                alerts.Add(alert);
            }
        }

        tx.Commit();
        return new IngestResult(mentions.Count, matched, duplicates, alerts);
    }

    private MonitoringAlert? Spike(DbConnection connection, DbTransaction tx, WatchTerm term, DateTimeOffset hour, DateTimeOffset now)
    {
        var o = options.Value;
        var hourStamp = StoreTime.Stamp(hour);
        var count = connection.ExecuteScalar<long>("SELECT count FROM monitoring_volume WHERE term_id = @id AND hour = @hour", new { id = term.Id, hour = hourStamp }, tx);
        var sum = connection.ExecuteScalar<long?>(
            "SELECT SUM(count) FROM monitoring_volume WHERE term_id = @id AND hour >= @from AND hour < @hour",
            new { id = term.Id, from = StoreTime.Stamp(hour - TimeSpan.FromHours(o.BaselineHours)), hour = hourStamp },
            tx) ?? 0;
        var baseline = (double)sum / o.BaselineHours;
        if (count < o.MinimumMentions || count < o.SpikeFactor * baseline)
        {
            return null;
        }

        // One alert per spike: none if this hour already has one, or the last is within the cool-down.
        var last = connection.ExecuteScalar<string?>(
            "SELECT MAX(raised_at) FROM monitoring_alerts WHERE term_id = @id", new { id = term.Id }, tx);
        if (last is not null && (string.CompareOrdinal(last, StoreTime.Stamp(now - o.Cooldown)) > 0
            || connection.ExecuteScalar<long>("SELECT COUNT(*) FROM monitoring_alerts WHERE term_id = @id AND hour = @hour", new { id = term.Id, hour = hourStamp }, tx) > 0))
        {
            return null;
        }

        var samples = connection.Query<(string Source, string Url, string Handle, string Published)>(
                """
                SELECT source, url, author_handle, published_at FROM monitoring_mentions
                WHERE term_ids LIKE @pattern AND published_at >= @hour ORDER BY published_at DESC LIMIT @n
                """,
                new { pattern = "%," + term.Id + ",%", hour = hourStamp, n = Samples },
                tx)
            .Select(s => new MentionSample(s.Source, s.Url, s.Handle, Parse(s.Published)))
            .ToList();
        var suggest = term.Crisis && !spokespeople.Crisis.Active;
        var id = Guid.CreateVersion7(now).ToString();
        var factor = Math.Round(o.SpikeFactor, 2);
        connection.Execute(
            """
            INSERT INTO monitoring_alerts (id, term_id, term, category, crisis, hour, count, baseline, factor, raised_at, suggest_crisis, samples)
            VALUES (@id, @termId, @term, @category, @crisis, @hour, @count, @baseline, @factor, @now, @suggest, @samples)
            """,
            new
            {
                id, termId = term.Id, term = term.Term, category = term.Category, crisis = term.Crisis ? 1 : 0, hour = hourStamp, count,
                baseline = Math.Round(baseline, 2), factor, now = StoreTime.Stamp(now), suggest = suggest ? 1 : 0,
                samples = System.Text.Json.JsonSerializer.Serialize(samples, Json),
            },
            tx);
        outbox.Append(connection, tx, NotificationEvents.MonitoringAlert, "alert/" + id,
            new MonitoringAlertData(id, term.Id, term.Term, term.Category, term.Crisis, hour, count, Math.Round(baseline, 2), factor, suggest, samples, now));
        return new MonitoringAlert(id, term.Id, term.Term, term.Category, term.Crisis, hourStamp, count, Math.Round(baseline, 2), factor, StoreTime.Stamp(now), suggest, samples, null, null);
    }

    public IReadOnlyList<MonitoringAlert> Alerts(int limit)
    {
        using var connection = db.Open();
        return [.. connection.Query<(string Id, string TermId, string Term, string Category, long Crisis, string Hour, long Count, double Baseline, double Factor, string RaisedAt, long Suggest, string Samples, string? AckAt, string? AckBy)>(
                """
                SELECT id, term_id, term, category, crisis, hour, count, baseline, factor, raised_at, suggest_crisis, samples, acknowledged_at, acknowledged_by
                FROM monitoring_alerts ORDER BY raised_at DESC, id DESC LIMIT @limit
                """,
                new { limit })
            .Select(r => new MonitoringAlert(
                r.Id, r.TermId, r.Term, r.Category, r.Crisis != 0, r.Hour, r.Count, r.Baseline, r.Factor, r.RaisedAt, r.Suggest != 0,
                System.Text.Json.JsonSerializer.Deserialize<List<MentionSample>>(r.Samples, Json) ?? [], r.AckAt, r.AckBy))];
    }

    public bool Acknowledge(string actor, string id)
    {
        using var connection = db.Open();
        using var tx = db.BeginWrite(connection);
        var changed = connection.Execute(
            "UPDATE monitoring_alerts SET acknowledged_at = @now, acknowledged_by = @actor WHERE id = @id AND acknowledged_at IS NULL",
            new { id, actor, now = StoreTime.Stamp(time.GetUtcNow()) },
            tx);
        tx.Commit();
        return changed > 0;
    }

    /// <summary>Mentions per hour of every active term over the last <paramref name="hours"/> hours (hours without mentions left out).</summary>
    public IReadOnlyList<TermVolume> Volume(int hours)
    {
        var from = StoreTime.Stamp(Hour(time.GetUtcNow()) - TimeSpan.FromHours(hours - 1));
        using var connection = db.Open();
        var rows = connection.Query<(string TermId, string Hour, long Count)>(
            "SELECT term_id, hour, count FROM monitoring_volume WHERE hour >= @from ORDER BY hour", new { from }).ToLookup(r => r.TermId, StringComparer.Ordinal);
        return [.. watchlist.Current.Terms.Select(t => new TermVolume(t.Id, t.Term, [.. rows[t.Id].Select(r => new VolumePoint(r.Hour, r.Count))]))];
    }

    /// <summary>Deletes mentions and volumes past the retention, alerts past theirs.</summary>
    public int Purge()
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var before = StoreTime.Stamp(now - TimeSpan.FromDays(o.RetentionDays));
        using var connection = db.Open();
        using var tx = db.BeginWrite(connection);
        var deleted = connection.Execute("DELETE FROM monitoring_mentions WHERE published_at < @before", new { before }, tx);
        deleted += connection.Execute("DELETE FROM monitoring_volume WHERE hour < @before", new { before }, tx);
        deleted += connection.Execute(
            "DELETE FROM monitoring_alerts WHERE raised_at < @before", new { before = StoreTime.Stamp(now - TimeSpan.FromDays(o.AlertRetentionDays)) }, tx);
        tx.Commit();
        return deleted;
    }

    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    private static DateTimeOffset Hour(DateTimeOffset at)
    {
        var u = at.UtcDateTime;
        return new DateTimeOffset(u.Year, u.Month, u.Day, u.Hour, 0, 0, TimeSpan.Zero);
    }

    private static DateTimeOffset Parse(string stamp) => DateTimeOffset.Parse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static string Key(string source, string url) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source.Trim().ToLowerInvariant() + "\n" + url.Trim())));
}
