using System.Collections.Concurrent;
using System.Globalization;
using Dapper;
using Policy.Api.Audit;
using Policy.Api.Identity;
using Policy.Api.Store;

namespace Policy.Api.People;

/// <summary>A person as the directory (the sign-in provider's token) describes them.</summary>
public sealed record DirectoryPerson(string Id, string DisplayName, string Email, IReadOnlyList<string> Roles);

/// <summary>One person of the registry, as HR and admins see them.</summary>
/// <param name="DirectoryRoles">The roles their last sign-in gave (null: never signed in with the provider).</param>
/// <param name="KeyRoles">The roles of their active API keys.</param>
public sealed record PersonView(
    string Id,
    string DisplayName,
    string Email,
    IReadOnlyList<string>? DirectoryRoles,
    IReadOnlyList<string> KeyRoles,
    int ActiveKeys,
    bool OnRoster,
    string? FirstSignedInAt,
    string? LastSeenAt,
    string? OffboardedAt,
    string? OffboardedBy);

/// <summary>A roster line as read from HR's CSV.</summary>
public sealed record RosterPerson(string Id, string DisplayName, string Email);

/// <param name="Created">People new to the registry.</param>
/// <param name="Updated">People whose name or mail changed, or who were not on the roster before.</param>
/// <param name="RemovedFromRoster">With mode=replace: people on the roster before who are not in the file.</param>
public sealed record RosterImport(int Rows, int Created, int Updated, int Unchanged, int RemovedFromRoster);

/// <summary>Whether a person may (still) sign in, and since when their earlier sessions no longer count.</summary>
public readonly record struct Standing(bool Offboarded, DateTimeOffset? SessionsRevokedAt)
{
    public static readonly Standing Unknown = new(false, null);

    /// <summary>A session or token issued at <paramref name="issuedAt"/> still counts.</summary>
    public bool Admits(DateTimeOffset? issuedAt) =>
        !Offboarded && (SessionsRevokedAt is not { } revoked || (issuedAt is { } at && at > revoked));
}

public enum OffboardOutcome
{
    Offboarded,
    NotFound,
    LastAdmin,
}

/// <summary>
/// The people registry: everybody the API knows, whether from a key, a sign-in through the company's
/// provider or HR's roster. A sign-in creates or updates the person (name, mail, roles, last seen);
/// the roster makes people who never signed in count for acknowledgements; offboarding revokes a
/// person's keys and ends their sessions and tokens.
/// </summary>
public sealed class PeopleStore(Database db, AuditLog audit, TimeProvider time, StoreChanges changes)
{
    // A person's standing is read on every request of a session or token; offboarding (here or on
    // another instance) announces the keys topic, which clears it.
    private readonly ConcurrentDictionary<string, Standing> _standing = SubscribedCache(changes);

    // What the last sign-in wrote per person: an API caller's token is checked on every request,
    // and the registry is written only when something changed, or once in five minutes for last seen.
    private readonly ConcurrentDictionary<string, (DirectoryPerson Person, DateTimeOffset At)> _lastWritten = new(StringComparer.Ordinal);

    private static readonly TimeSpan SeenResolution = TimeSpan.FromMinutes(5);

    public Standing StandingOf(string personId)
    {
        if (_standing.TryGetValue(personId, out var cached))
        {
            return cached;
        }

        using var connection = db.Open();
        var row = connection.QuerySingleOrDefault<(string? OffboardedAt, string? RevokedAt)?>(
            "SELECT offboarded_at, sessions_revoked_at FROM people WHERE id = @personId", new { personId });
        var standing = row is { } r
            ? new Standing(r.OffboardedAt is not null, r.RevokedAt is null ? null : DateTimeOffset.Parse(r.RevokedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal))
            : Standing.Unknown;
        _standing[personId] = standing;
        return standing;
    }

