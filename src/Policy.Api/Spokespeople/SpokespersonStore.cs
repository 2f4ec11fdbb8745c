using System.Globalization;
using Dapper;
using Policy.Api.Audit;
using Policy.Api.Notifications;
using Policy.Api.Store;
using Policy.Core.Checking;
using Policy.Core.Model;

namespace Policy.Api.Spokespeople;

public sealed record Spokesperson(
    string Id,
    string PersonId,
    string DisplayName,
    IReadOnlyList<string> Topics,
    IReadOnlyList<string> Channels,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidUntil,
    string ApprovedBy,
    string Note)
{
    public bool ValidAt(DateTimeOffset now) => ValidFrom <= now && (ValidUntil is null || now < ValidUntil);
}

public sealed record SpokespersonVersion(long Seq, string Action, string At, string Actor, string Topics, string Channels, string ValidFrom, string? ValidUntil, string Note);

public sealed record CrisisState(bool Active, string Reason, string? Since, string? By);

/// <summary>
/// Who may speak for the company on what, where and when; and whether crisis mode is on. Reads
/// come from an immutable snapshot swapped after every committed change, so a check costs no
/// database round trip and the next check after a change sees it, without restart.
/// </summary>
public sealed class SpokespersonStore
{
    private readonly Database _db;
    private readonly AuditLog _audit;
    private readonly TimeProvider _time;
    private readonly NotificationEventLog _outbox;
    private Snapshot _snapshot;

    public SpokespersonStore(Database db, AuditLog audit, TimeProvider time, StoreChanges changes, NotificationEventLog outbox)
    {
        _db = db;
        _audit = audit;
        _outbox = outbox;
        _time = time;
        _snapshot = Load();
        changes.Subscribe(StoreTopics.Spokespeople, Reload);
        changes.Subscribe(StoreTopics.Keys, Reload);
    }

    /// <summary>Reads the registry and crisis mode again (after another instance changed them).</summary>
    public void Reload() => Volatile.Write(ref _snapshot, Load());

    private sealed record Snapshot(IReadOnlyList<Spokesperson> All, CrisisState Crisis)
    {
        // Looked up on every check: by person, and who speaks on what until the next validity boundary.
        public Dictionary<string, Spokesperson[]> ByPerson { get; } =
            All.GroupBy(s => s.PersonId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);

        // A reference, so readers never see half of an update.
        public SpeakerCache? Speakers { get; set; }
    }

    private sealed record SpeakerCache(DateTimeOffset From, DateTimeOffset Until, IReadOnlyDictionary<string, IReadOnlyList<string>> Map);

    public CrisisState Crisis => Volatile.Read(ref _snapshot).Crisis;

    public IReadOnlyList<Spokesperson> All => Volatile.Read(ref _snapshot).All;

    /// <summary>The person's grants valid at <paramref name="now"/>.</summary>
    public IReadOnlyList<SpokespersonGrant> GrantsFor(string personId, DateTimeOffset now) =>
        Volatile.Read(ref _snapshot).ByPerson.TryGetValue(personId, out var own)
            ? [.. own.Where(s => s.ValidAt(now)).SelectMany(s => s.Topics.Select(t => new SpokespersonGrant(t, s.Channels)))]
            : [];

    /// <summary>Topic → names of the people who may speak on it at <paramref name="now"/>; computed
    /// once per stretch of time in which no authorization starts or ends.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> SpeakersByTopic(DateTimeOffset now)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        if (snapshot.Speakers is { } cached && cached.From <= now && now < cached.Until)
        {
            return cached.Map;
        }

