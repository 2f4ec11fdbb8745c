using Microsoft.Extensions.Options;
using Policy.Api.Packs;
using Policy.Core.Accounts;

namespace Policy.Api.Accounts;

/// <summary>Section "Policy:Accounts".</summary>
public sealed class AccountOptions
{
    public const string Section = "Policy:Accounts";

    /// <summary>
    /// The company's e-mail domains ("acme.de"; subdomains count too). Empty: the active pack's
    /// <c>internalDomains</c> list and the domains of its <c>roleMailboxes</c>.
    /// </summary>
    public List<string> CompanyDomains { get; set; } = [];
}

internal sealed class AccountOptionsValidator : IValidateOptions<AccountOptions>
{
    public ValidateOptionsResult Validate(string? name, AccountOptions options)
    {
        var bad = options.CompanyDomains.Where(d => !Policy.Core.Accounts.CompanyDomains.IsDomain(d.Trim().TrimStart('@'))).ToList();
        return bad.Count > 0
            ? ValidateOptionsResult.Fail($"{AccountOptions.Section}:CompanyDomains must hold domain names such as 'acme.de'; not: {string.Join(", ", bad.Select(b => $"'{b}'"))}")
            : ValidateOptionsResult.Success;
    }
}

/// <summary>The company's e-mail domains now: from configuration, else from the active pack.</summary>
public sealed class CompanyDomainSource(IOptions<AccountOptions> options, ActivePack packs)
{
    private readonly CompanyDomains? _configured = options.Value.CompanyDomains.Count > 0 ? new CompanyDomains(options.Value.CompanyDomains) : null;

    public CompanyDomains Current
    {
        get
        {
            if (_configured is not null)
            {
                return _configured;
            }

            var lists = packs.Current.Lists;
            var mailboxDomains = lists["roleMailboxes"].Select(m => m.LastIndexOf('@') is var at and >= 0 ? m[(at + 1)..] : string.Empty);
            return new CompanyDomains(lists["internalDomains"].Concat(lists["mailDomains"]).Concat(mailboxDomains).Where(CompanyDomains.IsDomain));
        }
    }
}
