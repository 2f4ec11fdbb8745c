using System.Globalization;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using Policy.Api.Store;

namespace Policy.Api.Decisions;

/// <summary>One finding as the log keeps it: where and which rule, never what the draft said there.</summary>
public sealed record DecisionFinding(string RuleId, string SectionId, string Category, string Severity, int Start, int Length);

/// <summary>One row of the decision log. There is deliberately no field that could hold draft text.</summary>
/// <param name="Route">For warn and review checks, what a review or override needs: topics, channel,
/// crisis, overridable (JSON, see <see cref="Reviews.CheckRoute"/>); null otherwise.</param>
public sealed record DecisionRecord(
    Guid CheckId,
    DateTimeOffset CheckedAt,
    string AuthorId,
    string PackId,
    string PackVersion,
    string Decision,
    string TextHash,
    IReadOnlyList<DecisionFinding> Findings,
    string? Route = null);

public sealed record DecisionCounts(
    long Total,
    IReadOnlyDictionary<string, long> ByDecision,
    IReadOnlyDictionary<string, long> ByRule,
    IReadOnlyDictionary<string, long> BySection,
    IReadOnlyDictionary<string, long> ByWeek);

/// <summary>
/// The decision log: what was decided for whom and by which pack, stored before the answer leaves
/// (synchronous=FULL, WAL), kept for <see cref="DecisionOptions.RetentionDays"/> days.
/// </summary>
public sealed class DecisionLog(Database db, IOptions<DecisionOptions> options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public int RetentionDays => options.Value.RetentionDays;

    /// <summary>Commits all records in one transaction; returns only once they are durable.</summary>
    public void Record(IReadOnlyList<DecisionRecord> records)
    {
        if (records.Count == 0)
        {
            return;
        }

        if (db is PostgresDatabase postgres)
        {
            RecordOnPostgres(postgres, records);
            return;
        }

        using var connection = (Microsoft.Data.Sqlite.SqliteConnection)db.Open();
        using var tx = db.BeginWrite(connection);
        // One prepared statement for the whole batch: group commit is about one sync for many rows,
        // and the rows themselves must not cost more than the sync saves.
        using var insert = connection.CreateCommand();
        insert.Transaction = (Microsoft.Data.Sqlite.SqliteTransaction)tx;
        insert.CommandText = """
            INSERT INTO decisions (check_id, checked_at, author_id, pack_id, pack_version, decision, text_hash, findings, route)
            VALUES ($id, $at, $author, $pack, $version, $decision, $hash, $findings, $route)
            """;
        var id = insert.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Text);
        var at = insert.Parameters.Add("$at", Microsoft.Data.Sqlite.SqliteType.Text);
        var author = insert.Parameters.Add("$author", Microsoft.Data.Sqlite.SqliteType.Text);
        var pack = insert.Parameters.Add("$pack", Microsoft.Data.Sqlite.SqliteType.Text);
        var version = insert.Parameters.Add("$version", Microsoft.Data.Sqlite.SqliteType.Text);
        var decision = insert.Parameters.Add("$decision", Microsoft.Data.Sqlite.SqliteType.Text);
        var hash = insert.Parameters.Add("$hash", Microsoft.Data.Sqlite.SqliteType.Text);
        var findings = insert.Parameters.Add("$findings", Microsoft.Data.Sqlite.SqliteType.Text);
        var route = insert.Parameters.Add("$route", Microsoft.Data.Sqlite.SqliteType.Text);
        insert.Prepare();
        foreach (var r in records)
        {
            id.Value = r.CheckId.ToString();
            at.Value = StoreTime.Stamp(r.CheckedAt);
            author.Value = r.AuthorId;
            pack.Value = r.PackId;
            version.Value = r.PackVersion;
            decision.Value = r.Decision;
            hash.Value = r.TextHash;
            findings.Value = FindingsJson(r.Findings);
            route.Value = (object?)r.Route ?? DBNull.Value;
            insert.ExecuteNonQuery();
        }

        tx.Commit();
    }

    // Most checks find nothing: their column is the constant "[]", without a serializer run.
    private static string FindingsJson(IReadOnlyList<DecisionFinding> findings) =>
        findings.Count == 0 ? "[]" : JsonSerializer.Serialize(findings, Json);

    /// <summary>
    /// The whole batch as one multi-row INSERT over arrays (one statement, one round trip, one
    /// commit): PostgreSQL runs it as its own transaction and, with synchronous_commit on (the
    /// default), returns only after the commit record is flushed.
    /// </summary>
    private static void RecordOnPostgres(PostgresDatabase postgres, IReadOnlyList<DecisionRecord> records)
    {
        var n = records.Count;
        string[] ids = new string[n], ats = new string[n], authors = new string[n], packs = new string[n],
            versions = new string[n], decisions = new string[n], hashes = new string[n], findings = new string[n];
        var routes = new string?[n];
        for (var i = 0; i < n; i++)
        {
            var r = records[i];
            ids[i] = r.CheckId.ToString();
            ats[i] = StoreTime.Stamp(r.CheckedAt);
            authors[i] = r.AuthorId;
            packs[i] = r.PackId;
            versions[i] = r.PackVersion;
            decisions[i] = r.Decision;
            hashes[i] = r.TextHash;
            findings[i] = FindingsJson(r.Findings);
            routes[i] = r.Route;
        }

        using var connection = postgres.DataSource.OpenConnection();
        using var insert = new Npgsql.NpgsqlCommand(
            """
            INSERT INTO decisions (check_id, checked_at, author_id, pack_id, pack_version, decision, text_hash, findings, route)
            SELECT * FROM unnest(@ids, @ats, @authors, @packs, @versions, @decisions, @hashes, @findings, @routes)
            """,
            connection);
        insert.Parameters.Add(new Npgsql.NpgsqlParameter<string[]>("ids", ids));
        insert.Parameters.Add(new Npgsql.NpgsqlParameter<string[]>("ats", ats));
        insert.Parameters.Add(new Npgsql.NpgsqlParameter<string[]>("authors", authors));
        insert.Parameters.Add(new Npgsql.NpgsqlParameter<string[]>("packs", packs));
        insert.Parameters.Add(new Npgsql.NpgsqlParameter<string[]>("versions", versions));
        insert.Parameters.Add(new Npgsql.NpgsqlParameter<string[]>("decisions", decisions));
        insert.Parameters.Add(new Npgsql.NpgsqlParameter<string[]>("hashes", hashes));
        insert.Parameters.Add(new Npgsql.NpgsqlParameter<string[]>("findings", findings));
        insert.Parameters.Add(new Npgsql.NpgsqlParameter<string?[]>("routes", routes));
        insert.ExecuteNonQuery();
    }

    /// <summary>One check's row, with its route; null when there is none (never made, or deleted after the retention).</summary>
    public DecisionRecord? Find(Guid checkId)
    {
        using var connection = db.Open();
        var r = connection.QuerySingleOrDefault<Row>(
            """
            SELECT check_id AS CheckId, checked_at AS CheckedAt, author_id AS AuthorId, pack_id AS PackId,
                   pack_version AS PackVersion, decision AS Decision, text_hash AS TextHash, findings AS Findings, route AS Route
            FROM decisions WHERE check_id = @id
            """,
            new { id = checkId.ToString() });
        return r is null ? null : ToRecord(r);
    }

    /// <summary>The author's own rows, newest first, older than the cursor row (or time) if given.</summary>
    public IReadOnlyList<DecisionRecord> ForAuthor(string authorId, int limit, Guid? beforeCheckId, DateTimeOffset? beforeTime)
    {
        using var connection = db.Open();
        string? cursorAt = null;
        string? cursorId = null;
        if (beforeCheckId is { } id)
        {
            cursorId = id.ToString();
            // Only the caller's own row can serve as cursor; anyone else's is "not found".
            cursorAt = connection.QuerySingleOrDefault<string>(
                "SELECT checked_at FROM decisions WHERE check_id = @cursorId AND author_id = @authorId",
                new { cursorId, authorId });
            if (cursorAt is null)
            {
                throw new KeyNotFoundException("unknown cursor");
            }
        }
        else if (beforeTime is { } t)
        {
            cursorAt = StoreTime.Stamp(t);
            cursorId = string.Empty; // every id sorts after "", so the tie clause selects nothing
        }

        var rows = connection.Query<Row>(
            """
            SELECT check_id AS CheckId, checked_at AS CheckedAt, author_id AS AuthorId, pack_id AS PackId,
                   pack_version AS PackVersion, decision AS Decision, text_hash AS TextHash, findings AS Findings, route AS Route
            FROM decisions
            WHERE author_id = @authorId
              AND (@cursorAt IS NULL OR checked_at < @cursorAt OR (checked_at = @cursorAt AND check_id < @cursorId))
            ORDER BY checked_at DESC, check_id DESC
            LIMIT @limit
            """,
            new { authorId, cursorAt, cursorId, limit });
        return [.. rows.Select(ToRecord)];
    }

    /// <summary>A stored row as a record: one reading of the stored time and findings for every query.</summary>
    private static DecisionRecord ToRecord(Row r) => new(
        Guid.Parse(r.CheckId),
        DateTimeOffset.Parse(r.CheckedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        r.AuthorId,
        r.PackId,
        r.PackVersion,
        r.Decision,
        r.TextHash,
        JsonSerializer.Deserialize<List<DecisionFinding>>(r.Findings, Json) ?? [],
        r.Route);

    /// <summary>Counts in [from, to): by decision, by rule and by section (checks in which they fired), by ISO week. No person appears.</summary>
    public DecisionCounts Count(DateTimeOffset from, DateTimeOffset to)
    {
        using var connection = db.Open();
        var range = new { from = StoreTime.Stamp(from), to = StoreTime.Stamp(to) };
        const string InRange = "d.checked_at >= @from AND d.checked_at < @to";

        var byDecision = connection.Query<(string Key, long Count)>(
            $"SELECT d.decision, COUNT(*) FROM decisions d WHERE {InRange} GROUP BY d.decision ORDER BY d.decision", range);
        // The findings are a JSON array in a text column; each backend unnests it its own way.
        var postgres = db.Backend == StoreBackend.Postgres;
        var findings = postgres ? "CROSS JOIN LATERAL jsonb_array_elements(d.findings::jsonb) f" : ", json_each(d.findings) f";
        IEnumerable<(string Key, long Count)> ChecksPerFindingField(string field) => connection.Query<(string Key, long Count)>(
            $"""
            SELECT {(postgres ? $"f.value ->> '{field}'" : $"json_extract(f.value, '$.{field}')")} AS k, COUNT(DISTINCT d.check_id)
            FROM decisions d {findings} WHERE {InRange} GROUP BY k ORDER BY k
            """, range);
        var byRule = ChecksPerFindingField("ruleId");
        var bySection = ChecksPerFindingField("sectionId");
        var byDay = connection.Query<(string Day, long Count)>(
            $"SELECT substr(d.checked_at, 1, 10) AS day, COUNT(*) FROM decisions d WHERE {InRange} GROUP BY day ORDER BY day", range);

        var byWeek = IsoWeeks.FromDays(byDay);

        var decisions = byDecision.ToDictionary(r => r.Key, r => r.Count, StringComparer.Ordinal);
        return new DecisionCounts(
            decisions.Values.Sum(),
            decisions,
            byRule.ToDictionary(r => r.Key, r => r.Count, StringComparer.Ordinal),
            bySection.ToDictionary(r => r.Key, r => r.Count, StringComparer.Ordinal),
            byWeek);
    }

    /// <summary>Deletes every row checked before <paramref name="now"/> minus the retention; returns how many.</summary>
    public int Purge(DateTimeOffset now)
    {
        var cutoff = StoreTime.Stamp(now.AddDays(-options.Value.RetentionDays));
        using var connection = db.Open();
        if (db.Backend == StoreBackend.Postgres)
        {
            // Deleted rows stay in the table's pages until (auto)vacuum reuses them; see docs/privacy.md.
            return connection.Execute("DELETE FROM decisions WHERE checked_at < @cutoff", new { cutoff });
        }

        // secure_delete overwrites the deleted rows with zeros instead of leaving them in free pages;
        // the checkpoint then moves the zeroed pages into the database file and empties the WAL.
        connection.Execute("PRAGMA secure_delete = ON;");
        try
        {
            int deleted;
            using (var tx = db.BeginWrite(connection))
            {
                deleted = connection.Execute("DELETE FROM decisions WHERE checked_at < @cutoff", new { cutoff }, tx);
                tx.Commit();
            }

            if (deleted > 0)
            {
                // Best effort: readers in progress may keep part of the WAL until the next checkpoint.
                connection.Execute("PRAGMA wal_checkpoint(TRUNCATE);");
            }

            return deleted;
        }
        finally
        {
            connection.Execute("PRAGMA secure_delete = OFF;");
        }
    }

    private sealed record Row(string CheckId, string CheckedAt, string AuthorId, string PackId, string PackVersion, string Decision, string TextHash, string Findings, string? Route);
}