    /// <summary>
    /// Records a sign-in (a page sign-in always, a token at most every five minutes unless the
    /// directory's data changed): creates the person or updates name, mail, roles and last seen.
    /// </summary>
    public void SignedIn(DirectoryPerson person, bool always)
    {
        var now = time.GetUtcNow();
        if (!always && _lastWritten.TryGetValue(person.Id, out var last) && now - last.At < SeenResolution && Same(last.Person, person))
        {
            return;
        }

        var stamp = StoreTime.Stamp(now);
        var roles = string.Join(',', person.Roles);
        using var connection = db.Open();
        using var tx = db.BeginWrite(connection);
        var before = connection.QuerySingleOrDefault<(string Id, string? Roles)?>(
            "SELECT id, directory_roles FROM people WHERE id = @id", new { id = person.Id }, tx);
        connection.Execute(
            """
            INSERT INTO people (id, display_name, email, created_at, directory_roles, first_signed_in_at, last_seen_at)
            VALUES (@id, @name, @email, @stamp, @roles, @stamp, @stamp)
            ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name, email = excluded.email,
                directory_roles = excluded.directory_roles, last_seen_at = excluded.last_seen_at,
                first_signed_in_at = COALESCE(people.first_signed_in_at, excluded.first_signed_in_at)
            """,
            new { id = person.Id, name = person.DisplayName, email = person.Email, stamp, roles },
            tx);
        // The registry's history: a person appearing, and every change of the roles the directory gives.
        if (before is null)
        {
            audit.Append(connection, tx, person.Id, AuditAction.PersonSignedInFirst, person.Id, new { roles });
        }
        else if (before.Value.Roles != roles)
        {
            audit.Append(connection, tx, person.Id, AuditAction.PersonDirectoryRoles, person.Id, new { before = before.Value.Roles, roles });
        }

        tx.Commit();
        _lastWritten[person.Id] = (person, now);
    }

    /// <summary>A page session that is in use: last seen, at most every five minutes.</summary>
    public void Seen(string personId)
    {
        var now = time.GetUtcNow();
        if (_lastWritten.TryGetValue(personId, out var last) && now - last.At < SeenResolution)
        {
            return;
        }

        _lastWritten[personId] = (last.Person ?? new DirectoryPerson(personId, string.Empty, string.Empty, []), now);
        using var connection = db.Open();
        connection.Execute("UPDATE people SET last_seen_at = @at WHERE id = @personId", new { personId, at = StoreTime.Stamp(now) });
    }