        var map = snapshot.All.Where(s => s.ValidAt(now))
            .SelectMany(s => s.Topics.Select(t => (Topic: t, s.DisplayName)))
            .GroupBy(x => x.Topic, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(x => x.DisplayName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)], StringComparer.Ordinal);
        var boundaries = snapshot.All.SelectMany(s => s.ValidUntil is { } u ? [s.ValidFrom, u] : new[] { s.ValidFrom });
        var from = boundaries.Where(b => b <= now).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
        var until = boundaries.Where(b => b > now).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
        // A benign race: two checks may compute the same map; either result is correct.
        snapshot.Speakers = new SpeakerCache(from, until, map);
        return map;
    }

    public Spokesperson? Find(string id) => All.FirstOrDefault(s => s.Id == id);

    public bool PersonExists(string personId)
    {
        using var connection = _db.Open();
        return connection.ExecuteScalar<long>("SELECT COUNT(*) FROM people WHERE id = @personId", new { personId }) > 0;
    }

    public Spokesperson Create(string actor, string personId, IReadOnlyList<string> topics, IReadOnlyList<string> channels, DateTimeOffset validFrom, DateTimeOffset? validUntil, string note)
    {
        var id = Guid.CreateVersion7(_time.GetUtcNow()).ToString();
        Write(actor, "created", id, (connection, tx) => connection.Execute(
            """
            INSERT INTO spokespeople (id, person_id, topics, channels, valid_from, valid_until, approved_by, note)
            VALUES (@id, @personId, @topics, @channels, @validFrom, @validUntil, @actor, @note)
            """,
            new { id, personId, topics = Join(topics), channels = Join(channels), validFrom = StoreTime.Stamp(validFrom), validUntil = validUntil is { } u ? StoreTime.Stamp(u) : null, actor, note },
            tx));
        return Find(id)!;
    }

    public Spokesperson? Change(string actor, string id, IReadOnlyList<string> topics, IReadOnlyList<string> channels, DateTimeOffset validFrom, DateTimeOffset? validUntil, string note)
    {
        if (Find(id) is null)
        {
            return null;
        }

        Write(actor, "changed", id, (connection, tx) => connection.Execute(
            """
            UPDATE spokespeople SET topics = @topics, channels = @channels, valid_from = @validFrom, valid_until = @validUntil,
                   approved_by = @actor, note = @note
            WHERE id = @id
            """,
            new { id, topics = Join(topics), channels = Join(channels), validFrom = StoreTime.Stamp(validFrom), validUntil = validUntil is { } u ? StoreTime.Stamp(u) : null, actor, note },
            tx));
        return Find(id);
    }

    /// <summary>Ends the authorization now (or keeps an earlier end).</summary>
    public Spokesperson? End(string actor, string id, string reason)
    {
        var current = Find(id);
        if (current is null)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        var until = current.ValidUntil is { } u && u < now ? u : now;
        Write(actor, "ended", id, (connection, tx) => connection.Execute(
            "UPDATE spokespeople SET valid_until = @until, note = @note WHERE id = @id",
            new { id, until = StoreTime.Stamp(until), note = reason.Length > 0 ? reason : current.Note },
            tx));
        return Find(id);
    }

    public IReadOnlyList<SpokespersonVersion> History(string id)
    {
        using var connection = _db.Open();
        return [.. connection.Query<SpokespersonVersion>(
            """
            SELECT seq AS Seq, action AS Action, at AS At, actor AS Actor, topics AS Topics, channels AS Channels,
                   valid_from AS ValidFrom, valid_until AS ValidUntil, note AS Note
            FROM spokesperson_versions WHERE spokesperson_id = @id ORDER BY seq
            """,
            new { id })];
    }

    public CrisisState SetCrisis(string actor, bool active, string reason)
    {
        using (var connection = _db.Open())
        using (var tx = _db.BeginWrite(connection))
        {
            connection.Execute(
                "INSERT INTO crisis_mode (active, reason, at, actor) VALUES (@active, @reason, @at, @actor)",
                new { active = active ? 1 : 0, reason, at = StoreTime.Stamp(_time.GetUtcNow()), actor },
                tx);
            // Writers are serialized: the highest seq is the row just written.
            var seq = connection.ExecuteScalar<long>("SELECT MAX(seq) FROM crisis_mode", transaction: tx);
            _audit.Append(connection, tx, actor, active ? AuditAction.CrisisOn : AuditAction.CrisisOff, "crisis-mode", new { reason },
                new AuditedRow(AuditLog.Tables.Crisis, seq.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            _outbox.Append(connection, tx, active ? NotificationEvents.CrisisOn : NotificationEvents.CrisisOff, "crisis-mode",
                new CrisisData(active, reason, actor, _time.GetUtcNow()));
            _db.Announce(connection, tx, StoreTopics.Spokespeople);
            tx.Commit();
        }

        Volatile.Write(ref _snapshot, Load());
        return Crisis;
    }

    private void Write(string actor, string action, string id, Action<DbConnection, DbTransaction> change)
    {
        using (var connection = _db.Open())
        using (var tx = _db.BeginWrite(connection))
        {
            change(connection, tx);
            connection.Execute(
                """
                INSERT INTO spokesperson_versions (spokesperson_id, action, at, actor, topics, channels, valid_from, valid_until, note)
                SELECT id, @action, @at, @actor, topics, channels, valid_from, valid_until, note FROM spokespeople WHERE id = @id
                """,
                new { id, action, at = StoreTime.Stamp(_time.GetUtcNow()), actor },
                tx);
            var state = connection.QuerySingle<(string PersonId, string Topics, string Channels, string ValidFrom, string? ValidUntil)>(
                "SELECT person_id, topics, channels, valid_from, valid_until FROM spokespeople WHERE id = @id", new { id }, tx);
            _audit.Append(connection, tx, actor, AuditActions.ForSpokespersonChange(action), id, state, new AuditedRow(AuditLog.Tables.Spokespeople, id));
            _db.Announce(connection, tx, StoreTopics.Spokespeople);
            tx.Commit();
        }

        Volatile.Write(ref _snapshot, Load());
    }

    private Snapshot Load()
    {
        using var connection = _db.Open();
        var all = connection.Query<(string Id, string PersonId, string DisplayName, string Topics, string Channels, string ValidFrom, string? ValidUntil, string ApprovedBy, string Note)>(
            """
            SELECT s.id, s.person_id, p.display_name, s.topics, s.channels, s.valid_from, s.valid_until, s.approved_by, s.note
            FROM spokespeople s JOIN people p ON p.id = s.person_id ORDER BY p.display_name, s.id
            """)
            .Select(r => new Spokesperson(
                r.Id, r.PersonId, r.DisplayName, Split(r.Topics), Split(r.Channels),
                Parse(r.ValidFrom), r.ValidUntil is { } u ? Parse(u) : null, r.ApprovedBy, r.Note))
            .ToList();
        var crisis = connection.QuerySingleOrDefault<(long Active, string Reason, string At, string Actor)?>(
            "SELECT active, reason, at, actor FROM crisis_mode ORDER BY seq DESC LIMIT 1");
        return new Snapshot(
            all,
            crisis is { } c ? new CrisisState(c.Active == 1, c.Reason, c.At, c.Actor) : new CrisisState(false, string.Empty, null, null));
    }

    private static string Join(IReadOnlyList<string> values) => string.Join(',', values.Distinct(StringComparer.Ordinal));

    private static string[] Split(string values) => values.Split(',', StringSplitOptions.RemoveEmptyEntries);

    private static DateTimeOffset Parse(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
