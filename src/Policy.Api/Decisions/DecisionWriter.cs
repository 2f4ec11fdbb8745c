using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Policy.Api.Telemetry;

namespace Policy.Api.Decisions;

/// <summary>The decision log cannot keep up; the caller should retry shortly.</summary>
public sealed class DecisionLogBusyException : Exception
{
    public DecisionLogBusyException()
        : base("the decision log queue is full")
    {
    }

    public DecisionLogBusyException(string message)
        : base(message)
    {
    }

    public DecisionLogBusyException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>
/// Group commit for the decision log. Checks hand their rows to one writer, which commits whatever
/// has queued up in a single transaction (one disk sync for many checks) and only then releases the
/// waiting checks. A check is answered after its row is durable, so a returned checkId survives a
/// crash; the queue is bounded, so a writer that falls behind turns into 503s, not into memory.
/// Stopping the host drains the queue before the process ends.
/// </summary>
public sealed class DecisionWriter : BackgroundService
{
    private readonly DecisionLog _log;
    private readonly ILogger<DecisionWriter> _logger;
    private readonly PolicyMetrics _metrics;
    private readonly int _maxBatch;
    private readonly Channel<Pending> _queue;
    private int _queuedRows;
    private readonly int _capacity;

    public DecisionWriter(DecisionLog log, IOptions<DecisionOptions> options, PolicyMetrics metrics, ILogger<DecisionWriter> logger)
    {
        _log = log;
        _logger = logger;
        _metrics = metrics;
        metrics.Meter.CreateObservableGauge(PolicyMetrics.DecisionLogQueueDepth, () => QueuedRows, "{row}", "Decision rows waiting for the group-commit writer.");
        _maxBatch = options.Value.MaxBatch;
        _capacity = options.Value.QueueCapacity;
        _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    }

    private sealed record Pending(IReadOnlyList<DecisionRecord> Records, TaskCompletionSource Done);

    /// <summary>Rows waiting for the writer right now.</summary>
    public int QueuedRows => Volatile.Read(ref _queuedRows);

    /// <summary>Completes when the records are committed; throws <see cref="DecisionLogBusyException"/> if the queue is full.</summary>
    public Task RecordAsync(IReadOnlyList<DecisionRecord> records)
    {
        if (records.Count == 0)
        {
            return Task.CompletedTask;
        }

        // Counted in rows, not requests, so a batch of 1,000 drafts weighs what it costs.
        if (Interlocked.Add(ref _queuedRows, records.Count) > _capacity)
        {
            Interlocked.Add(ref _queuedRows, -records.Count);
            throw new DecisionLogBusyException();
        }

        var pending = new Pending(records, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            Interlocked.Add(ref _queuedRows, -records.Count);
            throw new DecisionLogBusyException("the decision log is shutting down");
        }

        return pending.Done.Task;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The commit blocks (insert, then the disk sync). On a thread-pool thread it would take one of
        // the few workers a small machine starts with away from the checks for every batch, and the
        // pool only notices after a while; so the writer has a thread of its own.
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Drain();
                finished.SetResult();
            }
            catch (Exception ex)
            {
                finished.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "decision-log writer",
        };
        thread.Start();
        return finished.Task;
    }

    private void Drain()
    {
        var batch = new List<Pending>();
        var rows = new List<DecisionRecord>(_maxBatch);
        // The loop ends only when the channel is completed and empty (see StopAsync): nothing
        // accepted is dropped on shutdown.
        while (_queue.Reader.WaitToReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            rows.Clear();
            while (rows.Count < _maxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
                rows.AddRange(pending.Records);
            }

            var started = Stopwatch.GetTimestamp();
            var committed = false;
            try
            {
                _log.Record(rows);
                committed = true;
                foreach (var p in batch)
                {
                    p.Done.TrySetResult();
                }
            }
            catch (Exception ex)
            {
                _logger.LogError("decision log batch of {Rows} rows failed: {Error}", rows.Count, ex.GetType().Name);
                foreach (var p in batch)
                {
                    p.Done.TrySetException(ex);
                }
            }
            finally
            {
                _metrics.DecisionLogCommitted(rows.Count, Stopwatch.GetElapsedTime(started), committed);
                Interlocked.Add(ref _queuedRows, -rows.Count);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        if (ExecuteTask is { } running)
        {
            await running.WaitAsync(cancellationToken);
        }
    }
}
