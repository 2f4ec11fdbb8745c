using System.Data.Common;
using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.Options;

namespace Policy.Api.Store;

/// <summary>
/// The store: one connection per operation, plain parameterized SQL through Dapper, numbered
/// migrations embedded in the assembly and applied at start-up. Two backends with the same
/// behaviour: the embedded SQLite file (one instance) and PostgreSQL (several instances sharing
/// one database). Everything that differs between them lives behind this class.
/// </summary>
public abstract partial class Database(TimeProvider time)
{
    public abstract StoreBackend Backend { get; }

    /// <summary>Opens a connection with the settings every operation relies on.</summary>
    public abstract DbConnection Open();

    /// <summary>
    /// Begins a write transaction. Writers are serialized, as one SQLite file serializes them
    /// (<c>BEGIN IMMEDIATE</c>): what a writer reads inside its transaction is what it writes on,
    /// so compare-and-set switches, the audit chain's "previous hash" and "next upload position"
    /// hold even with several instances on one PostgreSQL database.
    /// </summary>
    public abstract DbTransaction BeginWrite(DbConnection connection);

    /// <summary>
    /// Tells every instance on this database that <paramref name="topic"/> changed, when (and only
    /// if) <paramref name="tx"/> commits. A no-op for the single-instance SQLite store.
    /// </summary>
    public abstract void Announce(DbConnection connection, DbTransaction tx, string topic);

    /// <summary>Applies the embedded migrations that the schema-version table does not list yet; returns their names.</summary>
    public abstract IReadOnlyList<string> Migrate();

    /// <summary>Where the data is, for logs and health, without credentials.</summary>
    public abstract string Location { get; }

    /// <summary>
    /// Applies, in order, the migrations of this backend that <c>schema_version</c> does not list,
    /// each with its version row in one transaction from <paramref name="begin"/>; returns their names.
    /// </summary>
    protected List<string> ApplyMigrations(DbConnection connection, Func<DbConnection, DbTransaction> begin)
    {
        var integer = Backend == StoreBackend.Postgres ? "BIGINT" : "INTEGER";
        connection.Execute($"""
            CREATE TABLE IF NOT EXISTS schema_version (
                version     {integer} PRIMARY KEY,
                name        TEXT NOT NULL,
                applied_at  TEXT NOT NULL
            );
            """);
        if (Backend == StoreBackend.Postgres)
        {
            RecordRenumbered(connection, begin);
        }

        var applied = connection.Query<long>("SELECT version FROM schema_version").ToHashSet();
        var done = new List<string>();
        foreach (var (version, name, sql) in Migrations(Backend))
        {
            if (applied.Contains(version))
            {
                continue;
            }

            using var tx = begin(connection);
            connection.Execute(sql, transaction: tx);
            connection.Execute(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (@version, @name, @at)",
                new { version, name, at = StoreTime.Stamp(time.GetUtcNow()) },
                tx);
            tx.Commit();
            done.Add(name);
        }

        return done;
    }

    /// <summary>
    /// PostgreSQL migrations applied under their numbers from before the pairing rule (001, 002, 003),
    /// with the paired numbers they carry now. One number per schema change on both backends: a
    /// PostgreSQL file has the number of the SQLite migration it matches (050_schema.sql is the whole
    /// schema as of SQLite's 050).
    /// </summary>
    internal static readonly IReadOnlyList<(long Old, string OldName, long Paired, string PairedName)> RenumberedPostgres =
    [
        (1, "001_schema", 50, "050_schema"),
        (2, "002_audit_keyed", 60, "060_audit_keyed"),
        (3, "003_checking_pack", 70, "070_checking_pack"),
    ];

    /// <summary>
    /// A PostgreSQL store that applied a migration under its old number gets a row for the paired
    /// number too (same applied_at), so the migration is not applied a second time. The old rows stay:
    /// an instance of the previous release on the same database still finds what it applied.
    /// </summary>
    private static void RecordRenumbered(DbConnection connection, Func<DbConnection, DbTransaction> begin)
    {
        using var tx = begin(connection);
        foreach (var (old, oldName, paired, pairedName) in RenumberedPostgres)
        {
            connection.Execute(
                """
                INSERT INTO schema_version (version, name, applied_at)
                SELECT @paired, @pairedName, applied_at FROM schema_version
                WHERE version = @old AND name = @oldName AND NOT EXISTS (SELECT 1 FROM schema_version WHERE version = @paired)
                """,
                new { old, oldName, paired, pairedName },
                tx);
        }

        tx.Commit();
    }

    /// <summary>The migrations of one backend (resources under <c>Store/Migrations/</c> or <c>Store/Migrations/Postgres/</c>), in order.</summary>
    public static IEnumerable<(long Version, string Name, string Sql)> Migrations(StoreBackend backend)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var pattern = backend == StoreBackend.Postgres ? PostgresMigrationName() : SqliteMigrationName();
        return assembly.GetManifestResourceNames()
            .Select(n => (Resource: n, Match: pattern.Match(n)))
            .Where(x => x.Match.Success)
            .Select(x =>
            {
                using var stream = assembly.GetManifestResourceStream(x.Resource)!;
                using var reader = new StreamReader(stream);
                return (long.Parse(x.Match.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture), x.Match.Groups["name"].Value, reader.ReadToEnd());
            })
            .OrderBy(m => m.Item1);
    }

    [GeneratedRegex(@"\.Store\.Migrations\.(?<name>(?<n>\d{3})_[a-z0-9_]+)\.sql$")]
    private static partial Regex SqliteMigrationName();

    [GeneratedRegex(@"\.Store\.Migrations\.Postgres\.(?<name>(?<n>\d{3})_[a-z0-9_]+)\.sql$")]
    private static partial Regex PostgresMigrationName();
}

/// <summary>What other instances are told about through <see cref="Database.Announce"/>.</summary>
public static class StoreTopics
{
    /// <summary>A pack version was activated or rolled back.</summary>
    public const string Packs = "packs";

    /// <summary>A spokesperson was created, changed or ended, or crisis mode switched.</summary>
    public const string Spokespeople = "spokespeople";

    /// <summary>A key was revoked or a person changed.</summary>
    public const string Keys = "keys";
}

public static class StoreServices
{
    public static IServiceCollection AddStore(this IServiceCollection services)
    {
        services.AddOptions<StoreOptions>().BindConfiguration(StoreOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StoreOptions>, StoreOptionsValidator>();
        services.AddSingleton<StoreChanges>();
        services.AddSingleton<Database>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StoreOptions>>();
            return options.Value.Backend == StoreBackend.Postgres
                ? new PostgresDatabase(options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<PostgresDatabase>>())
                : new SqliteDatabase(options, sp.GetRequiredService<TimeProvider>());
        });
        services.AddHostedService<StoreChangeListener>();
        return services;
    }
}