    public IReadOnlyList<PersonView> List()
    {
        using var connection = db.Open();
        var keys = connection.Query<(string PersonId, string Roles)>("SELECT person_id, roles FROM api_keys WHERE revoked_at IS NULL")
            .ToLookup(k => k.PersonId, StringComparer.Ordinal);
        return [.. connection.Query<(string Id, string DisplayName, string Email, string? DirectoryRoles, long OnRoster, string? FirstSignedInAt, string? LastSeenAt, string? OffboardedAt, string? OffboardedBy)>(
                """
                SELECT id, display_name, email, directory_roles, on_roster, first_signed_in_at, last_seen_at, offboarded_at, offboarded_by
                FROM people ORDER BY lower(display_name), id
                """)
            .Select(p => new PersonView(
                p.Id,
                p.DisplayName,
                p.Email,
                p.DirectoryRoles is null ? null : ApiKeyStore.SplitRoles(p.DirectoryRoles),
                [.. keys[p.Id].SelectMany(k => ApiKeyStore.SplitRoles(k.Roles)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
                keys[p.Id].Count(),
                p.OnRoster != 0,
                p.FirstSignedInAt,
                p.LastSeenAt,
                p.OffboardedAt,
                p.OffboardedBy))];
    }

    public bool Exists(string personId)
    {
        using var connection = db.Open();
        return connection.ExecuteScalar<long>("SELECT COUNT(*) FROM people WHERE id = @personId", new { personId }) > 0;
    }

    /// <summary>
    /// Puts the file's people on the roster (creating them, or updating name and mail) in one
    /// transaction; with <paramref name="replace"/>, people on the roster who are not in the file
    /// leave it (they stay in the registry). Offboarded people stay offboarded.
    /// </summary>
    public RosterImport ImportRoster(string actor, IReadOnlyList<RosterPerson> people, bool replace)
    {
        var stamp = StoreTime.Stamp(time.GetUtcNow());
        using var connection = db.Open();
        using var tx = db.BeginWrite(connection);
        var existing = connection.Query<(string Id, string DisplayName, string Email, long OnRoster)>(
                "SELECT id, display_name, email, on_roster FROM people", transaction: tx)
            .ToDictionary(p => p.Id, StringComparer.Ordinal);
        int created = 0, updated = 0, unchanged = 0;
        foreach (var p in people)
        {
            if (!existing.TryGetValue(p.Id, out var before))
            {
                created++;
            }
            else if (before.DisplayName == p.DisplayName && before.Email == p.Email && before.OnRoster != 0)
            {
                unchanged++;
                continue;
            }
            else
            {
                updated++;
            }

            connection.Execute(
                """
                INSERT INTO people (id, display_name, email, created_at, on_roster, roster_imported_at)
                VALUES (@Id, @DisplayName, @Email, @stamp, 1, @stamp)
                ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name, email = excluded.email,
                    on_roster = 1, roster_imported_at = excluded.roster_imported_at
                """,
                new { p.Id, p.DisplayName, p.Email, stamp },
                tx);
        }

        var removed = 0;
        if (replace)
        {
            var inFile = people.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var gone in existing.Values.Where(e => e.OnRoster != 0 && !inFile.Contains(e.Id)))
            {
                removed += connection.Execute("UPDATE people SET on_roster = 0 WHERE id = @Id", new { gone.Id }, tx);
            }
        }

        var result = new RosterImport(people.Count, created, updated, unchanged, removed);
        audit.Append(connection, tx, actor, AuditAction.PeopleRosterImported, "roster", new { result.Rows, result.Created, result.Updated, result.Unchanged, result.RemovedFromRoster, replace });
        tx.Commit();
        return result;
    }

    /// <summary>
    /// Offboards a person: revokes every active key of theirs, ends their page sessions and refuses
    /// their tokens from now on, and takes them off the roster. Refused (nothing changes) when their
    /// keys are the last active admin keys. Offboarding twice changes nothing more.
    /// </summary>
    public (OffboardOutcome Outcome, int KeysRevoked, string? OffboardedAt) Offboard(string actor, string personId)
    {
        var stamp = StoreTime.Stamp(time.GetUtcNow());
        using var connection = db.Open();
        using var tx = db.BeginWrite(connection);
        var person = connection.QuerySingleOrDefault<(string Id, string? OffboardedAt)?>(
            "SELECT id, offboarded_at FROM people WHERE id = @personId", new { personId }, tx);
        if (person is not { } found)
        {
            return (OffboardOutcome.NotFound, 0, null);
        }

        if (ApiKeyStore.HoldsLastAdminKeys(connection, tx, personId))
        {
            return (OffboardOutcome.LastAdmin, 0, null);
        }

        var keyIds = connection.Query<string>("SELECT id FROM api_keys WHERE person_id = @personId AND revoked_at IS NULL ORDER BY id", new { personId }, tx).ToList();
        foreach (var keyId in keyIds)
        {
            connection.Execute("UPDATE api_keys SET revoked_at = @stamp, revoked_by = @actor WHERE id = @keyId", new { keyId, stamp, actor }, tx);
            audit.Append(connection, tx, actor, AuditAction.KeyRevoked, keyId, new { personId, reason = "offboarded" }, new AuditedRow(AuditLog.Tables.ApiKeys, keyId));
        }

        var at = found.OffboardedAt ?? stamp;
        connection.Execute(
            "UPDATE people SET offboarded_at = @at, offboarded_by = COALESCE(offboarded_by, @actor), sessions_revoked_at = @stamp, on_roster = 0 WHERE id = @personId",
            new { personId, at, actor, stamp },
            tx);
        audit.Append(connection, tx, actor, AuditAction.PersonOffboarded, personId, new { keysRevoked = keyIds.Count });
        db.Announce(connection, tx, StoreTopics.Keys);
        tx.Commit();
        changes.Dispatch(StoreTopics.Keys);
        return (OffboardOutcome.Offboarded, keyIds.Count, at);
    }

    /// <summary>Takes back an offboarding (a person who returns): they may sign in again; their old keys stay revoked.</summary>
    public bool Reinstate(string actor, string personId)
    {
        using var connection = db.Open();
        using var tx = db.BeginWrite(connection);
        var changed = connection.Execute(
            "UPDATE people SET offboarded_at = NULL, offboarded_by = NULL WHERE id = @personId AND offboarded_at IS NOT NULL", new { personId }, tx);
        if (changed > 0)
        {
            audit.Append(connection, tx, actor, AuditAction.PersonReinstated, personId, new { });
            db.Announce(connection, tx, StoreTopics.Keys);
        }

        var exists = connection.ExecuteScalar<long>("SELECT COUNT(*) FROM people WHERE id = @personId", new { personId }, tx) > 0;
        tx.Commit();
        changes.Dispatch(StoreTopics.Keys);
        return exists;
    }

    private static bool Same(DirectoryPerson a, DirectoryPerson b) =>
        a.DisplayName == b.DisplayName && a.Email == b.Email && a.Roles.SequenceEqual(b.Roles, StringComparer.Ordinal);

    private static ConcurrentDictionary<string, Standing> SubscribedCache(StoreChanges changes)
    {
        var cache = new ConcurrentDictionary<string, Standing>(StringComparer.Ordinal);
        changes.Subscribe(StoreTopics.Keys, cache.Clear);
        return cache;
    }
}
