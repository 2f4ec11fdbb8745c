using Microsoft.Extensions.Options;

namespace Policy.Api.Identity;

/// <summary>Section "Policy:Identity".</summary>
public sealed class IdentityOptions
{
    public const string Section = "Policy:Identity";

    /// <summary>The first admin key, used only when the database has no key yet. If empty, one is
    /// generated and printed once to the console.</summary>
    public string? BootstrapAdminKey { get; set; }
}

internal sealed class IdentityOptionsValidator : IValidateOptions<IdentityOptions>
{
    public ValidateOptionsResult Validate(string? name, IdentityOptions options) =>
        options.BootstrapAdminKey is { Length: > 0 and < 24 }
            ? ValidateOptionsResult.Fail($"{IdentityOptions.Section}:BootstrapAdminKey must have at least 24 characters.")
            : ValidateOptionsResult.Success;
}
