using System.Globalization;
using Dapper;
using Policy.Api.Audit;
using Policy.Api.Notifications;
using Policy.Api.Store;

namespace Policy.Api.Packs;

/// <summary>One stored pack version; <see cref="Content"/> is empty in listings.</summary>
public sealed record PackVersionRow(
    string PackId,
    string Version,
    string Sha256,
    string FileName,
    string Content,
    string? Extends,
    string UploadedAt,
    string UploadedBy,
    long Material,
    long UploadSeq)
{
    public bool IsMaterial => Material != 0;
}

/// <summary>The active version of a pack and when and by whom it was switched on.</summary>
public sealed record ActiveRow(string PackId, string Version, string ActivatedAt, string ActivatedBy);

/// <summary>One row of the activation history.</summary>
public sealed record ActivationRow(long Seq, string PackId, string Version, string? Previous, string Action, string At, string Actor);

public enum StoreOutcome
{
    Created,
    Unchanged,
    Conflict,
}

/// <summary>
/// The result of a compare-and-set switch: the pack's active version before and now, and the
/// checking pack before and now (on a conflict both are the current state).
/// </summary>
public sealed record SwitchResult(StoreOutcome Outcome, string? Before, string? After, CheckingState? CheckingBefore = null, CheckingState? CheckingAfter = null);

/// <summary>The pack that checks drafts and its active version.</summary>
public sealed record CheckingState(string PackId, string? Version);

/// <summary>
/// What an activation does to the checking pack: <paramref name="ExpectedPack"/> (and, if given,
/// <paramref name="ExpectedVersion"/>) must still be the checking pack, or the switch is a conflict;
/// <paramref name="MakeChecking"/> makes the switched pack the one that checks drafts.
/// </summary>
public sealed record CheckingSwitch(string ExpectedPack, string? ExpectedVersion, bool MakeChecking);

/// <summary>
/// What a switch does to the checking pack (<see cref="Checking"/>, as the store had it when this
/// was decided): with <see cref="UnderChecking"/> it updates a base under it, else the switched
/// pack becomes the checking pack.
/// </summary>
public sealed record SwitchPlan(CheckingState Checking, bool UnderChecking)
{
    /// <summary>The compare-and-set: the checking pack this plan was made for, and the caller's expected version of it if given.</summary>
    public CheckingSwitch Cas(CheckingState? expected) => new(Checking.PackId, expected?.Version, MakeChecking: !UnderChecking);
}

/// <summary>
/// The pack tables: immutable versions (<c>pack_versions</c>), the one active version per pack
/// (<c>active_versions</c>) and the history of switches (<c>activations</c>). Every write runs in
/// one <c>BEGIN IMMEDIATE</c> transaction together with its audit entry.
/// </summary>
public sealed class PackStore(Database db, AuditLog audit, TimeProvider time, NotificationEventLog outbox)
{
    private const string Columns =
        "pack_id AS PackId, version AS Version, sha256 AS Sha256, file_name AS FileName, {0} AS Content, extends AS Extends, "
        + "uploaded_at AS UploadedAt, uploaded_by AS UploadedBy, material AS Material, upload_seq AS UploadSeq";

    private static readonly string WithContent = string.Format(CultureInfo.InvariantCulture, Columns, "content");
    private static readonly string WithoutContent = string.Format(CultureInfo.InvariantCulture, Columns, "''");

    private string Now() => StoreTime.Stamp(time.GetUtcNow());

    public bool IsEmpty()
    {
        using var connection = db.Open();
        return connection.ExecuteScalar<long>("SELECT COUNT(*) FROM pack_versions") == 0;
    }

    public PackVersionRow? Find(string packId, string version)
    {
        using var connection = db.Open();
        return connection.QuerySingleOrDefault<PackVersionRow>(
            $"SELECT {WithContent} FROM pack_versions WHERE pack_id = @packId AND version = @version", new { packId, version });
    }

