using Policy.Api.Hosting;
using Dapper;
using Microsoft.Extensions.Options;
using Policy.Api.Audit;
using Policy.Api.Store;

namespace Policy.Api.Monitoring;

/// <summary>A feed HR has the API poll.</summary>
/// <param name="LastStatus">What the last poll came to: "ok: 12 entries, 3 matched", "not modified", or the error.</param>
public sealed record MonitoringFeed(string Id, string Name, string Url, long IntervalMinutes, string CreatedAt, string CreatedBy, string NextPollAt, string? LastPolledAt, string? LastStatus);

/// <summary>A feed row as stored: the interval in seconds. Read as a plain column, not as an expression:
/// SQLite gives an expression no declared type, and an empty result would then type it as bytes.</summary>
internal sealed record FeedRow(string Id, string Name, string Url, long IntervalSeconds, string CreatedAt, string CreatedBy, string NextPollAt, string? LastPolledAt, string? LastStatus)
{
    public MonitoringFeed ToFeed() => new(Id, Name, Url, IntervalSeconds / 60, CreatedAt, CreatedBy, NextPollAt, LastPolledAt, LastStatus);
}

/// <summary>The feeds (<c>monitoring_feeds</c>): added and removed by HR, claimed by the poller when due.</summary>
public sealed class FeedStore(Database db, AuditLog audit, TimeProvider time)
{
    private const string Columns =
        "id AS Id, name AS Name, url AS Url, interval_s AS IntervalSeconds, created_at AS CreatedAt, created_by AS CreatedBy, "
        + "next_poll_at AS NextPollAt, last_polled_at AS LastPolledAt, last_status AS LastStatus";

    public IReadOnlyList<MonitoringFeed> List()
    {
        using var connection = db.Open();
        return [.. connection.Query<FeedRow>($"SELECT {Columns} FROM monitoring_feeds WHERE active = 1 ORDER BY created_at, id").Select(r => r.ToFeed())];
    }

    public MonitoringFeed? Find(string id)
    {
        using var connection = db.Open();
        return connection.QuerySingleOrDefault<FeedRow>($"SELECT {Columns} FROM monitoring_feeds WHERE id = @id AND active = 1", new { id })?.ToFeed();
    }

    public MonitoringFeed Add(string actor, string name, string url, int intervalMinutes)
    {
        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7(now).ToString();
        using (var connection = db.Open())
        using (var tx = db.BeginWrite(connection))
        {
            connection.Execute(
                """
                INSERT INTO monitoring_feeds (id, name, url, interval_s, active, created_at, created_by, next_poll_at)
                VALUES (@id, @name, @url, @interval, 1, @now, @actor, @now)
                """,
                new { id, name, url, interval = intervalMinutes * 60, now = StoreTime.Stamp(now), actor },
                tx);
            audit.Append(connection, tx, actor, AuditAction.MonitoringFeedAdded, "feed/" + id, new { name, url, intervalMinutes });
            tx.Commit();
        }

        return Find(id)!;
    }

    public bool Remove(string actor, string id)
    {
        using var connection = db.Open();
        using var tx = db.BeginWrite(connection);
        if (connection.Execute("UPDATE monitoring_feeds SET active = 0 WHERE id = @id AND active = 1", new { id }, tx) == 0)
        {
            return false;
        }

        audit.Append(connection, tx, actor, AuditAction.MonitoringFeedRemoved, "feed/" + id, new { });
        tx.Commit();
        return true;
    }

    internal sealed record DueFeed(string Id, string Name, string Url, long IntervalS, string? Etag, string? LastModified);

    /// <summary>Takes the due feeds (or the one named, due or not), moving their next poll on so no other instance takes them too.</summary>
    internal IReadOnlyList<DueFeed> Claim(string? id = null)
    {
        var now = time.GetUtcNow();
        using var connection = db.Open();
        using var tx = db.BeginWrite(connection);
        var due = connection.Query<DueFeed>(
            id is null
                ? "SELECT id AS Id, name AS Name, url AS Url, interval_s AS IntervalS, etag AS Etag, last_modified AS LastModified FROM monitoring_feeds WHERE active = 1 AND next_poll_at <= @now ORDER BY next_poll_at LIMIT 20"
                : "SELECT id AS Id, name AS Name, url AS Url, interval_s AS IntervalS, etag AS Etag, last_modified AS LastModified FROM monitoring_feeds WHERE active = 1 AND id = @id",
            new { now = StoreTime.Stamp(now), id },
            tx).ToList();
        foreach (var f in due)
        {
            connection.Execute("UPDATE monitoring_feeds SET next_poll_at = @next WHERE id = @id", new { id = f.Id, next = StoreTime.Stamp(now + TimeSpan.FromSeconds(f.IntervalS)) }, tx);
        }

        tx.Commit();
        return due;
    }

