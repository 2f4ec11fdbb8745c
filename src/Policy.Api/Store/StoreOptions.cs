using Microsoft.Extensions.Options;

namespace Policy.Api.Store;

/// <summary>Where the embedded database lives; section "Policy:Storage".</summary>
public sealed class StoreOptions
{
    public const string Section = "Policy:Storage";

    /// <summary>Folder for the database file, created on first start; relative to the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    public string DatabasePath => Path.GetFullPath(Path.Combine(DataDirectory, "policy.db"));
}

internal sealed class StoreOptionsValidator : IValidateOptions<StoreOptions>
{
    public ValidateOptionsResult Validate(string? name, StoreOptions options) =>
        string.IsNullOrWhiteSpace(options.DataDirectory)
            ? ValidateOptionsResult.Fail($"{StoreOptions.Section}:DataDirectory is required.")
            : ValidateOptionsResult.Success;
}
