using Microsoft.Extensions.Options;

namespace Policy.Api.RateLimits;

/// <summary>How many requests the API answers before 429; section "Policy:RateLimits".</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Policy:RateLimits";

    /// <summary>Check requests (single or batch, each counts once) per signed-in person and window.
    /// 1 to 1,000,000, default 1,200: far above a person typing, low enough that one leaked key
    /// cannot take the machine for itself.</summary>
    public int ChecksPerPerson { get; set; } = 1_200;

    /// <summary>The window of <see cref="ChecksPerPerson"/>; between one second and one hour, default one minute.</summary>
    public TimeSpan ChecksWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Requests with a wrong or revoked key per client address and window before that address
    /// gets 429 for such requests. 1 to 10,000, default 10.</summary>
    public int FailedSignInsPerAddress { get; set; } = 10;

    /// <summary>The window of <see cref="FailedSignInsPerAddress"/>; between one second and one day, default one minute.</summary>
    public TimeSpan FailedSignInWindow { get; set; } = TimeSpan.FromMinutes(1);
}

internal sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var failures = new List<string>();
        if (options.ChecksPerPerson is < 1 or > 1_000_000)
        {
            failures.Add($"{RateLimitOptions.Section}:ChecksPerPerson must be between 1 and 1000000 (is {options.ChecksPerPerson}).");
        }

        if (options.ChecksWindow < TimeSpan.FromSeconds(1) || options.ChecksWindow > TimeSpan.FromHours(1))
        {
            failures.Add($"{RateLimitOptions.Section}:ChecksWindow must be between 00:00:01 and 01:00:00 (is {options.ChecksWindow}).");
        }

        if (options.FailedSignInsPerAddress is < 1 or > 10_000)
        {
            failures.Add($"{RateLimitOptions.Section}:FailedSignInsPerAddress must be between 1 and 10000 (is {options.FailedSignInsPerAddress}).");
        }

        if (options.FailedSignInWindow < TimeSpan.FromSeconds(1) || options.FailedSignInWindow > TimeSpan.FromDays(1))
        {
            failures.Add($"{RateLimitOptions.Section}:FailedSignInWindow must be between 00:00:01 and 1.00:00:00 (is {options.FailedSignInWindow}).");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
