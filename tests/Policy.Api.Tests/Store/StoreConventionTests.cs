using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Policy.Api.Store;

namespace Policy.Api.Tests.Store;

/// <summary>
/// The store's conventions (docs/architecture.md, "Where a new table goes"): one migration number per
/// schema change on both backends, one timestamp format, and, where a PostgreSQL server is at hand, the
/// two schemas the same column by column.
/// </summary>
public sealed partial class StoreConventionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Every_schema_change_has_one_number_on_both_backends()
    {
        var sqlite = Database.Migrations(StoreBackend.Sqlite).ToDictionary(m => m.Version, m => m.Name);
        var postgres = Database.Migrations(StoreBackend.Postgres).ToDictionary(m => m.Version, m => m.Name);

        // PostgreSQL starts with the whole schema as of SQLite's 050; from then on every number is in both.
        Assert.Equal("050_schema", postgres[50]);
        Assert.Contains(50L, sqlite.Keys);
        Assert.Equal(sqlite.Keys.Where(v => v >= 50).Order(), postgres.Keys.Order());
        foreach (var (version, name) in postgres.Where(p => p.Key > 50))
        {
            Assert.Equal(sqlite[version], name);
        }

        // A change's series starts at a ten of its own (090 notifications, 091 monitoring), so a later
        // change can still go between two series and parallel work never shares a number.
        Assert.All(sqlite.Keys.Where(v => v >= 10), v => Assert.Contains(v - (v % 10), sqlite.Keys));
    }

    [Fact]
    public async Task A_store_from_before_migration_110_gets_one_timestamp_format_and_its_audit_still_verifies()
    {
        await using var root = new ApiFactory();
        var admin = root.ClientWithKey(ApiFactory.AdminKey);
        var employee = root.ClientAs("employee");
        Assert.True((await employee.PostAsync("/api/v1/guideline/acknowledgements", null, Ct)).IsSuccessStatusCode);
        var created = await (await admin.PostAsJsonAsync("/api/v1/keys", new { personId = "t.old", displayName = "Tim Old", email = "t.old@example.org", roles = new[] { "employee" } }, Ct)).Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.True((await admin.DeleteAsync($"/api/v1/keys/{(string?)created!["info"]!["id"]}", Ct)).IsSuccessStatusCode);

        // As the store looked before 110: these instants in .NET's "O" form, and 110 not applied.
        var columns = new[] { ("people", "created_at"), ("api_keys", "created_at"), ("api_keys", "revoked_at"), ("pack_versions", "uploaded_at"),
            ("active_versions", "activated_at"), ("activations", "at"), ("acknowledgements", "acknowledged_at"), ("checking_pack", "changed_at"),
            ("audit", "at"), ("schema_version", "applied_at") };
        using (var db = root.OpenDatabase())
        {
            foreach (var (table, column) in columns)
            {
                await db.ExecuteAsync($"UPDATE {table} SET {column} = substr({column}, 1, 27) || '+00:00' WHERE {column} IS NOT NULL");
            }

            await db.ExecuteAsync("DELETE FROM schema_version WHERE version = 110");
            Assert.True(await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit WHERE at LIKE '%+00:00'") > 3);
        }

        await using var upgraded = root.WithWebHostBuilder(_ => { });
        var adminAfter = upgraded.CreateClient();
        adminAfter.DefaultRequestHeaders.Authorization = new("Bearer", ApiFactory.AdminKey);
        var verify = await adminAfter.GetFromJsonAsync<JsonObject>("/api/v1/audit/verify", Ct);
        Assert.True((bool)verify!["intact"]!, verify.ToJsonString());
        Assert.True((long)verify["coveredRows"]! > 2, verify.ToJsonString());

        using (var db = root.OpenDatabase())
        {
            foreach (var (table, column) in columns)
            {
                var values = (await db.QueryAsync<string>($"SELECT {column} FROM {table} WHERE {column} IS NOT NULL")).ToList();
                Assert.NotEmpty(values);
                Assert.All(values, v => Assert.Matches(StampShape(), v));
            }

            // The seal still guards the instant itself: a key created at another time is found.
            await db.ExecuteAsync("UPDATE api_keys SET created_at = '2020-01-01T00:00:00.0000000Z' WHERE person_id = 't.old'");
        }

        var tampered = await adminAfter.GetFromJsonAsync<JsonObject>("/api/v1/audit/verify", Ct);
        Assert.False((bool)tampered!["intact"]!);
        Assert.StartsWith("api_keys/", (string?)tampered["brokenRow"], StringComparison.Ordinal);
    }

    /// <summary>The naming rule of docs/architecture.md: a class that reads and writes tables through
    /// <see cref="Database"/> is named for what it keeps and ends in Store (rows that change) or Log (rows
    /// that are only appended); the few services that use the database for something else are listed.</summary>
    [Fact]
    public void A_class_that_owns_tables_is_a_Store_or_a_Log()
    {
        // Listens for other instances' changes; asks whether the store answers; keeps approvals in memory,
        // read from the reviews table that ReviewStore owns. None owns a table.
        string[] notOwners = ["StoreChangeListener", "StoreHealthCheck", "ApprovalIndex"];
        var users = typeof(Database).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && t.GetConstructors().Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(Database))))
            .Select(t => t.Name).Where(n => !notOwners.Contains(n)).ToList();
        Assert.Contains("ApiKeyStore", users);
        Assert.Contains("AuditLog", users);
        Assert.All(users, n => Assert.True(n.EndsWith("Store", StringComparison.Ordinal) || n.EndsWith("Log", StringComparison.Ordinal), $"{n} uses the database but is named neither …Store nor …Log"));
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$")]
    private static partial Regex StampShape();

