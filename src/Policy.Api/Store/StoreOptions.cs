using Microsoft.Extensions.Options;

namespace Policy.Api.Store;

/// <summary>Where the embedded database lives; section "Policy:Storage".</summary>
public sealed class StoreOptions
{
    public const string Section = "Policy:Storage";

    /// <summary>Folder for the database file, created on first start; relative to the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    public string DatabasePath => Path.GetFullPath(Path.Combine(DataDirectory, "policy.db"));

    /// <summary>
    /// "Full" (default): every commit is synced to disk; an answered write survives a crash of the
    /// process, the operating system or the power. "Normal": commits reach the operating system at
    /// once and the disk at checkpoints; an answered write survives a crash or kill -9 of the
    /// process, but not of the machine. See docs/performance.md.
    /// </summary>
    public string Synchronous { get; set; } = "Full";
}

internal sealed class StoreOptionsValidator : IValidateOptions<StoreOptions>
{
    public ValidateOptionsResult Validate(string? name, StoreOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            return ValidateOptionsResult.Fail($"{StoreOptions.Section}:DataDirectory is required.");
        }

        return options.Synchronous is "Full" or "Normal"
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{StoreOptions.Section}:Synchronous must be Full or Normal (is '{options.Synchronous}').");
    }
}
