using Microsoft.Extensions.Options;
using Policy.Api.Store;

namespace Policy.Api.Reviews;

/// <summary>How long reviews wait, how long shared draft texts are kept; section "Policy:Reviews".</summary>
public sealed class ReviewOptions
{
    public const string Section = "Policy:Reviews";

    /// <summary>A request nobody decided expires after this long (default 3 days; 1 minute to 90 days).</summary>
    public TimeSpan ExpireAfter { get; set; } = TimeSpan.FromDays(3);

    /// <summary>
    /// A draft text shared with a review (or a false-positive report) is deleted this long after
    /// the review closes (default 7 days; zero deletes it at the next sweep; at most 365 days).
    /// </summary>
    public TimeSpan TextRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>A draft text shared with a false-positive report is deleted this long after the report (default 30 days; zero to 365 days).</summary>
    public TimeSpan ReportTextRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>An approval answers later checks of the same text for this long (default 30 days; 1 hour to 365 days).</summary>
    public TimeSpan ApprovalValidity { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often expiry and text deletion run (default 1 minute; 1 second to 1 hour).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The key that encrypts shared draft texts; default <c>review-text.key</c> in the data
    /// directory, created on first start, never in the database. Instances sharing one PostgreSQL
    /// database must share this file, as they share the audit key.
    /// </summary>
    public string TextKeyFile { get; set; } = string.Empty;

    public string TextKeyPath(StoreOptions store) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(TextKeyFile) ? Path.Combine(store.DataDirectory, "review-text.key") : TextKeyFile);
}

internal sealed class ReviewOptionsValidator : IValidateOptions<ReviewOptions>
{
    public ValidateOptionsResult Validate(string? name, ReviewOptions options)
    {
        var failures = new List<string>();
        void Range(string key, TimeSpan value, TimeSpan min, TimeSpan max, string shown)
        {
            if (value < min || value > max)
            {
                failures.Add($"{ReviewOptions.Section}:{key} must be between {shown} (is {value}).");
            }
        }

        Range(nameof(options.ExpireAfter), options.ExpireAfter, TimeSpan.FromMinutes(1), TimeSpan.FromDays(90), "00:01:00 and 90.00:00:00");
        Range(nameof(options.TextRetention), options.TextRetention, TimeSpan.Zero, TimeSpan.FromDays(365), "00:00:00 and 365.00:00:00");
        Range(nameof(options.ReportTextRetention), options.ReportTextRetention, TimeSpan.Zero, TimeSpan.FromDays(365), "00:00:00 and 365.00:00:00");
        Range(nameof(options.ApprovalValidity), options.ApprovalValidity, TimeSpan.FromHours(1), TimeSpan.FromDays(365), "01:00:00 and 365.00:00:00");
        Range(nameof(options.SweepInterval), options.SweepInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), "00:00:01 and 01:00:00");
        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
