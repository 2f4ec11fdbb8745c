using Microsoft.Extensions.Options;
using Policy.Api.Accounts;

namespace Policy.Api.Spokespeople;

/// <summary>Section "Policy:CorporateAccounts": handles of the company's own accounts.</summary>
public sealed class CorporateAccountOptions
{
    public const string Section = "Policy:CorporateAccounts";

    public List<string> Handles { get; set; } = [];
}

/// <summary>
/// Whether a handle is one of the company's accounts: listed in configuration, or an open (not closed) account
/// in the account registry whose ownership verdict (legal's override first) is "company". The
/// request's own "kind" cannot make such an account private: a post there speaks for the company
/// whatever the caller says.
/// </summary>
public sealed class CorporateAccounts(IOptions<CorporateAccountOptions> options, AccountStore registry, CompanyDomainSource domains)
{
    private readonly HashSet<string> _handles = new(options.Value.Handles.Select(Normalize), StringComparer.OrdinalIgnoreCase);

    public bool IsCorporate(string? handle)
    {
        if (string.IsNullOrWhiteSpace(handle) || handle.Length > 200)
        {
            return false;
        }

        if (_handles.Contains(Normalize(handle)))
        {
            return true;
        }

        foreach (var account in registry.CurrentByHandle(handle))
        {
            if (account.Status != "closed" && account.Assess(domains.Current).Effective == "company")
            {
                return true;
            }
        }

        return false;
    }

    private static string Normalize(string handle) => handle.Trim().TrimStart('@');
}
