using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Policy.Api.Audit;
using Policy.Api.Store;

namespace Policy.Api.Identity;

/// <summary>A person as authentication knows them.</summary>
public sealed record Person(string Id, string DisplayName, string Email, IReadOnlyList<string> Roles);

/// <summary>What revoking a key did.</summary>
public enum KeyRevocation
{
    Revoked,
    NotFound,
    LastAdmin,
}

/// <param name="LastUsedAt">When the key last signed a request in (to the minute); null: never used.</param>
public sealed record ApiKeyInfo(string Id, string PersonId, string DisplayName, string Email, string Prefix, IReadOnlyList<string> Roles, string CreatedAt, string CreatedBy, string? RevokedAt, string? LastUsedAt = null);

/// <summary>A person found by their key, and which key it was.</summary>
public sealed record KeyHolder(Person Person, string KeyId);

/// <summary>
/// API keys: random 256-bit secrets shown once at creation and stored only as SHA-256 hashes
/// (a fast hash is enough for keys of that entropy), each bound to a person and roles.
/// </summary>
public sealed class ApiKeyStore(Database db, AuditLog audit, TimeProvider time, StoreChanges changes)
{
    private const string KeyPrefix = "pk_";

    // Lookups by hash are cached; a revocation clears the cache, here at once and on the other
    // instances when they hear of it, so a revoked key fails everywhere.
    private readonly ConcurrentDictionary<string, KeyHolder> _cache = SubscribedCache(changes);

    // When each key's use was last written: at most one write a minute per key, so a busy
    // integration does not turn every check into a write.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastUseWritten = new(StringComparer.Ordinal);

    private static readonly TimeSpan UseResolution = TimeSpan.FromMinutes(1);

    public static string HashKey(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static string NewKey() => KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public Person? Find(string key) => Resolve(key)?.Person;

    public KeyHolder? Resolve(string key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 200)
        {
            return null;
        }

        var hash = HashKey(key);
        if (_cache.TryGetValue(hash, out var cached))
        {
            return cached;
        }

        using var connection = db.Open();
        var row = connection.QuerySingleOrDefault<(string Id, string DisplayName, string Email, string Roles, string KeyId)>(
            """
            SELECT p.id, p.display_name, p.email, k.roles, k.id
            FROM api_keys k JOIN people p ON p.id = k.person_id
            WHERE k.key_hash = @hash AND k.revoked_at IS NULL
            """,
            new { hash });
        if (row.Id is null)
        {
            return null;
        }

        var holder = new KeyHolder(new Person(row.Id, row.DisplayName, row.Email, SplitRoles(row.Roles)), row.KeyId);
        _cache[hash] = holder;
        return holder;
    }

    /// <summary>Records that the key was used now, unless that was already recorded within the last minute.</summary>
    public void NoteUse(string keyId)
    {
        var now = time.GetUtcNow();
        if (_lastUseWritten.TryGetValue(keyId, out var written) && now - written < UseResolution)
        {
            return;
        }

        _lastUseWritten[keyId] = now;
        using var connection = db.Open();
        connection.Execute("UPDATE api_keys SET last_used_at = @at WHERE id = @keyId", new { keyId, at = StoreTime.Stamp(now) });
    }

    public bool Any()
    {
        using var connection = db.Open();
        return connection.ExecuteScalar<long>("SELECT COUNT(*) FROM api_keys") > 0;
    }

    /// <summary>Creates (or updates) the person and a new key for them; returns the key, which is never stored.</summary>
    public (ApiKeyInfo Info, string Key) Create(string actor, string personId, string displayName, string email, IReadOnlyList<string> roles, string? key = null) =>
        Create(actor, personId, displayName, email, roles, key, onlyIfNoKeys: false)!.Value;

    /// <summary>
    /// The first key of an empty store, or null if there are keys already: checked and created in
    /// one write transaction, so of several instances starting together on one database exactly
    /// one creates it.
    /// </summary>
    public (ApiKeyInfo Info, string Key)? CreateFirst(string actor, string personId, string displayName, string email, IReadOnlyList<string> roles, string? key) =>
        Create(actor, personId, displayName, email, roles, key, onlyIfNoKeys: true);

