using System.Data;
using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Policy.Api.Store;

/// <summary>
/// The shared store: one PostgreSQL database for several API instances. Npgsql pools the
/// connections; writers are serialized by a transaction-scoped advisory lock, changes announced
/// with NOTIFY (delivered at commit), and migrations run once under a session advisory lock when
/// several instances start together.
/// </summary>
public sealed class PostgresDatabase : Database, IDisposable
{
    /// <summary>The channel on which instances hear about each other's changes.</summary>
    public const string Channel = "policy_changes";

    // Arbitrary, fixed 64-bit keys ("Policy" + a number), the same on every instance.
    private const long WriteLock = 0x506F6C6963790001;
    private const long MigrationLock = 0x506F6C6963790002;

    private readonly ILogger<PostgresDatabase> _logger;

    public PostgresDatabase(IOptions<StoreOptions> options, TimeProvider time, ILogger<PostgresDatabase> logger)
        : base(time)
    {
        _logger = logger;
        var builder = new NpgsqlConnectionStringBuilder(options.Value.Postgres);
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "policy-api";
        }

        ConnectionString = builder.ConnectionString;
        Location = $"postgresql://{builder.Host}:{builder.Port}/{builder.Database}";
        DataSource = NpgsqlDataSource.Create(ConnectionString);
        // The listener waits on its connection for hours; a keepalive every 10 s is what tells it
        // that a silently dropped network path is dead, so it reconnects instead of waiting forever.
        ListenerDataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(ConnectionString) { KeepAlive = 10, Pooling = false }.ConnectionString);
    }

    public override StoreBackend Backend => StoreBackend.Postgres;

    public override string Location { get; }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>Unpooled, with keepalive: for the one long-lived connection of <see cref="StoreChangeListener"/>.</summary>
    public NpgsqlDataSource ListenerDataSource { get; }

    public override DbConnection Open() => DataSource.OpenConnection();

    public void Dispose()
    {
        ListenerDataSource.Dispose();
        DataSource.Dispose();
    }

    public override DbTransaction BeginWrite(DbConnection connection)
    {
        var tx = ((NpgsqlConnection)connection).BeginTransaction(IsolationLevel.ReadCommitted);
        // Taken before the transaction reads anything: each later statement sees every write
        // committed before the lock was granted (read committed), as a SQLite writer would.
        connection.Execute("SELECT pg_advisory_xact_lock(@key)", new { key = WriteLock }, tx);
        return tx;
    }

    public override void Announce(DbConnection connection, DbTransaction tx, string topic) =>
        connection.Execute("SELECT pg_notify(@channel, @topic)", new { channel = Channel, topic }, tx);

    public override IReadOnlyList<string> Migrate()
    {
        using var connection = Open();
        // Several instances starting together: one migrates, the others wait here and then find
        // every version applied.
        connection.Execute("SELECT pg_advisory_lock(@key)", new { key = MigrationLock });
        try
        {
            // DDL is transactional in PostgreSQL: a failed migration leaves nothing behind.
            var done = ApplyMigrations(connection, c => ((NpgsqlConnection)c).BeginTransaction());
            foreach (var name in done)
            {
                _logger.LogInformation("Applied migration {Migration} to {Database}", name, Location);
            }

            return done;
        }
        finally
        {
            connection.Execute("SELECT pg_advisory_unlock(@key)", new { key = MigrationLock });
        }
    }
}
