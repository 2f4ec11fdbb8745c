using Microsoft.Extensions.Options;

namespace Policy.Api.Spokespeople;

/// <summary>Section "Policy:CorporateAccounts": handles of the company's own accounts.</summary>
public sealed class CorporateAccountOptions
{
    public const string Section = "Policy:CorporateAccounts";

    public List<string> Handles { get; set; } = [];
}

/// <summary>
/// Whether a handle is one of the company's accounts. The request's own "kind" cannot make a
/// registered corporate account private: a post there speaks for the company whatever the caller says.
/// </summary>
public sealed class CorporateAccounts(IOptions<CorporateAccountOptions> options)
{
    private readonly HashSet<string> _handles = new(options.Value.Handles.Select(Normalize), StringComparer.OrdinalIgnoreCase);

    public bool IsCorporate(string? handle) => handle is not null && _handles.Contains(Normalize(handle));

    private static string Normalize(string handle) => handle.Trim().TrimStart('@');
}
