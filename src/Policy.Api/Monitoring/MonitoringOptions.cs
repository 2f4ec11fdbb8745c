using Microsoft.Extensions.Options;

namespace Policy.Api.Monitoring;

/// <summary>Spike detection, feed polling and retention of the watchlist monitoring; section "Policy:Monitoring".</summary>
public sealed class MonitoringOptions
{
    public const string Section = "Policy:Monitoring";

    /// <summary>A term spikes when its mentions in the current hour reach this multiple of its hourly baseline (default 3; 1.1 to 100).</summary>
    public double SpikeFactor { get; set; } = 3;

    /// <summary>…and at least this many mentions in the hour, so 2 against a baseline of 0.5 is no spike (default 10; 1 to 100000).</summary>
    public int MinimumMentions { get; set; } = 10;

    /// <summary>Hours before the current one whose average is the baseline (default 24; 1 to 720).</summary>
    public int BaselineHours { get; set; } = 24;

    /// <summary>After an alert for a term, no further alert for it within this time (default 6 h; 0 to 7 days).</summary>
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Days matched mentions (url, handle) and hourly volumes are kept (default 30; 1 to 3650).</summary>
    public int RetentionDays { get; set; } = 30;

    /// <summary>Days alerts, with their sample mentions, are kept (default 365; 1 to 3650).</summary>
    public int AlertRetentionDays { get; set; } = 365;

    /// <summary>How often the feed poller looks for feeds that are due (default 30 s; 50 ms to 1 h).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Allows http:// feeds to hosts other than loopback (default off: https only).</summary>
    public bool AllowHttpFeeds { get; set; }

    /// <summary>A feed larger than this is not read (default 5 MB; 10 kB to 50 MB).</summary>
    public int MaxFeedBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>How long fetching one feed may take (default 20 s; 1 s to 2 min).</summary>
    public TimeSpan FeedTimeout { get; set; } = TimeSpan.FromSeconds(20);
}

internal sealed class MonitoringOptionsValidator : IValidateOptions<MonitoringOptions>
{
    public ValidateOptionsResult Validate(string? name, MonitoringOptions o)
    {
        var s = MonitoringOptions.Section;
        var failures = new List<string>();
        if (o.SpikeFactor is < 1.1 or > 100 || double.IsNaN(o.SpikeFactor))
        {
            failures.Add($"{s}:SpikeFactor must be between 1.1 and 100 (is {o.SpikeFactor}).");
        }

        if (o.MinimumMentions is < 1 or > 100_000)
        {
            failures.Add($"{s}:MinimumMentions must be between 1 and 100000 (is {o.MinimumMentions}).");
        }

        if (o.BaselineHours is < 1 or > 720)
        {
            failures.Add($"{s}:BaselineHours must be between 1 and 720 (is {o.BaselineHours}).");
        }

        if (o.Cooldown < TimeSpan.Zero || o.Cooldown > TimeSpan.FromDays(7))
        {
            failures.Add($"{s}:Cooldown must be between 00:00:00 and 7.00:00:00 (is {o.Cooldown}).");
        }

        if (o.RetentionDays is < 1 or > 3650)
        {
            failures.Add($"{s}:RetentionDays must be between 1 and 3650 (is {o.RetentionDays}).");
        }

        if (o.AlertRetentionDays is < 1 or > 3650)
        {
            failures.Add($"{s}:AlertRetentionDays must be between 1 and 3650 (is {o.AlertRetentionDays}).");
        }

        if (o.PollInterval < TimeSpan.FromMilliseconds(50) || o.PollInterval > TimeSpan.FromHours(1))
        {
            failures.Add($"{s}:PollInterval must be between 00:00:00.050 and 01:00:00 (is {o.PollInterval}).");
        }

        if (o.MaxFeedBytes is < 10_240 or > 50 * 1024 * 1024)
        {
            failures.Add($"{s}:MaxFeedBytes must be between 10240 and 52428800 (is {o.MaxFeedBytes}).");
        }

        if (o.FeedTimeout < TimeSpan.FromSeconds(1) || o.FeedTimeout > TimeSpan.FromMinutes(2))
        {
            failures.Add($"{s}:FeedTimeout must be between 00:00:01 and 00:02:00 (is {o.FeedTimeout}).");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
