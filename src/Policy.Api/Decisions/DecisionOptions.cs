using Microsoft.Extensions.Options;

namespace Policy.Api.Decisions;

/// <summary>How long the decision log keeps rows and how often it deletes older ones; section "Policy:Decisions".</summary>
public sealed class DecisionOptions
{
    public const string Section = "Policy:Decisions";

    public const int MinRetentionDays = 1;
    public const int MaxRetentionDays = 3650;

    /// <summary>Rows older than this many days are deleted (Löschfrist). 1 to 3650, default 90.</summary>
    public int RetentionDays { get; set; } = 90;

    /// <summary>How often the purge runs, e.g. "01:00:00" (default one hour); between one second and one day.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);
}

internal sealed class DecisionOptionsValidator : IValidateOptions<DecisionOptions>
{
    public ValidateOptionsResult Validate(string? name, DecisionOptions options)
    {
        var failures = new List<string>();
        if (options.RetentionDays is < DecisionOptions.MinRetentionDays or > DecisionOptions.MaxRetentionDays)
        {
            failures.Add($"{DecisionOptions.Section}:RetentionDays must be between {DecisionOptions.MinRetentionDays} and {DecisionOptions.MaxRetentionDays} (is {options.RetentionDays}).");
        }

        if (options.PurgeInterval < TimeSpan.FromSeconds(1) || options.PurgeInterval > TimeSpan.FromDays(1))
        {
            failures.Add($"{DecisionOptions.Section}:PurgeInterval must be between 00:00:01 and 1.00:00:00 (is {options.PurgeInterval}).");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
