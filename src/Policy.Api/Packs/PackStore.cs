using System.Globalization;
using Dapper;
using Policy.Api.Audit;
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

/// <summary>The result of a compare-and-set switch: what was active before, and what is now.</summary>
public sealed record SwitchResult(StoreOutcome Outcome, string? Before, string? After);

/// <summary>
/// The pack tables: immutable versions (<c>pack_versions</c>), the one active version per pack
/// (<c>active_versions</c>) and the history of switches (<c>activations</c>). Every write runs in
/// one <c>BEGIN IMMEDIATE</c> transaction together with its audit entry.
/// </summary>
public sealed class PackStore(Database db, AuditLog audit, TimeProvider time)
{
    private const string Columns =
        "pack_id AS PackId, version AS Version, sha256 AS Sha256, file_name AS FileName, {0} AS Content, extends AS Extends, "
        + "uploaded_at AS UploadedAt, uploaded_by AS UploadedBy, material AS Material, upload_seq AS UploadSeq";

    private static readonly string WithContent = string.Format(CultureInfo.InvariantCulture, Columns, "content");
    private static readonly string WithoutContent = string.Format(CultureInfo.InvariantCulture, Columns, "''");

    private string Now() => time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

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
        audit.Append(connection, tx, actor, "pack.uploaded", $"{packId}@{version}", auditDetails);
        tx.Commit();
        return (StoreOutcome.Created, new PackVersionRow(packId, version, sha256, fileName, string.Empty, extends, now, actor, 0, seq));
    }

    /// <summary>
    /// Compare-and-set: switches <paramref name="packId"/> to <paramref name="version"/> only if
    /// <paramref name="expected"/> (null: no version) is what is active, inside one
    /// <c>BEGIN IMMEDIATE</c> transaction, so of two concurrent switches exactly one wins. For a
    /// rollback the target is checked again inside the transaction.
    /// </summary>
    public SwitchResult Switch(string actor, string packId, string version, string? expected, string action)
    {
        using var connection = db.Open();
        using var tx = db.BeginWrite(connection);
        var current = ActiveVersion(connection, tx, packId);
        if (!string.Equals(current, expected, StringComparison.Ordinal))
        {
            return new SwitchResult(StoreOutcome.Conflict, current, current);
        }

        if (action == "rollback" && RollbackTarget(History(connection, tx, packId)) != version)
        {
            return new SwitchResult(StoreOutcome.Conflict, current, current);
        }

        if (current == version)
        {
            return new SwitchResult(StoreOutcome.Unchanged, current, current);
        }

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
        var auditAction = action == "rollback" ? "pack.rolled_back" : "pack.activated";
        audit.Append(connection, tx, actor, auditAction, $"{packId}@{version}", new { packId, version, previous = current, seed = action == "seed" }, new AuditedRow(AuditLog.Tables.ActivePacks, packId));
        db.Announce(connection, tx, StoreTopics.Packs);
        tx.Commit();
        return new SwitchResult(StoreOutcome.Created, current, version);
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
            audit.Append(connection, tx, actor, "pack.material", $"{packId}@{version}", new { packId, version, material });
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

    private static string? ActiveVersion(DbConnection connection, DbTransaction? tx, string packId) =>
        connection.QuerySingleOrDefault<string>("SELECT version FROM active_versions WHERE pack_id = @packId", new { packId }, tx);

    private static List<ActivationRow> History(DbConnection connection, DbTransaction? tx, string packId) =>
        [.. connection.Query<ActivationRow>(
            "SELECT seq AS Seq, pack_id AS PackId, version AS Version, previous AS Previous, action AS Action, at AS At, actor AS Actor FROM activations WHERE pack_id = @packId ORDER BY seq",
            new { packId },
            tx)];
}
