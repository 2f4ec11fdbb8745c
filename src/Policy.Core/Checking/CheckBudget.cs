namespace Policy.Core.Checking;

/// <summary>
/// How long one request's checks may take, across all their rules (a batch shares one budget), and the
/// request's cancellation. When it is spent the engine stops running rules and sends the draft to
/// review with a finding that says so: an unfinished check never allows. Started when the request's
/// work starts; immutable, so one instance serves every check of the request.
/// </summary>
public sealed class CheckBudget
{
    private readonly TimeProvider _time;
    private readonly long _start;

    public CheckBudget(TimeSpan limit, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (limit <= TimeSpan.Zero && limit != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "A check budget is positive or infinite.");
        }

        Limit = limit;
        CancellationToken = cancellationToken;
        _time = time;
        _start = time.GetTimestamp();
    }

    /// <summary>No limit and no cancellation: tools, tests, the pack's own examples.</summary>
    public static CheckBudget Unlimited { get; } = new(Timeout.InfiniteTimeSpan, TimeProvider.System);

    public TimeSpan Limit { get; }

    public CancellationToken CancellationToken { get; }

    public bool IsLimited => Limit != Timeout.InfiniteTimeSpan;

    public bool IsSpent => IsLimited && _time.GetElapsedTime(_start) > Limit;
}
