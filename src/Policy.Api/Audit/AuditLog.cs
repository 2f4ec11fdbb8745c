using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Policy.Api.Store;

namespace Policy.Api.Audit;

public sealed record AuditEntry(long Seq, string At, string Actor, string Action, string Subject, string Details, string PrevHash, string Hash);

/// <summary>The first row whose hash does not follow from its content and its predecessor; null if intact.</summary>
public sealed record AuditVerification(bool Intact, long Entries, long? FirstBrokenSeq, string? Reason);

/// <summary>
/// Append-only record of every change: who, when, what. Each entry hashes its content together
/// with the previous entry's hash, so altering or deleting a row breaks the chain from there on.
/// </summary>
public sealed class AuditLog(Database db, TimeProvider time)
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>Appends an entry inside the caller's transaction, so the change and its record commit together.</summary>
    public void Append(DbConnection connection, DbTransaction tx, string actor, string action, string subject, object details)
    {
        var prev = connection.QuerySingleOrDefault<string>("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1", transaction: tx) ?? Genesis;
        var at = time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var json = JsonSerializer.Serialize(details);
        connection.Execute(
            "INSERT INTO audit (at, actor, action, subject, details, prev_hash, hash) VALUES (@at, @actor, @action, @subject, @json, @prev, @hash)",
            new { at, actor, action, subject, json, prev, hash = Hash(prev, at, actor, action, subject, json) },
            tx);
    }

    /// <summary>Appends an entry in a transaction of its own.</summary>
    public void Append(string actor, string action, string subject, object details)
    {
        using var connection = db.Open();
        using var tx = db.BeginWrite(connection);
        Append(connection, tx, actor, action, subject, details);
        tx.Commit();
    }

    public IReadOnlyList<AuditEntry> List(long afterSeq, int limit)
    {
        using var connection = db.Open();
        return [.. connection.Query<AuditEntry>(
            "SELECT seq AS Seq, at AS At, actor AS Actor, action AS Action, subject AS Subject, details AS Details, prev_hash AS PrevHash, hash AS Hash FROM audit WHERE seq > @afterSeq ORDER BY seq LIMIT @limit",
            new { afterSeq, limit })];
    }

    public AuditVerification Verify()
    {
        using var connection = db.Open();
        var prev = Genesis;
        long count = 0;
        foreach (var e in connection.Query<AuditEntry>(
            "SELECT seq AS Seq, at AS At, actor AS Actor, action AS Action, subject AS Subject, details AS Details, prev_hash AS PrevHash, hash AS Hash FROM audit ORDER BY seq",
            buffered: false))
        {
            count++;
            if (e.PrevHash != prev)
            {
                return new AuditVerification(false, count, e.Seq, "prev_hash does not match the hash of the entry before (a row was removed or reordered)");
            }

            if (Hash(e.PrevHash, e.At, e.Actor, e.Action, e.Subject, e.Details) != e.Hash)
            {
                return new AuditVerification(false, count, e.Seq, "the entry's content does not match its hash (the row was altered)");
            }

            prev = e.Hash;
        }

        return new AuditVerification(true, count, null, null);
    }

    private static string Hash(string prev, string at, string actor, string action, string subject, string details)
    {
        // Length-prefixed fields, so no two different entries serialize to the same bytes.
        var sb = new StringBuilder();
        foreach (var field in new[] { prev, at, actor, action, subject, details })
        {
            sb.Append(field.Length).Append(':').Append(field).Append('|');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }
}