    public bool Exists(string packId)
    {
        using var connection = db.Open();
        return connection.ExecuteScalar<long>("SELECT COUNT(*) FROM pack_versions WHERE pack_id = @packId", new { packId }) > 0;
    }

    /// <summary>All versions of all packs (without content), in upload order.</summary>
    public IReadOnlyList<PackVersionRow> Versions(string? packId = null)
    {
        using var connection = db.Open();
        return [.. connection.Query<PackVersionRow>(
            $"SELECT {WithoutContent} FROM pack_versions WHERE @packId IS NULL OR pack_id = @packId ORDER BY pack_id, upload_seq", new { packId })];
    }

    public IReadOnlyList<ActiveRow> ActiveVersions()
    {
        using var connection = db.Open();
        return [.. connection.Query<ActiveRow>(
            "SELECT pack_id AS PackId, version AS Version, activated_at AS ActivatedAt, activated_by AS ActivatedBy FROM active_versions ORDER BY pack_id")];
    }

    public string? ActiveVersion(string packId)
    {
        using var connection = db.Open();
        return ActiveVersion(connection, null, packId);
    }

    /// <summary>The active version's row with content, or null if the pack has none.</summary>
    public PackVersionRow? ActiveRow(string packId)
    {
        using var connection = db.Open();
        return connection.QuerySingleOrDefault<PackVersionRow>(
            $"SELECT {WithContent} FROM pack_versions WHERE pack_id = @packId AND version = (SELECT version FROM active_versions WHERE pack_id = @packId)",
            new { packId });
    }

    public IReadOnlyList<ActivationRow> History(string packId)
    {
        using var connection = db.Open();
        return History(connection, null, packId);
    }

    /// <summary>
    /// Stores a new version. The same id and version with the same content again is
    /// <see cref="StoreOutcome.Unchanged"/>; with other content <see cref="StoreOutcome.Conflict"/>.
    /// </summary>
    public (StoreOutcome Outcome, PackVersionRow Row) Insert(string actor, string packId, string version, string sha256, string fileName, string content, string? extends, object auditDetails)
    {
        using var connection = db.Open();
        using var tx = db.BeginWrite(connection);
        var existing = connection.QuerySingleOrDefault<PackVersionRow>(
            $"SELECT {WithoutContent} FROM pack_versions WHERE pack_id = @packId AND version = @version", new { packId, version }, tx);
        if (existing is not null)
        {
            return (existing.Sha256 == sha256 ? StoreOutcome.Unchanged : StoreOutcome.Conflict, existing);
        }

        var now = Now();
        var seq = connection.ExecuteScalar<long>("SELECT COALESCE(MAX(upload_seq), 0) + 1 FROM pack_versions", transaction: tx);
        connection.Execute(
            """
            INSERT INTO pack_versions (pack_id, version, sha256, file_name, content, extends, uploaded_at, uploaded_by, material, upload_seq)
            VALUES (@packId, @version, @sha256, @fileName, @content, @extends, @now, @actor, 0, @seq)
            """,
            new { packId, version, sha256, fileName, content, extends, now, actor, seq },
            tx);
        audit.Append(connection, tx, actor, AuditAction.PackUploaded, $"{packId}@{version}", auditDetails);
        tx.Commit();
        return (StoreOutcome.Created, new PackVersionRow(packId, version, sha256, fileName, string.Empty, extends, now, actor, 0, seq));
    }

    /// <summary>The pack that checks drafts (<c>checking_pack</c>) with its active version; null before the first start wrote it.</summary>
    public CheckingState? Checking()
    {
        using var connection = db.Open();
        return Checking(connection, null);
    }

    /// <summary>
    /// Writes <paramref name="packId"/> as the checking pack if none is recorded yet (the first start,
    /// or the first start after the upgrade that introduced the table), audited, and returns the
    /// checking pack the store holds. Two instances starting together write it once.
    /// </summary>
    public string EnsureChecking(string actor, string packId)
    {
        using var connection = db.Open();
        using var tx = db.BeginWrite(connection);
        if (CheckingPackId(connection, tx) is { } existing)
        {
            return existing;
        }

        // A setting naming a pack without an active version stops the start (ActivePack); it must
        // not be recorded, or correcting the setting would no longer help.
        if (ActiveVersion(connection, tx, packId) is not { } version)
        {
            return packId;
        }

        WriteChecking(connection, tx, actor, packId, version, null, setting: true);
        db.Announce(connection, tx, StoreTopics.Packs);
        tx.Commit();
        return packId;
    }

