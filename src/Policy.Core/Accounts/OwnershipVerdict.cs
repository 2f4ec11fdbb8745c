using System.Globalization;

namespace Policy.Core.Accounts;

/// <summary>Who an account (and its contacts) belongs to.</summary>
public enum Ownership
{
    /// <summary>The company can demand the account, its contacts and its access.</summary>
    Company,

    /// <summary>The account is the employee's private account; the company has no claim on it.</summary>
    Employee,

    /// <summary>The factors point both ways (or nowhere): legal has to decide.</summary>
    Disputed,
}

/// <summary>The facts that decide ownership; every reason cites one.</summary>
public enum OwnershipFactor
{
    /// <summary>In whose name the account is registered.</summary>
    RegisteredName,

    /// <summary>Under which e-mail address (a company domain or not).</summary>
    RegisteredEmail,

    /// <summary>Who pays the account's costs.</summary>
    Costs,

    /// <summary>What the account is used for.</summary>
    Purpose,

    /// <summary>Customer contacts in the account: trade secrets when the account is used for business.</summary>
    CustomerContacts,
}

/// <summary>Which way a factor points.</summary>
public enum Indication
{
    Company,
    Employee,
    Neutral,
}

/// <param name="Factor">The fact the reason rests on.</param>
/// <param name="Points">Which way it points.</param>
/// <param name="Code">
/// The reason as a stable code ("costs.employee", "customer-contacts.business"), so that a page or a
/// report words it in its own language; <paramref name="Value"/> is what the sentence quotes.
/// </param>
/// <param name="Text">One sentence for legal, in English (kept for integrations that show it as it is).</param>
/// <param name="Basis">The legal source, where there is one (e.g. the Hamburg judgment).</param>
/// <param name="Value">The one fact the sentence names: the number of contacts or the e-mail domain.</param>
/// <param name="BasisCode">The legal source as a code ("hamburg-2013"), where there is one.</param>
public sealed record OwnershipReason(OwnershipFactor Factor, Indication Points, string Code, string Text, string? Basis = null, string? Value = null, string? BasisCode = null);

public sealed record OwnershipAssessment(Ownership Verdict, IReadOnlyList<OwnershipReason> Reasons)
{
    /// <summary>The reasons in one line: "registered-name: …; registered-email: …".</summary>
    public string Summary => string.Join("; ", Reasons.Select(r => r.Factor.Name() + ": " + r.Text));
}

/// <summary>
/// Decides who owns a social-media account from the facts that German labour law looks at: in whose
/// name and under which e-mail address the account is registered, who pays its costs, what it is used
/// for, and whether it holds customer contacts (trade secrets: Arbeitsgericht Hamburg, 24 January 2013,
/// § 17 (2) UWG old version, today GeschGehG).
/// </summary>
/// <remarks>
/// Each factor points to the company, to the employee, or nowhere. All that point somewhere agree: that
/// is the verdict. They disagree (or none points anywhere): disputed, and legal decides (an override
/// with a justification). No factor outweighs another, because the case law weighs them case by case.
/// </remarks>
public static class OwnershipRules
{
    public const string HamburgJudgment =
        "Arbeitsgericht Hamburg, judgment of 24 January 2013: customer contacts in such an account can be trade secrets (§ 17 (2) UWG old version; today GeschGehG)";

    /// <summary>The Hamburg judgment as a code, for pages that cite it in their language.</summary>
    public const string HamburgJudgmentCode = "hamburg-2013";

    public static OwnershipAssessment Assess(AccountFacts facts, CompanyDomains domains)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(domains);
        var reasons = new List<OwnershipReason>(5)
        {
            facts.RegisteredTo == RegisteredTo.Company
                ? new(OwnershipFactor.RegisteredName, Indication.Company, "registered-name.company", "registered in the company's name")
                : new(OwnershipFactor.RegisteredName, Indication.Employee, "registered-name.person", "registered in a person's name"),
            Email(facts.RegisteredEmail, domains),
            facts.PaidBy switch
            {
                PaidBy.Company => new(OwnershipFactor.Costs, Indication.Company, "costs.company", "the company pays its costs"),
                PaidBy.Employee => new(OwnershipFactor.Costs, Indication.Employee, "costs.employee", "the employee pays its costs"),
                PaidBy.Shared => new(OwnershipFactor.Costs, Indication.Neutral, "costs.shared", "company and employee share its costs"),
                _ => new(OwnershipFactor.Costs, Indication.Neutral, "costs.nobody", "it costs nothing, so costs decide nothing"),
            },
            facts.Purpose switch
            {
                Purpose.Business => new(OwnershipFactor.Purpose, Indication.Company, "purpose.business", "it is used for business"),
                Purpose.Private => new(OwnershipFactor.Purpose, Indication.Employee, "purpose.private", "it is used privately"),
                _ => new(OwnershipFactor.Purpose, Indication.Neutral, "purpose.mixed", "it is used both for business and privately"),
            },
        };

        if (facts.ContactCount > 0)
        {
            reasons.Add(facts.Purpose == Purpose.Private
                ? new(OwnershipFactor.CustomerContacts, Indication.Neutral, "customer-contacts.private",
                    $"it holds {facts.ContactCount} contacts, but in a private account; private contacts with customers are allowed",
                    Value: facts.ContactCount.ToString(CultureInfo.InvariantCulture))
                : new(OwnershipFactor.CustomerContacts, Indication.Company, "customer-contacts.business",
                    $"it holds {facts.ContactCount} customer contacts used for business: they can be trade secrets and must be copied into the company's customer list",
                    HamburgJudgment, facts.ContactCount.ToString(CultureInfo.InvariantCulture), HamburgJudgmentCode));
        }

        var company = reasons.Any(r => r.Points == Indication.Company);
        var employee = reasons.Any(r => r.Points == Indication.Employee);
        var verdict = (company, employee) switch
        {
            (true, false) => Ownership.Company,
            (false, true) => Ownership.Employee,
            _ => Ownership.Disputed,
        };
        return new OwnershipAssessment(verdict, reasons);
    }

    private static OwnershipReason Email(string? email, CompanyDomains domains)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return new(OwnershipFactor.RegisteredEmail, Indication.Neutral, "registered-email.unknown", "the registered e-mail address is not known");
        }

        var at = email.LastIndexOf('@');
        var domain = at >= 0 ? email[(at + 1)..] : email;
        return domains.Contains(domain)
            ? new(OwnershipFactor.RegisteredEmail, Indication.Company, "registered-email.company", $"registered under a company e-mail address (@{domain.ToLowerInvariant()})", Value: "@" + domain.ToLowerInvariant())
            : new(OwnershipFactor.RegisteredEmail, Indication.Employee, "registered-email.other", $"registered under a non-company e-mail address (@{domain.ToLowerInvariant()})", Value: "@" + domain.ToLowerInvariant());
    }
}
