using Microsoft.Extensions.Options;
using Policy.Core.Checking;
using Policy.Core.Model;

namespace Policy.Api.Packs;

/// <summary>How much time one request's checks may take; section "Policy:Engine".</summary>
public sealed class EngineOptions
{
    public const string Section = "Policy:Engine";

    /// <summary>Wall-clock time across all rules of one request (a batch shares it). When it is spent
    /// the remaining drafts go to review with a finding that says why. The slowest adversarial draft of
    /// 10,000 characters takes a few milliseconds (docs/performance.md), so the default leaves room for
    /// a loaded machine and still ends a hostile batch within seconds.</summary>
    public TimeSpan Budget { get; set; } = TimeSpan.FromSeconds(2);

    public static TimeSpan MaxBudget { get; } = TimeSpan.FromMinutes(1);

    public CheckBudget Start(TimeProvider time, CancellationToken ct) => new(Budget, time, ct);
}

internal sealed class EngineOptionsValidator : IValidateOptions<EngineOptions>
{
    public ValidateOptionsResult Validate(string? name, EngineOptions options) =>
        options.Budget <= TimeSpan.Zero || options.Budget > EngineOptions.MaxBudget
            ? ValidateOptionsResult.Fail($"{EngineOptions.Section}:Budget must be more than 0 and at most {EngineOptions.MaxBudget} (it is {options.Budget}).")
            : ValidateOptionsResult.Success;
}