    /// <summary>
    /// Compare-and-set: switches <paramref name="packId"/> to <paramref name="version"/> only if
    /// <paramref name="expected"/> (null: no version) is what is active and, with
    /// <paramref name="checking"/>, the checking pack is still the expected one, inside one
    /// <c>BEGIN IMMEDIATE</c> transaction, so of two concurrent switches exactly one wins. For a
    /// rollback the target is checked again inside the transaction. With
    /// <see cref="CheckingSwitch.MakeChecking"/> the pack becomes the one that checks drafts, also
    /// when <paramref name="version"/> was already active.
    /// </summary>
    public SwitchResult Switch(string actor, string packId, string version, string? expected, string action, CheckingSwitch? checking = null)
    {
        using var connection = db.Open();
        using var tx = db.BeginWrite(connection);
        var current = ActiveVersion(connection, tx, packId);
        var checkingBefore = Checking(connection, tx);
        if (!string.Equals(current, expected, StringComparison.Ordinal))
        {
            return new SwitchResult(StoreOutcome.Conflict, current, current, checkingBefore, checkingBefore);
        }

        if (checking is not null
            && (checkingBefore?.PackId != checking.ExpectedPack
                || (checking.ExpectedVersion is not null && checkingBefore.Version != checking.ExpectedVersion)))
        {
            return new SwitchResult(StoreOutcome.Conflict, current, current, checkingBefore, checkingBefore);
        }

        if (action == "rollback" && RollbackTarget(History(connection, tx, packId)) != version)
        {
            return new SwitchResult(StoreOutcome.Conflict, current, current, checkingBefore, checkingBefore);
        }

        var makeChecking = checking is { MakeChecking: true } && checkingBefore?.PackId != packId;
        if (current == version && !makeChecking)
        {
            return new SwitchResult(StoreOutcome.Unchanged, current, current, checkingBefore, checkingBefore);
        }

        if (current != version)
        {
            var now = Now();
            connection.Execute(
                """
                INSERT INTO active_versions (pack_id, version, activated_at, activated_by) VALUES (@packId, @version, @now, @actor)
                ON CONFLICT (pack_id) DO UPDATE SET version = excluded.version, activated_at = excluded.activated_at, activated_by = excluded.activated_by
                """,
                new { packId, version, now, actor },
                tx);
            connection.Execute(
                "INSERT INTO activations (pack_id, version, previous, action, at, actor) VALUES (@packId, @version, @current, @action, @now, @actor)",
                new { packId, version, current, action, now, actor },
                tx);
            var auditAction = action == "rollback" ? AuditAction.PackRolledBack : AuditAction.PackActivated;
            audit.Append(connection, tx, actor, auditAction, $"{packId}@{version}", new { packId, version, previous = current, seed = action == "seed" }, new AuditedRow(AuditLog.Tables.ActivePacks, packId));
        }

        if (makeChecking)
        {
            WriteChecking(connection, tx, actor, packId, version, checkingBefore, setting: false);
        }

        // The first start's seed is no news to anyone; every activation and rollback after it is.
        if (current != version && action != "seed")
        {
            var material = connection.ExecuteScalar<long>(
                "SELECT material FROM pack_versions WHERE pack_id = @packId AND version = @version", new { packId, version }, tx) != 0;
            outbox.Append(connection, tx, NotificationEvents.GuidelineActivated, $"pack/{packId}@{version}",
                new GuidelineActivatedData(packId, version, current, action, material, makeChecking || checkingBefore?.PackId == packId, actor, time.GetUtcNow()));
        }

        db.Announce(connection, tx, StoreTopics.Packs);
        tx.Commit();
        var checkingAfter = makeChecking ? new CheckingState(packId, version)
            : checkingBefore?.PackId == packId ? checkingBefore with { Version = version }
            : checkingBefore;
        return new SwitchResult(StoreOutcome.Created, current, version, checkingBefore, checkingAfter);
    }