    private (ApiKeyInfo Info, string Key)? Create(string actor, string personId, string displayName, string email, IReadOnlyList<string> roles, string? key, bool onlyIfNoKeys)
    {
        key ??= NewKey();
        var now = StoreTime.Stamp(time.GetUtcNow());
        var id = Guid.CreateVersion7(time.GetUtcNow()).ToString();
        var rolesText = string.Join(',', roles.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        using var connection = db.Open();
        using var tx = db.BeginWrite(connection);
        if (onlyIfNoKeys && connection.ExecuteScalar<long>("SELECT COUNT(*) FROM api_keys", transaction: tx) > 0)
        {
            return null;
        }

        connection.Execute(
            """
            INSERT INTO people (id, display_name, email, created_at) VALUES (@personId, @displayName, @email, @now)
            ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name, email = excluded.email
            """,
            new { personId, displayName, email, now },
            tx);
        connection.Execute(
            "INSERT INTO api_keys (id, person_id, key_hash, prefix, roles, created_at, created_by) VALUES (@id, @personId, @hash, @prefix, @rolesText, @now, @actor)",
            new { id, personId, hash = HashKey(key), prefix = key[..Math.Min(7, key.Length)], rolesText, now, actor },
            tx);
        audit.Append(connection, tx, actor, AuditAction.KeyCreated, id, new { personId, roles = rolesText }, new AuditedRow(AuditLog.Tables.ApiKeys, id));
        db.Announce(connection, tx, StoreTopics.Keys);
        tx.Commit();
        return (new ApiKeyInfo(id, personId, displayName, email, key[..Math.Min(7, key.Length)], SplitRoles(rolesText), now, actor, null), key);
    }

    public IReadOnlyList<ApiKeyInfo> List()
    {
        using var connection = db.Open();
        return [.. connection.Query<(string Id, string PersonId, string DisplayName, string Email, string Prefix, string Roles, string CreatedAt, string CreatedBy, string? RevokedAt, string? LastUsedAt)>(
            """
            SELECT k.id, k.person_id, p.display_name, p.email, k.prefix, k.roles, k.created_at, k.created_by, k.revoked_at, k.last_used_at
            FROM api_keys k JOIN people p ON p.id = k.person_id ORDER BY k.created_at, k.id
            """)
            .Select(r => new ApiKeyInfo(r.Id, r.PersonId, r.DisplayName, r.Email, r.Prefix, SplitRoles(r.Roles), r.CreatedAt, r.CreatedBy, r.RevokedAt, r.LastUsedAt))];
    }

    /// <summary>
    /// Revokes a key. Revoking twice is harmless. The last active admin key is refused: without it
    /// nobody could create keys or change roles until an operator recovers one on the machine.
    /// </summary>
    public KeyRevocation Revoke(string actor, string keyId)
    {
        using var connection = db.Open();
        using var tx = db.BeginWrite(connection);
        var key = connection.QuerySingleOrDefault<(string Roles, string? RevokedAt)?>(
            "SELECT roles, revoked_at FROM api_keys WHERE id = @keyId", new { keyId }, tx);
        if (key is not { } found)
        {
            return KeyRevocation.NotFound;
        }

        if (found.RevokedAt is null && SplitRoles(found.Roles).Contains(Roles.Admin)
            && !connection.Query<string>("SELECT roles FROM api_keys WHERE revoked_at IS NULL AND id <> @keyId", new { keyId }, tx)
                .Any(r => SplitRoles(r).Contains(Roles.Admin)))
        {
            return KeyRevocation.LastAdmin;
        }

        var changed = connection.Execute(
            "UPDATE api_keys SET revoked_at = @now, revoked_by = @actor WHERE id = @keyId AND revoked_at IS NULL",
            new { keyId, actor, now = StoreTime.Stamp(time.GetUtcNow()) },
            tx);
        if (changed > 0)
        {
            audit.Append(connection, tx, actor, AuditAction.KeyRevoked, keyId, new { }, new AuditedRow(AuditLog.Tables.ApiKeys, keyId));
            db.Announce(connection, tx, StoreTopics.Keys);
        }

        tx.Commit();
        _cache.Clear();
        return KeyRevocation.Revoked;
    }

    private static ConcurrentDictionary<string, KeyHolder> SubscribedCache(StoreChanges changes)
    {
        var cache = new ConcurrentDictionary<string, KeyHolder>(StringComparer.Ordinal);
        changes.Subscribe(StoreTopics.Keys, cache.Clear);
        return cache;
    }

    /// <summary>Whether <paramref name="personId"/> holds the only active admin key(s): revoking them all would leave no admin key.</summary>
    internal static bool HoldsLastAdminKeys(DbConnection connection, DbTransaction tx, string personId)
    {
        var active = connection.Query<(string PersonId, string Roles)>("SELECT person_id, roles FROM api_keys WHERE revoked_at IS NULL", transaction: tx)
            .Where(k => SplitRoles(k.Roles).Contains(Roles.Admin))
            .ToList();
        return active.Count > 0 && active.TrueForAll(k => k.PersonId == personId);
    }

    internal static string[] SplitRoles(string roles) => roles.Split(',', StringSplitOptions.RemoveEmptyEntries);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
