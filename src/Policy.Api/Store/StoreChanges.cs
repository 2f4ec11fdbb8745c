using System.Collections.Concurrent;
using Npgsql;

namespace Policy.Api.Store;

/// <summary>
/// Who reloads what when another instance changed the store. Caches that hold store state
/// (the checking pack, the spokesperson snapshot, the key cache) subscribe to their topic; the
/// listener calls them when an announcement arrives, and calls all of them after (re)connecting,
/// since announcements made while it was not listening are lost.
/// </summary>
public sealed class StoreChanges(ILogger<StoreChanges> logger)
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<Action>> _handlers = new(StringComparer.Ordinal);

    private bool _listening;

    /// <summary>Whether the listener is connected (PostgreSQL); set by <see cref="StoreChangeListener"/>.</summary>
    public bool Listening
    {
        get => Volatile.Read(ref _listening);
        set => Volatile.Write(ref _listening, value);
    }

    public void Subscribe(string topic, Action reload) => _handlers.GetOrAdd(topic, _ => []).Add(reload);

    /// <summary>Runs the reloads of <paramref name="topic"/>; one that fails is logged and does not stop the others.</summary>
    public void Dispatch(string topic)
    {
        if (!_handlers.TryGetValue(topic, out var handlers))
        {
            return;
        }

        foreach (var reload in handlers)
        {
            try
            {
                reload();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                logger.LogError(ex, "Reloading {Topic} after a change by another instance failed", topic);
            }
        }
    }

    public void DispatchAll()
    {
        foreach (var topic in _handlers.Keys)
        {
            Dispatch(topic);
        }
    }
}

/// <summary>
/// On PostgreSQL: listens on <see cref="PostgresDatabase.Channel"/> with a connection of its own
/// and hands every announcement to <see cref="StoreChanges"/>, so a change made on one instance
/// reaches all others within milliseconds. Reconnects after a lost connection and then reloads
/// everything. Does nothing on SQLite.
/// </summary>
public sealed class StoreChangeListener(Database db, StoreChanges changes, TimeProvider time, ILogger<StoreChangeListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (db is not PostgresDatabase postgres)
        {
            return;
        }

        var lost = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await postgres.ListenerDataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => changes.Dispatch(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {PostgresDatabase.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Announcements made while nobody listened (this instance starting, or the
                // connection lost) are gone: read everything once now.
                if (lost)
                {
                    logger.LogInformation("Listening for changes on {Database} again; reloading everything", db.Location);
                }
                else
                {
                    logger.LogInformation("Listening for changes on {Database}", db.Location);
                }

                changes.DispatchAll();
                changes.Listening = true;
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or System.IO.IOException or InvalidOperationException)
            {
                lost = true;
                changes.Listening = false;
                // The listener is the canary: its connection broke, so the pooled idle ones most
                // likely did too (server restart, failover, cut). Dropping them now spares the
                // next requests a dead connection.
                postgres.DataSource.Clear();
                logger.LogWarning(ex, "Lost the change listener's connection to {Database}; retrying in 1 s", db.Location);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
