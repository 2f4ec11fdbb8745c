using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Policy.Api.Store;

/// <summary>
/// The embedded SQLite database: one file, WAL mode, one connection per operation, numbered
/// migrations embedded in the assembly and applied at start-up, each in its own transaction.
/// </summary>
public sealed partial class Database
{
    private readonly string _connectionString;
    private readonly string _pragmas;

    public Database(IOptions<StoreOptions> options)
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

    public string DatabasePath { get; }

    /// <summary>Opens a connection with the settings every operation relies on.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        // synchronous (StoreOptions): FULL survives power loss, NORMAL (in WAL mode) a killed process.
        connection.Execute(_pragmas);
        return connection;
    }

    /// <summary>Applies the embedded migrations that the schema-version table does not list yet.</summary>
    public IReadOnlyList<string> Migrate()
    {
        using var connection = Open();
        connection.Execute("PRAGMA journal_mode = WAL;");
        connection.Execute("""
            CREATE TABLE IF NOT EXISTS schema_version (
                version     INTEGER PRIMARY KEY,
                name        TEXT NOT NULL,
                applied_at  TEXT NOT NULL
            );
            """);
        var applied = connection.Query<long>("SELECT version FROM schema_version").ToHashSet();
        var done = new List<string>();
        foreach (var (version, name, sql) in Migrations())
        {
            if (applied.Contains(version))
            {
                continue;
            }

            using var tx = connection.BeginTransaction(deferred: false);
            connection.Execute(sql, transaction: tx);
            connection.Execute(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (@version, @name, @at)",
                new { version, name, at = DateTimeOffset.UtcNow.ToString("O") },
                tx);
            tx.Commit();
            done.Add(name);
        }

        return done;
    }

    public static IEnumerable<(long Version, string Name, string Sql)> Migrations()
    {
        var assembly = Assembly.GetExecutingAssembly();
        return assembly.GetManifestResourceNames()
            .Select(n => (Resource: n, Match: MigrationName().Match(n)))
            .Where(x => x.Match.Success)
            .Select(x =>
            {
                using var stream = assembly.GetManifestResourceStream(x.Resource)!;
                using var reader = new StreamReader(stream);
                return (long.Parse(x.Match.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture), x.Match.Groups["name"].Value, reader.ReadToEnd());
            })
            .OrderBy(m => m.Item1);
    }

    [GeneratedRegex(@"Migrations\.(?<name>(?<n>\d{3})_[a-z0-9_]+)\.sql$")]
    private static partial Regex MigrationName();
}

public static class StoreServices
{
    public static IServiceCollection AddStore(this IServiceCollection services)
    {
        services.AddOptions<StoreOptions>().BindConfiguration(StoreOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StoreOptions>, StoreOptionsValidator>();
        services.AddSingleton<Database>();
        return services;
    }
}
