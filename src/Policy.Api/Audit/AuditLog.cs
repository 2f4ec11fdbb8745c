using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Policy.Api.Store;

namespace Policy.Api.Audit;

public sealed record AuditEntry(long Seq, string At, string Actor, string Action, string Subject, string Details, string PrevHash, string Hash);

/// <summary>
/// The outcome of <see cref="AuditLog.Verify"/>: intact, or the first problem found: the first
/// entry that does not follow (<see cref="FirstBrokenSeq"/>), a head that does not match the last
/// entry, or a covered row (<see cref="BrokenRow"/>, "table/key") that differs from what its last
/// entry recorded.
/// </summary>
public sealed record AuditVerification(bool Intact, long Entries, long? FirstBrokenSeq, string? Reason, long CoveredRows = 0, string? BrokenRow = null);

/// <summary>A row of a security-relevant table that an audit entry wrote: its content hash goes into the entry.</summary>
public readonly record struct AuditedRow(string Table, string Key);

/// <summary>
/// Append-only record of every change: who, when, what. Each entry is sealed with a keyed HMAC
/// (<see cref="AuditKey"/>) over its position (seq), content and the previous entry's hash, so
/// altering, removing, reordering or renumbering a row breaks the chain, and recomputing it needs
/// the key. The last seq and hash are kept, sealed too, in <c>audit_head</c>, outside the audit
/// table and in the same transaction as every append: removing the newest entries, or all of them,
/// no longer leaves a shorter chain that looks whole. The rows of the security-relevant tables
/// (<see cref="Covered"/>) carry their content hash in the entry that wrote them; verify compares.
/// </summary>
public sealed class AuditLog(Database db, TimeProvider time, AuditKey key)
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>The security-relevant tables whose rows verify compares with their last audit entry.</summary>
    public static class Tables
    {
        public const string ApiKeys = "api_keys";
        public const string Spokespeople = "spokespeople";
        public const string Crisis = "crisis_mode";
        public const string ActivePacks = "active_versions";
        public const string CheckingPack = "checking_pack";
    }

    /// <summary>Table → key column and the columns whose content counts (all that decide who may do what).</summary>
    internal static readonly IReadOnlyDictionary<string, (string Key, string Columns)> Covered = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        [Tables.ApiKeys] = ("id", "id, person_id, key_hash, roles, created_at, created_by, revoked_at, revoked_by"),
        [Tables.Spokespeople] = ("id", "id, person_id, topics, channels, valid_from, valid_until, approved_by, note"),
        [Tables.Crisis] = ("seq", "seq, active, reason, at, actor"),
        [Tables.ActivePacks] = ("pack_id", "pack_id, version, activated_at, activated_by"),
        [Tables.CheckingPack] = ("id", "id, pack_id, changed_at, changed_by"),
    };

    /// <summary>Covered columns whose instants were written in .NET's "O" form until migration 110 and are
    /// sealed in that form (see <see cref="SealedAt"/>).</summary>
    private static readonly HashSet<(string Table, string Column)> SealedAsOffset =
    [
        (Tables.ApiKeys, "created_at"), (Tables.ApiKeys, "revoked_at"), (Tables.ActivePacks, "activated_at"), (Tables.CheckingPack, "changed_at"),
    ];

    private const string Columns =
        "seq AS Seq, at AS At, actor AS Actor, action AS Action, subject AS Subject, details AS Details, prev_hash AS PrevHash, hash AS Hash";

    /// <summary>
    /// Appends an entry inside the caller's transaction, so the change and its record commit
    /// together; <paramref name="row"/> names the covered row the change wrote (after the write).
    /// </summary>
    public void Append(DbConnection connection, DbTransaction tx, string actor, AuditAction auditAction, string subject, object details, AuditedRow? row = null)
    {
        var action = auditAction.Name();
        // Writers are serialized (Database.BeginWrite): the last entry read here is the last one.
        var last = connection.QuerySingleOrDefault<(long Seq, string Hash)?>("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", transaction: tx);
        var seq = (last?.Seq ?? 0) + 1;
        var prev = last?.Hash ?? Genesis;
        var at = StoreTime.Stamp(time.GetUtcNow());
        var json = JsonSerializer.Serialize(details);
        var rowHash = row is { } r ? RowHash(connection, tx, r.Table, r.Key) ?? throw new InvalidOperationException($"The audited row {r.Table}/{r.Key} does not exist.") : null;
        var hash = key.Seal(Canonical(seq, prev, SealedAt(at), actor, action, subject, json, row?.Table, row?.Key, rowHash));
        connection.Execute(
            """
            INSERT INTO audit (seq, at, actor, action, subject, details, prev_hash, hash, keyed, row_table, row_key, row_hash)
            VALUES (@seq, @at, @actor, @action, @subject, @json, @prev, @hash, 1, @table, @rowKey, @rowHash)
            """,
            new { seq, at, actor, action, subject, json, prev, hash, table = row?.Table, rowKey = row?.Key, rowHash },
            tx);
        connection.Execute(
            """
            INSERT INTO audit_head (id, seq, hash, mac) VALUES (1, @seq, @hash, @mac)
            ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, mac = excluded.mac
            """,
            new { seq, hash, mac = key.Seal(HeadText(seq, hash)) },
            tx);
    }

    /// <summary>Appends an entry in a transaction of its own.</summary>
    public void Append(string actor, AuditAction action, string subject, object details)
    {
        using var connection = db.Open();
        using var tx = db.BeginWrite(connection);
        Append(connection, tx, actor, action, subject, details);
        tx.Commit();
    }

    /// <summary>
    /// Once, on the first start after the audit became keyed: a store whose entries are all unkeyed
    /// (or that has none but already has covered rows) gets an entry that keys the chain from there
    /// on, and one per covered row that no entry covers yet, recording its content as found. Never
    /// again after that: a keyed entry exists from then on, and a missing head is then a finding.
    /// </summary>
    public void KeyTheChain()
    {
        using var connection = db.Open();
        using var tx = db.BeginWrite(connection);
        if (connection.ExecuteScalar<long>("SELECT COUNT(*) FROM audit WHERE keyed = 1", transaction: tx) > 0)
        {
            return;
        }

        var unkeyed = connection.ExecuteScalar<long>("SELECT COUNT(*) FROM audit", transaction: tx);
        var uncovered = Covered.Keys.SelectMany(t => Keys(connection, tx, t).Select(k => new AuditedRow(t, k))).ToList();
        if (unkeyed == 0 && uncovered.Count == 0)
        {
            return; // a new store: its first change writes the first keyed entry
        }

        Append(connection, tx, "system", AuditAction.AuditKeyed, "audit", new { unkeyedEntries = unkeyed });
        foreach (var row in uncovered)
        {
            Append(connection, tx, "system", AuditAction.AuditCovered, row.Table + "/" + row.Key, new { row.Table, row.Key }, row);
        }

        tx.Commit();
    }

    public IReadOnlyList<AuditEntry> List(long afterSeq, int limit)
    {
        using var connection = db.Open();
        return [.. connection.Query<AuditEntry>($"SELECT {Columns} FROM audit WHERE seq > @afterSeq ORDER BY seq LIMIT @limit", new { afterSeq, limit })];
    }

    public AuditVerification Verify()
    {
        using var connection = db.Open();
        var prev = Genesis;
        long count = 0;
        (long Seq, string Hash)? last = null;
        var keyedSeen = false;
        var lastRowHash = new Dictionary<(string Table, string Key), string>();
        foreach (var e in connection.Query<StoredEntry>(
            $"SELECT {Columns}, keyed AS Keyed, row_table AS RowTable, row_key AS RowKey, row_hash AS RowHash FROM audit ORDER BY seq",
            buffered: false))
        {
            count++;
            if (e.PrevHash != prev)
            {
                return Broken(count, e.Seq, "prev_hash does not match the hash of the entry before (a row was removed or reordered)");
            }

            if (e.Keyed == 0)
            {
                if (keyedSeen)
                {
                    return Broken(count, e.Seq, "an unkeyed entry follows keyed ones (the chain was recomputed without the key)");
                }

                if (UnkeyedHash(e.PrevHash, SealedAt(e.At), e.Actor, e.Action, e.Subject, e.Details) != e.Hash)
                {
                    return Broken(count, e.Seq, "the entry's content does not match its hash (the row was altered)");
                }
            }
            else
            {
                keyedSeen = true;
                if (!key.Verify(Canonical(e.Seq, e.PrevHash, SealedAt(e.At), e.Actor, e.Action, e.Subject, e.Details, e.RowTable, e.RowKey, e.RowHash), e.Hash))
                {
                    return Broken(count, e.Seq, "the entry's content or position does not match its keyed hash (the row was altered, renumbered or recomputed without the key)");
                }
            }

            if (e.RowTable is not null && e.RowKey is not null && e.RowHash is not null)
            {
                lastRowHash[(e.RowTable, e.RowKey)] = e.RowHash;
            }

            prev = e.Hash;
            last = (e.Seq, e.Hash);
        }

        var head = connection.QuerySingleOrDefault<(long Seq, string Hash, string Mac)?>("SELECT seq, hash, mac FROM audit_head WHERE id = 1");
        if (HeadProblem(head, last, keyedSeen) is { } headProblem)
        {
            return Broken(count, headProblem.Seq, headProblem.Reason);
        }

        long covered = 0;
        foreach (var (table, _) in Covered)
        {
            foreach (var rowKey in Keys(connection, null, table))
            {
                covered++;
                var hash = RowHash(connection, null, table, rowKey);
                if (!lastRowHash.TryGetValue((table, rowKey), out var recorded))
                {
                    return new AuditVerification(false, count, null, $"the {table} row '{rowKey}' has no audit entry (it was written outside the API)", covered, $"{table}/{rowKey}");
                }

                if (recorded != hash)
                {
                    return new AuditVerification(false, count, null, $"the {table} row '{rowKey}' differs from its last audit entry (it was changed outside the API)", covered, $"{table}/{rowKey}");
                }
            }
        }

        return new AuditVerification(true, count, null, null, covered);
    }

    private (long? Seq, string Reason)? HeadProblem((long Seq, string Hash, string Mac)? head, (long Seq, string Hash)? last, bool keyedSeen)
    {
        if (head is not { } h)
        {
            return keyedSeen ? (null, "the head record is missing (it was deleted outside the API)") : null;
        }

        if (!key.Verify(HeadText(h.Seq, h.Hash), h.Mac))
        {
            return (null, "the head record does not match its seal (it was altered outside the API)");
        }

        if (last is not { } l)
        {
            return (h.Seq, $"the head names entry {h.Seq}, but there are no entries (all were deleted)");
        }

        if (l.Seq < h.Seq)
        {
            return (l.Seq + 1, $"the head names entry {h.Seq}, but the log ends at {l.Seq} (the newest entries were deleted)");
        }

        if (l.Seq > h.Seq)
        {
            return (h.Seq + 1, $"the log goes on after entry {h.Seq}, which the head names as the last (entries were added outside the API, or the head was rolled back)");
        }

        return l.Hash != h.Hash ? (l.Seq, $"the last entry {l.Seq} is not the one the head names (it was replaced)") : null;
    }

    private static AuditVerification Broken(long count, long? seq, string reason) => new(false, count, seq, reason);

    private static IEnumerable<string> Keys(DbConnection connection, DbTransaction? tx, string table) =>
        connection.Query<string>($"SELECT CAST({Covered[table].Key} AS TEXT) FROM {table} ORDER BY 1", transaction: tx);

    /// <summary>SHA-256 over the covered columns of one row, named and length-prefixed; null if there is no such row.</summary>
    private static string? RowHash(DbConnection connection, DbTransaction? tx, string table, string rowKey)
    {
        var (keyColumn, columns) = Covered[table];
        // The key compared as text: crisis_mode's key is an integer, and PostgreSQL does not compare BIGINT with TEXT.
        var row = connection.QuerySingleOrDefault($"SELECT {columns} FROM {table} WHERE CAST({keyColumn} AS TEXT) = @rowKey", new { rowKey }, tx) as IDictionary<string, object?>;
        if (row is null)
        {
            return null;
        }

        var sb = new StringBuilder(table).Append('|');
        foreach (var (name, value) in row)
        {
            var text = value is null or DBNull ? null : Convert.ToString(value, CultureInfo.InvariantCulture);
            if (text is not null && SealedAsOffset.Contains((table, name)))
            {
                text = SealedAt(text);
            }

            sb.Append(name).Append('=').Append(text is null ? "null" : text.Length.ToString(CultureInfo.InvariantCulture) + ":" + text).Append('|');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    /// <summary>
    /// An instant as the seals read it: <c>2026-12-06T22:47:07.1234567+00:00</c>. The store writes
    /// <see cref="StoreTime.Stamp"/> (<c>…4567Z</c>, the same instant) since migration 110, which rewrote the
    /// older "O" values; entries and covered rows sealed before it sealed the "O" form, so every seal
    /// reads that one form and old and new entries verify alike.
    /// </summary>
    internal static string SealedAt(string at) =>
        at.Length == 28 && at[^1] == 'Z' ? string.Concat(at.AsSpan(0, 27), "+00:00") : at;

    private static string HeadText(long seq, string hash) => string.Create(CultureInfo.InvariantCulture, $"audit-head|{seq}|{hash}");

    /// <summary>Length-prefixed fields, so no two different entries serialize to the same text.</summary>
    private static string Canonical(long seq, string prev, string at, string actor, string action, string subject, string details, string? rowTable, string? rowKey, string? rowHash)
    {
        var sb = new StringBuilder("audit-entry|").Append(seq.ToString(CultureInfo.InvariantCulture)).Append('|');
        foreach (var field in new[] { prev, at, actor, action, subject, details, rowTable, rowKey, rowHash })
        {
            sb.Append(field is null ? "-1" : field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('|');
        }

        return sb.ToString();
    }

    /// <summary>The hash of entries written before the chain was keyed: SHA-256, without seq.</summary>
    private static string UnkeyedHash(string prev, string at, string actor, string action, string subject, string details)
    {
        var sb = new StringBuilder();
        foreach (var field in new[] { prev, at, actor, action, subject, details })
        {
            sb.Append(field.Length).Append(':').Append(field).Append('|');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    private sealed record StoredEntry(long Seq, string At, string Actor, string Action, string Subject, string Details, string PrevHash, string Hash, long Keyed, string? RowTable, string? RowKey, string? RowHash);
}
