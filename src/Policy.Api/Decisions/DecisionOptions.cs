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

    /// <summary>Decision rows that may wait for the writer; beyond this, checks are refused with 503
    /// rather than buffered without bound. 100 to 1,000,000, default 20,000.</summary>
    public int QueueCapacity { get; set; } = 20_000;

    /// <summary>At most this many rows go into one transaction (one disk sync). 1 to 10,000, default 2,000.</summary>
    public int MaxBatch { get; set; } = 2_000;
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

        if (options.QueueCapacity is < 100 or > 1_000_000)
        {
            failures.Add($"{DecisionOptions.Section}:QueueCapacity must be between 100 and 1000000 (is {options.QueueCapacity}).");
        }

        if (options.MaxBatch is < 1 or > 10_000)
        {
            failures.Add($"{DecisionOptions.Section}:MaxBatch must be between 1 and 10000 (is {options.MaxBatch}).");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
