using System.Globalization;
using Dapper;
using Policy.Api.Store;

namespace Policy.Api.Guideline;

/// <summary>One person on HR's list: whether and when they acknowledged the version asked about.</summary>
public sealed record RosterEntry(string PersonId, string DisplayName, string Email, string? AcknowledgedAt, string? LatestAcknowledgedVersion, bool MustAcknowledge)
{
    /// <summary>
    /// acknowledged (this version), covered (another acknowledgement still counts: no material version
    /// since), due (acknowledged before, a material version since) or missing (never acknowledged).
    /// </summary>
    public string Status => AcknowledgedAt is not null ? "acknowledged" : !MustAcknowledge ? "covered" : LatestAcknowledgedVersion is not null ? "due" : "missing";

    /// <summary>The version whose acknowledgement covers this one; null unless <see cref="Status"/> is covered.</summary>
    public string? CoveredBy => Status == "covered" ? LatestAcknowledgedVersion : null;
}

/// <summary>
/// Acknowledgements: who has read which version of a pack. A person must acknowledge again when
/// they have not acknowledged any version at or after the latest material version (in upload
/// order, up to the version in question); the first version of a pack always counts as material.
/// </summary>
public sealed class AcknowledgementStore(Database db, TimeProvider time)
{
    /// <summary>Records the acknowledgement once; returns when it was first recorded.</summary>
    public string Acknowledge(string personId, string packId, string version)
    {
        using var connection = db.Open();
        using var tx = db.BeginWrite(connection);
        connection.Execute(
            """
            INSERT INTO acknowledgements (person_id, pack_id, version, acknowledged_at) VALUES (@personId, @packId, @version, @now)
            ON CONFLICT (person_id, pack_id, version) DO NOTHING
            """,
            new { personId, packId, version, now = StoreTime.Stamp(time.GetUtcNow()) },
            tx);
        var at = connection.QuerySingle<string>(
            "SELECT acknowledged_at FROM acknowledgements WHERE person_id = @personId AND pack_id = @packId AND version = @version",
            new { personId, packId, version },
            tx);
        tx.Commit();
        return at;
    }

    /// <summary>The caller's acknowledgement of exactly this version, and whether they must acknowledge.</summary>
    public (string? AcknowledgedAt, bool MustAcknowledge) StatusOf(string personId, string packId, string version)
    {
        using var connection = db.Open();
        var baseline = Baseline(connection, packId, version);
        var acks = connection.Query<(string Version, string At, long Seq)>(
            """
            SELECT a.version, a.acknowledged_at, v.upload_seq
            FROM acknowledgements a JOIN pack_versions v ON v.pack_id = a.pack_id AND v.version = a.version
            WHERE a.person_id = @personId AND a.pack_id = @packId
            """,
            new { personId, packId }).ToList();
        var exact = acks.Find(a => a.Version == version);
        return (exact.Version is null ? null : exact.At, !acks.Exists(a => a.Seq >= baseline));
    }

    /// <summary>
    /// Everyone who has to know the guideline and everyone who acknowledged this version, with their
    /// status. Who has to know it: a person who is not offboarded and is on HR's roster (signed in or
    /// not), signed in through the company's provider (everybody there is an employee), or holds an
    /// unrevoked key carrying the employee role.
    /// </summary>
    public IReadOnlyList<RosterEntry> Roster(string packId, string version)
    {
        using var connection = db.Open();
        var baseline = Baseline(connection, packId, version);
        var people = connection.Query<(string Id, string DisplayName, string Email)>(
            """
            SELECT p.id, p.display_name, p.email FROM people p
            WHERE (p.offboarded_at IS NULL AND (
                    p.on_roster = 1
                 OR (',' || COALESCE(p.directory_roles, '') || ',') LIKE '%,employee,%'
                 OR EXISTS (SELECT 1 FROM api_keys k WHERE k.person_id = p.id AND k.revoked_at IS NULL AND (',' || k.roles || ',') LIKE '%,employee,%')))
               OR EXISTS (SELECT 1 FROM acknowledgements a WHERE a.person_id = p.id AND a.pack_id = @packId AND a.version = @version)
            ORDER BY lower(p.display_name), p.id
            """,
            new { packId, version });
        var acks = connection.Query<(string PersonId, string Version, string At, long Seq)>(
            """
            SELECT a.person_id, a.version, a.acknowledged_at, v.upload_seq
            FROM acknowledgements a JOIN pack_versions v ON v.pack_id = a.pack_id AND v.version = a.version
            WHERE a.pack_id = @packId
            """,
            new { packId }).ToLookup(a => a.PersonId, StringComparer.Ordinal);
        return [.. people.Select(p =>
        {
            var mine = acks[p.Id].ToList();
            var exact = mine.Find(a => a.Version == version);
            var latest = mine.OrderByDescending(a => a.Seq).Select(a => a.Version).FirstOrDefault();
            return new RosterEntry(p.Id, p.DisplayName, p.Email, exact.Version is null ? null : exact.At, latest, !mine.Exists(a => a.Seq >= baseline));
        })];
    }

    /// <summary>Upload position of the latest material version at or before <paramref name="version"/> (the first version counts).</summary>
    private static long Baseline(DbConnection connection, string packId, string version) =>
        connection.ExecuteScalar<long?>(
            """
            SELECT MAX(upload_seq) FROM pack_versions
            WHERE pack_id = @packId
              AND upload_seq <= (SELECT upload_seq FROM pack_versions WHERE pack_id = @packId AND version = @version)
              AND (material = 1 OR upload_seq = (SELECT MIN(upload_seq) FROM pack_versions WHERE pack_id = @packId))
            """,
            new { packId, version }) ?? long.MaxValue;
}