#if POSTGRES
    [Fact]
    public void The_sqlite_and_postgres_schemas_match_column_by_column()
    {
        using var backend = TestBackend.Create();
        Directory.CreateDirectory(backend.DataDirectory);
        var sqlite = new SqliteDatabase(Options.Create(new StoreOptions { DataDirectory = backend.DataDirectory }), TimeProvider.System);
        sqlite.Migrate();
        using var postgres = new PostgresDatabase(Options.Create(new StoreOptions { DataDirectory = backend.DataDirectory, Postgres = backend.Postgres! }), TimeProvider.System, NullLogger<PostgresDatabase>.Instance);
        postgres.Migrate();

        Dictionary<string, List<Column>> fromSqlite, fromPostgres;
        using (var c = sqlite.Open())
        {
            var tables = c.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").ToList();
            fromSqlite = tables.ToDictionary(t => t, t => c.Query<(long Cid, string Name, string Type, long NotNull, string? Default, long Pk)>($"PRAGMA table_info({t})")
                .Select(r => new Column(r.Name, Family(r.Type), r.NotNull == 1 || r.Pk > 0, r.Pk > 0)).ToList());
        }

        using (var c = postgres.Open())
        {
            var rows = c.Query<(string Table, string Name, string Type, string Nullable, bool Pk)>(
                """
                SELECT c.table_name, c.column_name, c.data_type, c.is_nullable,
                       EXISTS (SELECT 1 FROM information_schema.key_column_usage k
                               JOIN information_schema.table_constraints t ON t.constraint_name = k.constraint_name AND t.table_schema = k.table_schema
                               WHERE t.constraint_type = 'PRIMARY KEY' AND k.table_schema = c.table_schema AND k.table_name = c.table_name AND k.column_name = c.column_name)
                FROM information_schema.columns c WHERE c.table_schema = current_schema() ORDER BY c.table_name, c.ordinal_position
                """).ToList();
            fromPostgres = rows.GroupBy(r => r.Table).ToDictionary(g => g.Key, g => g.Select(r => new Column(r.Name, Family(r.Type), r.Nullable == "NO", r.Pk)).ToList());
        }

        Assert.Equal(fromSqlite.Keys.Order(StringComparer.Ordinal), fromPostgres.Keys.Order(StringComparer.Ordinal));
        foreach (var (table, columns) in fromSqlite)
        {
            Assert.True(columns.SequenceEqual(fromPostgres[table]),
                $"{table}: SQLite [{string.Join(", ", columns)}] vs PostgreSQL [{string.Join(", ", fromPostgres[table])}]");
        }

        Assert.True(fromSqlite.Count > 10, $"only {fromSqlite.Count} tables");
    }

    [Fact]
    public async Task A_postgres_store_with_the_old_migration_numbers_is_not_migrated_twice()
    {
        await using var root = new ApiFactory();
        _ = root.CreateClient();
        using (var db = root.OpenDatabase())
        {
            // As the previous release left it: 001, 002 and 003 applied, nothing under the paired numbers.
            await db.ExecuteAsync("DELETE FROM schema_version WHERE version IN (50, 60, 70)");
            await db.ExecuteAsync(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (1, '001_schema', '2026-01-01T00:00:00.0000000Z'), (2, '002_audit_keyed', '2026-02-01T00:00:00.0000000Z'), (3, '003_checking_pack', '2026-03-01T00:00:00.0000000Z')");
        }

        // Applying 050_schema.sql again would fail on its first CREATE TABLE and stop the start.
        await using var upgraded = root.WithWebHostBuilder(_ => { });
        var health = await upgraded.CreateClient().GetAsync("/health/ready", Ct);
        Assert.True(health.IsSuccessStatusCode, await health.Content.ReadAsStringAsync(Ct));
        using (var db = root.OpenDatabase())
        {
            var versions = (await db.QueryAsync<(long Version, string Name, string AppliedAt)>("SELECT version, name, applied_at FROM schema_version WHERE version IN (1, 2, 3, 50, 60, 70) ORDER BY version")).ToList();
            Assert.Equal([1L, 2, 3, 50, 60, 70], versions.Select(v => v.Version));
            Assert.Equal("2026-01-01T00:00:00.0000000Z", versions.Single(v => v.Version == 50).AppliedAt);
            Assert.Equal("070_checking_pack", versions.Single(v => v.Version == 70).Name);
        }
    }

    private static string Family(string type) => type.ToUpperInvariant() switch
    {
        "INTEGER" or "BIGINT" => "integer",
        "TEXT" => "text",
        "BLOB" or "BYTEA" => "bytes",
        "REAL" or "DOUBLE PRECISION" => "real",
        var other => other.ToLowerInvariant(),
    };

    private sealed record Column(string Name, string Type, bool NotNull, bool PrimaryKey);
#endif
}
