using Microsoft.Extensions.Options;

namespace Policy.Api.Packs;

/// <summary>Where the packs are and which one checks drafts; section "Policy:Packs".</summary>
public sealed class PackOptions
{
    public const string Section = "Policy:Packs";

    /// <summary>Folder of pack files; a relative path is taken from the application's folder.</summary>
    public string Directory { get; set; } = "policies";

    /// <summary>Id of the pack that checks drafts.</summary>
    public string Active { get; set; } = "social-media-guideline";

    public string FullDirectory => Path.IsPathRooted(Directory) ? Directory : Path.Combine(AppContext.BaseDirectory, Directory);
}

internal sealed class PackOptionsValidator : IValidateOptions<PackOptions>
{
    public ValidateOptionsResult Validate(string? name, PackOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            failures.Add($"{PackOptions.Section}:Directory is required.");
        }
        else if (!System.IO.Directory.Exists(options.FullDirectory))
        {
            failures.Add($"{PackOptions.Section}:Directory '{options.FullDirectory}' does not exist.");
        }

        if (string.IsNullOrWhiteSpace(options.Active))
        {
            failures.Add($"{PackOptions.Section}:Active is required.");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
