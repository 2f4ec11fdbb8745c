using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Policy.Core.Accounts;

/// <summary>
/// The company's e-mail domains. A domain also covers its subdomains: "acme.de" covers
/// "vertrieb.acme.de", but not "notacme.de". Case does not matter.
/// </summary>
public sealed partial class CompanyDomains
{
    public static readonly CompanyDomains None = new([]);

    private readonly FrozenSet<string> _domains;

    public CompanyDomains(IEnumerable<string> domains)
    {
        ArgumentNullException.ThrowIfNull(domains);
        _domains = domains.Select(Normalize).Where(d => d.Length > 0).ToFrozenSet(StringComparer.Ordinal);
    }

    public IReadOnlyCollection<string> Domains => _domains;

    public bool Contains(string domain)
    {
        var d = Normalize(domain);
        while (d.Length > 0)
        {
            if (_domains.Contains(d))
            {
                return true;
            }

            var dot = d.IndexOf('.', StringComparison.Ordinal);
            d = dot < 0 ? string.Empty : d[(dot + 1)..];
        }

        return false;
    }

    /// <summary>A host name such as "acme.de" or "mail.acme-maschinenbau.de".</summary>
    public static bool IsDomain(string value) => value.Length <= 253 && DomainShape().IsMatch(value);

    private static string Normalize(string domain) => domain.Trim().TrimStart('@').TrimEnd('.').ToLowerInvariant();

    [GeneratedRegex(@"^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9-]{2,63}$")]
    private static partial Regex DomainShape();
}
