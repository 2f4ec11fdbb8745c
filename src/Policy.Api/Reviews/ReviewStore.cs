using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using Policy.Api.Audit;
using Policy.Api.Decisions;
using Policy.Api.Notifications;
using Policy.Api.Spokespeople;
using Policy.Api.Store;

namespace Policy.Api.Reviews;

/// <summary>The states of a review; only <see cref="Pending"/> can change.</summary>
public static class ReviewStates
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
    public const string ChangesRequested = "changes-requested";
    public const string Expired = "expired";
    public const string Withdrawn = "withdrawn";
}

/// <summary>The event names a review writes to the notification outbox.</summary>
public static class ReviewEvents
{
    public const string Requested = "review.requested";
    public const string Decided = "review.decided";
    public const string Expired = "review.expired";
}

/// <summary>A review as stored, with the names of the people involved; the texts still sealed.</summary>
public sealed record ReviewRecord(
    string Id,
    string CheckId,
    string AuthorId,
    string AuthorName,
    string TextHash,
    string PackId,
    string PackVersion,
    string Decision,
    IReadOnlyList<DecisionFinding> Findings,
    IReadOnlyList<string> Topics,
    string Channel,
    string Route,
    IReadOnlyList<string> Reviewers,
    string Note,
    string State,
    DateTimeOffset RequestedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? DecidedAt,
    string? DecidedBy,
    string? DecidedByName,
    string? Reason,
    string? ApprovalReference,
    string? TextSealed,
    string? EditedSealed,
    DateTimeOffset? TextDeleteAt);

/// <summary>Why a request or a decision was refused; the endpoint turns it into a problem response.</summary>
public enum ReviewRefusal
{
    None,
    NoSuchCheck,
    NotReviewable,
    AlreadyRequested,
    TextDoesNotMatch,
    NoSuchReview,
    NotYours,
    NotPending,
}

