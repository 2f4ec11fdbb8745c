using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Policy.Api.Tests;

/// <summary>
/// The store a test host runs on. This project (Policy.Api.Tests) runs every test on a fresh SQLite
/// file; Policy.Api.Tests.Postgres compiles the same tests with POSTGRES defined and runs them on a
/// fresh PostgreSQL database each, on the server named by <c>POLICY_TEST_POSTGRES</c> (an Npgsql
/// connection string of a role that may create databases; <c>.ci/run</c> starts one).
/// </summary>
public sealed class TestBackend : IDisposable
{
    public const string ServerVariable = "POLICY_TEST_POSTGRES";

    private TestBackend(string dataDirectory, string? postgres)
    {
        DataDirectory = dataDirectory;
        Postgres = postgres;
    }

    /// <summary>Folder of the SQLite file (SQLite) and of the decision-hash key (both backends).</summary>
    public string DataDirectory { get; }

    /// <summary>Connection string of this host's own database, or null on SQLite.</summary>
    public string? Postgres { get; }

    public bool IsPostgres => Postgres is not null;

#if POSTGRES
    public static bool UsesPostgres => true;
#else
    public static bool UsesPostgres => false;
#endif

    public static TestBackend Create()
    {
        var directory = Path.Combine(Path.GetTempPath(), "policy-tests-" + Guid.NewGuid().ToString("N"));
        return UsesPostgres ? new TestBackend(directory, CreateDatabase()) : new TestBackend(directory, null);
    }

    /// <summary>Settings that point the API at this store.</summary>
    public IEnumerable<KeyValuePair<string, string>> Settings()
    {
        yield return new("Policy:Storage:DataDirectory", DataDirectory);
        if (Postgres is not null)
        {
            yield return new("Policy:Storage:Postgres", Postgres);
        }
    }

    /// <summary>A connection of the test's own (not from the API's pool) to the host's database.</summary>
    public DbConnection Open()
    {
        DbConnection connection = Postgres is not null
            ? new NpgsqlConnection(Postgres)
            : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(DataDirectory, "policy.db"), Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>
    /// The server's admin connection string. Without one the test is skipped, with the reason; CI
    /// always has one (.ci/run starts a server and fails if a PostgreSQL test was skipped).
    /// </summary>
    public static string Server()
    {
        if (Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } server)
        {
            return server;
        }

        Assert.Skip($"no PostgreSQL server: set {ServerVariable} to an Npgsql connection string of a role that may create databases (.ci/run starts one on loopback)");
        return string.Empty;
    }

    private static string CreateDatabase()
    {
        var server = new NpgsqlConnectionStringBuilder(Server());
        var name = "policy_test_" + Guid.NewGuid().ToString("N")[..16];
        using (var admin = new NpgsqlConnection(server.ConnectionString))
        {
            admin.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            create.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name }.ConnectionString;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Postgres is not null)
        {
            var builder = new NpgsqlConnectionStringBuilder(Postgres);
            NpgsqlConnection.ClearAllPools();
            try
            {
                using var admin = new NpgsqlConnection(Server());
                admin.Open();
                using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {builder.Database} WITH (FORCE)", admin);
                drop.ExecuteNonQuery();
            }
            catch (NpgsqlException)
            {
                // A database left behind costs disk, not correctness: every test creates its own.
            }
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open only leaves a temp folder behind.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