    /// <summary>Sets a version's material flag; false if there is no such version.</summary>
    public bool SetMaterial(string actor, string packId, string version, bool material)
    {
        using var connection = db.Open();
        using var tx = db.BeginWrite(connection);
        var before = connection.QuerySingleOrDefault<long?>(
            "SELECT material FROM pack_versions WHERE pack_id = @packId AND version = @version", new { packId, version }, tx);
        if (before is null)
        {
            return false;
        }

        if ((before == 1) != material)
        {
            connection.Execute(
                "UPDATE pack_versions SET material = @m WHERE pack_id = @packId AND version = @version",
                new { packId, version, m = material ? 1 : 0 },
                tx);
            audit.Append(connection, tx, actor, AuditAction.PackMaterial, $"{packId}@{version}", new { packId, version, material });
        }

        tx.Commit();
        return true;
    }

    /// <summary>
    /// The version a rollback returns to: the history replayed as a stack (an activation pushes,
    /// a rollback pops), so rolling back twice goes two versions back, never back and forth.
    /// </summary>
    public static string? RollbackTarget(IEnumerable<ActivationRow> history)
    {
        var stack = new List<string>();
        foreach (var row in history)
        {
            if (row.Action == "rollback")
            {
                if (stack.Count > 0)
                {
                    stack.RemoveAt(stack.Count - 1);
                }

                // Defensive: the stack's top must be what the row switched to.
                if (stack.Count == 0 || stack[^1] != row.Version)
                {
                    stack.Add(row.Version);
                }
            }
            else if (stack.Count == 0 || stack[^1] != row.Version)
            {
                stack.Add(row.Version);
            }
        }

        return stack.Count >= 2 ? stack[^2] : null;
    }

    private void WriteChecking(DbConnection connection, DbTransaction tx, string actor, string packId, string? version, CheckingState? previous, bool setting)
    {
        connection.Execute(
            """
            INSERT INTO checking_pack (id, pack_id, changed_at, changed_by) VALUES (1, @packId, @now, @actor)
            ON CONFLICT (id) DO UPDATE SET pack_id = excluded.pack_id, changed_at = excluded.changed_at, changed_by = excluded.changed_by
            """,
            new { packId, now = Now(), actor },
            tx);
        audit.Append(
            connection,
            tx,
            actor,
            AuditAction.PackChecking,
            $"{packId}@{version}",
            new { packId, version, previousPackId = previous?.PackId, previousVersion = previous?.Version, fromSetting = setting },
            new AuditedRow(AuditLog.Tables.CheckingPack, "1"));
    }

    private static string? CheckingPackId(DbConnection connection, DbTransaction? tx) =>
        connection.QuerySingleOrDefault<string>("SELECT pack_id FROM checking_pack WHERE id = 1", transaction: tx);

    private static CheckingState? Checking(DbConnection connection, DbTransaction? tx) =>
        CheckingPackId(connection, tx) is { } id ? new CheckingState(id, ActiveVersion(connection, tx, id)) : null;

    private static string? ActiveVersion(DbConnection connection, DbTransaction? tx, string packId) =>
        connection.QuerySingleOrDefault<string>("SELECT version FROM active_versions WHERE pack_id = @packId", new { packId }, tx);

    private static List<ActivationRow> History(DbConnection connection, DbTransaction? tx, string packId) =>
        [.. connection.Query<ActivationRow>(
            "SELECT seq AS Seq, pack_id AS PackId, version AS Version, previous AS Previous, action AS Action, at AS At, actor AS Actor FROM activations WHERE pack_id = @packId ORDER BY seq",
            new { packId },
            tx)];
}
