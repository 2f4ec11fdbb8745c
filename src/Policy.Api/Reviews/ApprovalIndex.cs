using Dapper;
using Microsoft.Extensions.Options;
using Policy.Api.Store;

namespace Policy.Api.Reviews;

/// <summary>An approval that a check of the same text by the same author answers with.</summary>
public sealed record Approval(string Reference, string ReviewId, DateTimeOffset ApprovedAt, DateTimeOffset ValidUntil);

/// <summary>
/// The approvals still valid, by author and keyed draft fingerprint, in memory: a check looks its
/// text up without a database round trip. Filled from the store at start, added to on approval,
/// reloaded when another instance announces a review change.
/// </summary>
public sealed class ApprovalIndex
{
    private readonly Database _db;
    private readonly TimeProvider _time;
    private readonly TimeSpan _validity;
    private Dictionary<(string Author, string Hash), Approval> _approvals;
    private readonly Lock _gate = new();

    public ApprovalIndex(Database db, TimeProvider time, IOptions<ReviewOptions> options, StoreChanges changes)
    {
        _db = db;
        _time = time;
        _validity = options.Value.ApprovalValidity;
        _approvals = Load();
        changes.Subscribe(ReviewStore.Topic, Reload);
    }

    /// <summary>The valid approval of this author for this fingerprint, if any.</summary>
    public Approval? Find(string authorId, string textHash, DateTimeOffset now) =>
        Volatile.Read(ref _approvals).TryGetValue((authorId, textHash), out var a) && now < a.ValidUntil ? a : null;

    public void Reload()
    {
        var fresh = Load();
        lock (_gate)
        {
            Volatile.Write(ref _approvals, fresh);
        }
    }

    internal void Add(string authorId, string textHash, string reference, string reviewId, DateTimeOffset approvedAt)
    {
        lock (_gate)
        {
            // Copy on write: checks read the dictionary without a lock.
            var next = new Dictionary<(string, string), Approval>(_approvals)
            {
                [(authorId, textHash)] = new Approval(reference, reviewId, approvedAt, approvedAt + _validity),
            };
            Volatile.Write(ref _approvals, next);
        }
    }

    private Dictionary<(string Author, string Hash), Approval> Load()
    {
        var since = StoreTime.Stamp(_time.GetUtcNow() - _validity);
        using var connection = _db.Open();
        var rows = connection.Query<(string Author, string Hash, string Reference, string Id, string At)>(
            """
            SELECT author_id, approved_hash, approval_ref, id, decided_at FROM reviews
            WHERE state = 'approved' AND decided_at >= @since ORDER BY decided_at
            """,
            new { since });
        var map = new Dictionary<(string, string), Approval>();
        foreach (var r in rows)
        {
            var at = DateTimeOffset.Parse(r.At, System.Globalization.CultureInfo.InvariantCulture);
            map[(r.Author, r.Hash)] = new Approval(r.Reference, r.Id, at, at + _validity);
        }

        return map;
    }
}