    internal void Polled(string id, string status, string? etag, string? lastModified)
    {
        using var connection = db.Open();
        using var tx = db.BeginWrite(connection);
        connection.Execute(
            "UPDATE monitoring_feeds SET last_polled_at = @now, last_status = @status, etag = COALESCE(@etag, etag), last_modified = COALESCE(@lastModified, last_modified) WHERE id = @id",
            new { id, now = StoreTime.Stamp(time.GetUtcNow()), status = status.Length > 300 ? status[..300] : status, etag, lastModified },
            tx);
        tx.Commit();
    }
}

/// <summary>
/// Polls the feeds HR configured, each at its interval, with conditional GETs, and hands their
/// entries to <see cref="MonitoringStore.Ingest"/> like any listening source; also purges
/// mentions, volumes and alerts past their retention once an hour.
/// </summary>
public sealed class FeedPoller(
    FeedStore feeds,
    MonitoringStore store,
    IHttpClientFactory clients,
    IOptions<MonitoringOptions> options,
    TimeProvider time,
    ILogger<FeedPoller> logger) : BackgroundService
{
    public const string HttpClientName = "monitoring-feeds";

    private DateTimeOffset _nextPurge = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Rounds.EveryAsync(options.Value.PollInterval, time, async ct =>
        {
            try
            {
                foreach (var feed in feeds.Claim())
                {
                    await PollAsync(feed, ct);
                }

                if (time.GetUtcNow() >= _nextPurge)
                {
                    _nextPurge = time.GetUtcNow() + TimeSpan.FromHours(1);
                    store.Purge();
                }
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException)
            {
                logger.LogWarning(ex, "Monitoring: feed round failed; retrying");
            }
        }, stoppingToken);
    }

    /// <summary>Polls the feed now (HR's "poll now"); returns its status line.</summary>
    public async Task<string?> PollNowAsync(string id, CancellationToken ct)
    {
        if (feeds.Claim(id) is not [var feed])
        {
            return null;
        }

        return await PollAsync(feed, ct);
    }

    private async Task<string> PollAsync(FeedStore.DueFeed feed, CancellationToken ct)
    {
        var o = options.Value;
        string status;
        string? etag = null;
        string? lastModified = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(o.FeedTimeout);
            using var request = new HttpRequestMessage(HttpMethod.Get, feed.Url);
            request.Headers.Accept.ParseAdd("application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.8");
            if (feed.Etag is not null)
            {
                request.Headers.TryAddWithoutValidation("If-None-Match", feed.Etag);
            }

            if (feed.LastModified is not null)
            {
                request.Headers.TryAddWithoutValidation("If-Modified-Since", feed.LastModified);
            }

            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (response.StatusCode == System.Net.HttpStatusCode.NotModified)
            {
                status = "not modified";
            }
            else if (!response.IsSuccessStatusCode)
            {
                status = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
            }
            else if (response.Content.Headers.ContentLength > o.MaxFeedBytes)
            {
                status = $"too large ({response.Content.Headers.ContentLength} bytes, at most {o.MaxFeedBytes})";
            }
            else
            {
                await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
                using var buffer = new MemoryStream();
                await CopyBoundedAsync(body, buffer, o.MaxFeedBytes, timeout.Token);
                buffer.Position = 0;
                var mentions = FeedReader.Read(buffer, feed.Name, time.GetUtcNow(), o.MaxFeedBytes);
                var result = store.Ingest(mentions);
                status = $"ok: {mentions.Count} entries, {result.Matched} new matched, {result.Alerts.Count} alerts";

                // Validators only for a document that was read: a broken one kept with its ETag would
                // answer "not modified" next time and hide the error until it changes.
                etag = response.Headers.ETag?.ToString();
                lastModified = response.Content.Headers.LastModified?.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            status = $"no answer within {o.FeedTimeout.TotalSeconds:0} s";
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or FormatException or InvalidDataException)
        {
            status = "error: " + ex.Message;
        }

        feeds.Polled(feed.Id, status, etag, lastModified);
        if (!status.StartsWith("ok", StringComparison.Ordinal) && status != "not modified")
        {
            logger.LogInformation("Monitoring: feed {Feed} ({Name}): {Status}", feed.Id, feed.Name, status);
        }

        return status;
    }

    private static async Task CopyBoundedAsync(Stream from, Stream to, int max, CancellationToken ct)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await from.ReadAsync(buffer, ct)) > 0)
        {
            total += read;
            if (total > max)
            {
                throw new InvalidDataException($"the feed is larger than {max} bytes");
            }

            await to.WriteAsync(buffer.AsMemory(0, read), ct);
        }
    }
}
