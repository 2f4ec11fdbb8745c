using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Policy.Api.Store;

/// <summary>
/// The embedded store: one SQLite file, WAL mode, for one instance. Writers are serialized by
/// <c>BEGIN IMMEDIATE</c>; there is nobody else to tell about changes.
/// </summary>
public sealed class SqliteDatabase : Database
{
    private readonly string _connectionString;
    private readonly string _pragmas;

    public SqliteDatabase(IOptions<StoreOptions> options, TimeProvider time)
        : base(time)
    {
        var path = options.Value.DatabasePath;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        DatabasePath = path;
        var synchronous = options.Value.Synchronous == "Normal" ? "NORMAL" : "FULL";
        _pragmas = $"PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000; PRAGMA synchronous = {synchronous};";
    }

    public override StoreBackend Backend => StoreBackend.Sqlite;

    public string DatabasePath { get; }

    public override string Location => DatabasePath;

    public override DbConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        // synchronous (StoreOptions): FULL survives power loss, NORMAL (in WAL mode) a killed process.
        connection.Execute(_pragmas);
        return connection;
    }

    public override DbTransaction BeginWrite(DbConnection connection) =>
        ((SqliteConnection)connection).BeginTransaction(deferred: false);

    public override void Announce(DbConnection connection, DbTransaction tx, string topic)
    {
        // One instance per file: the writer refreshes its own caches after the commit.
    }

    public override IReadOnlyList<string> Migrate()
    {
        using var connection = Open();
        connection.Execute("PRAGMA journal_mode = WAL;");
        return ApplyMigrations(connection, BeginWrite);
    }
}