/// <summary>
/// Review requests and their decisions. Every change is one write transaction with its audit entry
/// and its outbox event, so the record, the audit trail and the notification agree. The draft text
/// is stored only when the author consented, sealed by <see cref="DraftVault"/>, and deleted by
/// <see cref="Sweep"/> once the review is closed plus <see cref="ReviewOptions.TextRetention"/>.
/// </summary>
public sealed class ReviewStore(
    Database db,
    AuditLog audit,
    NotificationEventLog outbox,
    DraftVault vault,
    DecisionLog decisions,
    SpokespersonStore registry,
    ApprovalIndex approvals,
    IOptions<ReviewOptions> options,
    TimeProvider time)
{
    /// <summary>The store topic announced after a decision, so other instances reload their approvals.</summary>
    public const string Topic = "reviews";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public DraftVault Vault => vault;

    /// <summary>Files a request for the author's own warn or review check; <paramref name="text"/> only with consent (the caller checks).</summary>
    public (ReviewRecord? Review, ReviewRefusal Refusal) Request(string authorId, Guid checkId, string note, string? text, Func<string, string> hash)
    {
        var check = decisions.Find(checkId);
        if (check is null || !string.Equals(check.AuthorId, authorId, StringComparison.Ordinal))
        {
            return (null, ReviewRefusal.NoSuchCheck);
        }

        if (check.Decision is not ("warn" or "review"))
        {
            return (null, ReviewRefusal.NotReviewable);
        }

        if (text is not null && !CryptographicOperations.FixedTimeEquals(Convert.FromHexString(hash(text)), Convert.FromHexString(check.TextHash)))
        {
            return (null, ReviewRefusal.TextDoesNotMatch);
        }

        var now = time.GetUtcNow();
        var route = CheckRoute.Parse(check.Route, check.Decision);
        var (routeName, reviewers) = ReviewRouting.For(route, authorId, registry.All, now);
        var id = Guid.CreateVersion7(now).ToString();
        var expires = now + options.Value.ExpireAfter;
        using var connection = db.Open();
        using var tx = db.BeginWrite(connection);
        if (connection.ExecuteScalar<long>("SELECT COUNT(*) FROM reviews WHERE check_id = @checkId", new { checkId = checkId.ToString() }, tx) > 0)
        {
            return (null, ReviewRefusal.AlreadyRequested);
        }

        connection.Execute(
            """
            INSERT INTO reviews (id, check_id, author_id, text_hash, pack_id, pack_version, decision, findings, topics, channel, route,
                                 note, state, requested_at, expires_at, text_sealed)
            VALUES (@id, @checkId, @authorId, @textHash, @packId, @packVersion, @decision, @findings, @topics, @channel, @routeName,
                    @note, 'pending', @at, @expires, @sealed)
            """,
            new
            {
                id,
                checkId = checkId.ToString(),
                authorId,
                textHash = check.TextHash,
                packId = check.PackId,
                packVersion = check.PackVersion,
                decision = check.Decision,
                findings = JsonSerializer.Serialize(check.Findings, Json),
                topics = string.Join(',', route.Topics),
                channel = route.Channel,
                routeName,
                note,
                at = StoreTime.Stamp(now),
                expires = StoreTime.Stamp(expires),
                @sealed = text is null ? null : vault.Seal(text, id),
            },
            tx);
        foreach (var reviewer in reviewers)
        {
            connection.Execute("INSERT INTO review_reviewers (review_id, person_id) VALUES (@id, @reviewer)", new { id, reviewer }, tx);
        }

        audit.Append(connection, tx, authorId, AuditAction.ReviewRequested, "review/" + id,
            new { checkId, route = routeName, reviewers, topics = route.Topics, channel = route.Channel, textShared = text is not null, expiresAt = expires });
        outbox.Append(connection, tx, ReviewEvents.Requested, "review/" + id, new
        {
            reviewId = id,
            checkId,
            state = ReviewStates.Pending,
            decision = check.Decision,
            route = routeName,
            reviewers,
            topics = route.Topics,
            channel = route.Channel,
            requestedBy = authorId,
            requestedAt = now,
            expiresAt = expires,
        });
        tx.Commit();
        return (Find(id), ReviewRefusal.None);
    }

    /// <summary>The roles of the person's active keys, for checking an edited text as they would post it.</summary>
    public IReadOnlyList<string> RolesOf(string personId)
    {
        using var connection = db.Open();
        return [.. connection.Query<string>("SELECT roles FROM api_keys WHERE person_id = @personId AND revoked_at IS NULL", new { personId })
            .SelectMany(r => r.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal)];
    }

    public ReviewRecord? Find(string id)
    {
        using var connection = db.Open();
        return Read(connection, null, "r.id = @id", new { id }).FirstOrDefault();
    }

    /// <summary>The author's own reviews, newest first.</summary>
    public IReadOnlyList<ReviewRecord> Mine(string authorId, int limit)
    {
        using var connection = db.Open();
        return Read(connection, null, "r.author_id = @authorId", new { authorId }, limit);
    }

    /// <summary>
    /// What a reviewer sees: pending reviews routed to them; HR and admins see every pending review.
    /// <paramref name="closed"/>: the reviews they may decide that are closed, newest first.
    /// </summary>
    public IReadOnlyList<ReviewRecord> Queue(string personId, bool seesAll, bool closed, int limit)
    {
        using var connection = db.Open();
        var state = closed ? "r.state <> 'pending'" : "r.state = 'pending'";
        return seesAll
            ? Read(connection, null, state, new { }, limit, oldestFirst: !closed)
            : Read(connection, null, $"{state} AND r.id IN (SELECT review_id FROM review_reviewers WHERE person_id = @personId)", new { personId }, limit, oldestFirst: !closed);
    }

    /// <summary>Whether the person may decide the review: routed to them, or HR/admin; never the author.</summary>
    public static bool MayDecide(ReviewRecord review, string personId, bool seesAll) =>
        !string.Equals(review.AuthorId, personId, StringComparison.Ordinal)
        && (seesAll || review.Reviewers.Contains(personId, StringComparer.Ordinal));

    /// <summary>
    /// Closes a pending review: approved (with the fingerprint of the approved text, the original's
    /// or the reviewer's edit), rejected, changes requested, or withdrawn by its author.
    /// </summary>
    public (ReviewRecord? Review, ReviewRefusal Refusal) Decide(string id, string actor, string state, string? reason, string? editedText, string? editedHash)
    {
        var now = time.GetUtcNow();
        string? reference = null;
        ReviewRecord current;
        using (var connection = db.Open())
        using (var tx = db.BeginWrite(connection))
        {
            // Read inside the write transaction: two reviewers deciding at once cannot both win.
            var found = Read(connection, tx, "r.id = @id", new { id }).FirstOrDefault();
            if (found is null)
            {
                return (null, ReviewRefusal.NoSuchReview);
            }

            current = found;
            if (current.State != ReviewStates.Pending)
            {
                return (current, ReviewRefusal.NotPending);
            }

            var approvedHash = state == ReviewStates.Approved ? editedHash ?? current.TextHash : null;
            reference = state == ReviewStates.Approved ? NewReference() : null;
            var shared = current.TextSealed is not null || editedText is not null;
            connection.Execute(
                """
                UPDATE reviews SET state = @state, decided_at = @at, decided_by = @actor, reason = @reason,
                       approved_hash = @approvedHash, approval_ref = @reference, edited_sealed = @edited, text_delete_at = @deleteAt
                WHERE id = @id AND state = 'pending'
                """,
                new
                {
                    id,
                    state,
                    at = StoreTime.Stamp(now),
                    actor,
                    reason,
                    approvedHash,
                    reference,
                    edited = editedText is null ? null : vault.Seal(editedText, id + "/edited"),
                    deleteAt = shared ? StoreTime.Stamp(now + options.Value.TextRetention) : null,
                },
                tx);
            var action = state switch
            {
                ReviewStates.Approved => AuditAction.ReviewApproved,
                ReviewStates.Rejected => AuditAction.ReviewRejected,
                ReviewStates.ChangesRequested => AuditAction.ReviewChangesRequested,
                _ => AuditAction.ReviewWithdrawn,
            };
            audit.Append(connection, tx, actor, action, "review/" + id,
                new { checkId = current.CheckId, reason, approvalReference = reference, edited = editedText is not null });
            outbox.Append(connection, tx, ReviewEvents.Decided, "review/" + id, new
            {
                reviewId = id,
                checkId = current.CheckId,
                state,
                route = current.Route,
                decidedBy = actor,
                decidedAt = now,
                reason,
                approvalReference = reference,
                edited = editedText is not null,
                requestedBy = current.AuthorId,
            });
            db.Announce(connection, tx, Topic);
            tx.Commit();

            if (state == ReviewStates.Approved)
            {
                approvals.Add(current.AuthorId, approvedHash!, reference!, id, now);
            }
        }

        return (Find(id), ReviewRefusal.None);
    }

    /// <summary>
    /// Expires pending reviews past their time and deletes shared texts past their retention (the
    /// reviews' and the false-positive reports'); returns (expired, texts deleted).
    /// </summary>
    public (int Expired, int TextsDeleted) Sweep()
    {
        var now = time.GetUtcNow();
        var stamp = StoreTime.Stamp(now);
        var expired = 0;
        using var connection = db.Open();
        using (var tx = db.BeginWrite(connection))
        {
            var due = Read(connection, tx, "r.state = 'pending' AND r.expires_at <= @stamp", new { stamp }, 500, oldestFirst: true);
            foreach (var review in due)
            {
                connection.Execute(
                    """
                    UPDATE reviews SET state = 'expired', decided_at = @stamp, text_delete_at = @deleteAt
                    WHERE id = @id AND state = 'pending'
                    """,
                    new { id = review.Id, stamp, deleteAt = review.TextSealed is null ? null : StoreTime.Stamp(now + options.Value.TextRetention) },
                    tx);
                audit.Append(connection, tx, "system", AuditAction.ReviewExpired, "review/" + review.Id, new { checkId = review.CheckId, review.ExpiresAt });
                outbox.Append(connection, tx, ReviewEvents.Expired, "review/" + review.Id, new
                {
                    reviewId = review.Id,
                    checkId = review.CheckId,
                    state = ReviewStates.Expired,
                    route = review.Route,
                    reviewers = review.Reviewers,
                    requestedBy = review.AuthorId,
                    expiredAt = now,
                });
                expired++;
            }

            tx.Commit();
        }

        return (expired, DeleteTexts(connection, stamp));
    }

    /// <summary>Overwrites the sealed texts whose time has come (secure_delete on SQLite, so no copy stays in free pages).</summary>
    private int DeleteTexts(DbConnection connection, string stamp)
    {
        var sqlite = db.Backend == StoreBackend.Sqlite;
        if (sqlite)
        {
            connection.Execute("PRAGMA secure_delete = ON;");
        }

        try
        {
            int deleted;
            using (var tx = db.BeginWrite(connection))
            {
                deleted = connection.Execute(
                    "UPDATE reviews SET text_sealed = NULL, edited_sealed = NULL, text_delete_at = NULL WHERE text_delete_at <= @stamp",
                    new { stamp },
                    tx);
                deleted += connection.Execute(
                    "UPDATE false_positives SET text_sealed = NULL, text_delete_at = NULL WHERE text_delete_at <= @stamp",
                    new { stamp },
                    tx);
                tx.Commit();
            }

            if (deleted > 0 && sqlite)
            {
                connection.Execute("PRAGMA wal_checkpoint(TRUNCATE);");
            }

            return deleted;
        }
        finally
        {
            if (sqlite)
            {
                connection.Execute("PRAGMA secure_delete = OFF;");
            }
        }
    }

    /// <summary>Reviews requested in [from, to), by their state now.</summary>
    public IReadOnlyDictionary<string, long> CountByState(DateTimeOffset from, DateTimeOffset to)
    {
        using var connection = db.Open();
        return connection.Query<(string State, long Count)>(
            "SELECT state, COUNT(*) FROM reviews WHERE requested_at >= @from AND requested_at < @to GROUP BY state ORDER BY state",
            new { from = StoreTime.Stamp(from), to = StoreTime.Stamp(to) }).ToDictionary(r => r.State, r => r.Count, StringComparer.Ordinal);
    }

    /// <summary>
    /// Deletes closed reviews requested before <paramref name="cutoff"/> (the decision log's
    /// retention), except approvals still valid; the audit entries stay.
    /// </summary>
    public int Purge(DateTimeOffset cutoff)
    {
        var args = new { cutoff = StoreTime.Stamp(cutoff), valid = StoreTime.Stamp(time.GetUtcNow() - options.Value.ApprovalValidity) };
        const string Old = "state <> 'pending' AND requested_at < @cutoff AND (state <> 'approved' OR decided_at < @valid)";
        using var connection = db.Open();
        using var tx = db.BeginWrite(connection);
        connection.Execute($"DELETE FROM review_reviewers WHERE review_id IN (SELECT id FROM reviews WHERE {Old})", args, tx);
        var deleted = connection.Execute($"DELETE FROM reviews WHERE {Old}", args, tx);
        tx.Commit();
        return deleted;
    }

    /// <summary>A reference an integration can quote: "APR-" and 12 characters of Crockford base32.</summary>
    private static string NewReference()
    {
        const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        Span<byte> bytes = stackalloc byte[12];
        RandomNumberGenerator.Fill(bytes);
        Span<char> chars = stackalloc char[12];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[bytes[i] & 31];
        }

        return "APR-" + new string(chars);
    }

    private static List<ReviewRecord> Read(DbConnection connection, DbTransaction? tx, string where, object parameters, int limit = 1, bool oldestFirst = false)
    {
        var args = new DynamicParameters(parameters);
        args.Add("limit", limit);
        var rows = connection.Query<Row>(
            $"""
            SELECT r.id AS Id, r.check_id AS CheckId, r.author_id AS AuthorId, COALESCE(a.display_name, r.author_id) AS AuthorName,
                   r.text_hash AS TextHash, r.pack_id AS PackId, r.pack_version AS PackVersion, r.decision AS Decision, r.findings AS Findings,
                   r.topics AS Topics, r.channel AS Channel, r.route AS Route, r.note AS Note, r.state AS State,
                   r.requested_at AS RequestedAt, r.expires_at AS ExpiresAt, r.decided_at AS DecidedAt, r.decided_by AS DecidedBy,
                   d.display_name AS DecidedByName, r.reason AS Reason, r.approval_ref AS ApprovalReference,
                   r.text_sealed AS TextSealed, r.edited_sealed AS EditedSealed, r.text_delete_at AS TextDeleteAt
            FROM reviews r
            LEFT JOIN people a ON a.id = r.author_id
            LEFT JOIN people d ON d.id = r.decided_by
            WHERE {where}
            ORDER BY r.requested_at {(oldestFirst ? "ASC" : "DESC")}, r.id
            LIMIT @limit
            """,
            args,
            tx).ToList();
        if (rows.Count == 0)
        {
            return [];
        }

        var ids = rows.Select(r => r.Id).ToArray();
        var reviewers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            reviewers[id] = [.. connection.Query<string>("SELECT person_id FROM review_reviewers WHERE review_id = @id ORDER BY person_id", new { id }, tx)];
        }

        return [.. rows.Select(r => new ReviewRecord(
            r.Id, r.CheckId, r.AuthorId, r.AuthorName, r.TextHash, r.PackId, r.PackVersion, r.Decision,
            JsonSerializer.Deserialize<List<DecisionFinding>>(r.Findings, Json) ?? [],
            r.Topics.Split(',', StringSplitOptions.RemoveEmptyEntries), r.Channel, r.Route, reviewers[r.Id], r.Note, r.State,
            Parse(r.RequestedAt), Parse(r.ExpiresAt), r.DecidedAt is null ? null : Parse(r.DecidedAt), r.DecidedBy, r.DecidedByName,
            r.Reason, r.ApprovalReference, r.TextSealed, r.EditedSealed, r.TextDeleteAt is null ? null : Parse(r.TextDeleteAt)))];
    }

    private static DateTimeOffset Parse(string stamp) =>
        DateTimeOffset.Parse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    // A class with setters rather than a positional record: Dapper then converts each column to its
    // property's type, whatever type the driver reports for a computed column.
    private sealed class Row
    {
        public string Id { get; init; } = string.Empty;

        public string CheckId { get; init; } = string.Empty;

        public string AuthorId { get; init; } = string.Empty;

        public string AuthorName { get; init; } = string.Empty;

        public string TextHash { get; init; } = string.Empty;

        public string PackId { get; init; } = string.Empty;

        public string PackVersion { get; init; } = string.Empty;

        public string Decision { get; init; } = string.Empty;

        public string Findings { get; init; } = string.Empty;

        public string Topics { get; init; } = string.Empty;

        public string Channel { get; init; } = string.Empty;

        public string Route { get; init; } = string.Empty;

        public string Note { get; init; } = string.Empty;

        public string State { get; init; } = string.Empty;

        public string RequestedAt { get; init; } = string.Empty;

        public string ExpiresAt { get; init; } = string.Empty;

        public string? DecidedAt { get; init; }

        public string? DecidedBy { get; init; }

        public string? DecidedByName { get; init; }

        public string? Reason { get; init; }

        public string? ApprovalReference { get; init; }

        public string? TextSealed { get; init; }

        public string? EditedSealed { get; init; }

        public string? TextDeleteAt { get; init; }
    }
}
