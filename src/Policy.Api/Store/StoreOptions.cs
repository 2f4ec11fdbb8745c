using Microsoft.Extensions.Options;
using Npgsql;

namespace Policy.Api.Store;

/// <summary>Where the data lives; section "Policy:Storage".</summary>
public sealed class StoreOptions
{
    public const string Section = "Policy:Storage";

    /// <summary>
    /// Folder for the SQLite database file and the decision-hash key, created on first start;
    /// relative to the working directory.
    /// </summary>
    public string DataDirectory { get; set; } = "data";

    public string DatabasePath => Path.GetFullPath(Path.Combine(DataDirectory, "policy.db"));

    /// <summary>
    /// An Npgsql connection string ("Host=…;Database=…;Username=…;Password=…"). Set: the store is
    /// that PostgreSQL database, which several instances can share. Empty (default): the embedded
    /// SQLite file in <see cref="DataDirectory"/>, for one instance. See docs/deployment.md.
    /// </summary>
    public string Postgres { get; set; } = string.Empty;

    /// <summary>
    /// The key of the drafts' keyed fingerprints (docs/privacy.md); default
    /// <c>decision-hash.key</c> in <see cref="DataDirectory"/>, created on first start. Instances
    /// sharing one PostgreSQL database must share this file (a mounted secret), or the same draft
    /// gets a different fingerprint on each of them.
    /// </summary>
    public string HashKeyFile { get; set; } = string.Empty;

    public string HashKeyPath => Path.GetFullPath(string.IsNullOrWhiteSpace(HashKeyFile) ? Path.Combine(DataDirectory, "decision-hash.key") : HashKeyFile);

    /// <summary>
    /// The key that seals the audit chain and its head (docs/security.md); default <c>audit.key</c>
    /// in <see cref="DataDirectory"/>, created on first start. Apart from the decision-hash key, so
    /// destroying that one (docs/privacy.md) leaves the audit verifiable. Instances sharing one
    /// PostgreSQL database must share this file too, or each finds the others' entries broken.
    /// </summary>
    public string AuditKeyFile { get; set; } = string.Empty;

    public string AuditKeyPath => Path.GetFullPath(string.IsNullOrWhiteSpace(AuditKeyFile) ? Path.Combine(DataDirectory, "audit.key") : AuditKeyFile);

    public StoreBackend Backend => string.IsNullOrWhiteSpace(Postgres) ? StoreBackend.Sqlite : StoreBackend.Postgres;

    /// <summary>
    /// SQLite only. "Full" (default): every commit is synced to disk; an answered write survives a
    /// crash of the process, the operating system or the power. "Normal": commits reach the
    /// operating system at once and the disk at checkpoints; an answered write survives a crash or
    /// kill -9 of the process, but not of the machine. See docs/performance.md. (PostgreSQL follows
    /// its own synchronous_commit setting.)
    /// </summary>
    public string Synchronous { get; set; } = "Full";
}

public enum StoreBackend
{
    Sqlite,
    Postgres,
}

internal sealed class StoreOptionsValidator : IValidateOptions<StoreOptions>
{
    public ValidateOptionsResult Validate(string? name, StoreOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            errors.Add($"{StoreOptions.Section}:DataDirectory is required.");
        }

        if (options.Synchronous is not ("Full" or "Normal"))
        {
            errors.Add($"{StoreOptions.Section}:Synchronous must be Full or Normal (is '{options.Synchronous}').");
        }

        if (options.Backend == StoreBackend.Postgres)
        {
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(options.Postgres);
                if (string.IsNullOrWhiteSpace(builder.Host))
                {
                    errors.Add($"{StoreOptions.Section}:Postgres names no Host.");
                }
            }
            catch (ArgumentException ex)
            {
                // The message names the offending keyword; the connection string itself may carry a password.
                errors.Add($"{StoreOptions.Section}:Postgres is not a valid connection string: {ex.Message}");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
