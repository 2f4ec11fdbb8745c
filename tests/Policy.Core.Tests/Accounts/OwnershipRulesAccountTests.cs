using Policy.Core.Accounts;

namespace Policy.Core.Tests.Accounts;

/// <summary>The ownership verdict: each factor on its own, their combinations, and the disputed cases.</summary>
public sealed class OwnershipRulesAccountTests
{
    private static readonly CompanyDomains Domains = new(["acme.de", "acme-maschinenbau.de"]);

    private static OwnershipAssessment Assess(RegisteredTo to, string? email, PaidBy paid, Purpose purpose, int contacts = 0) =>
        OwnershipRules.Assess(new AccountFacts(to, email, paid, purpose, contacts), Domains);

    private static OwnershipReason Reason(OwnershipAssessment a, OwnershipFactor f) => Assert.Single(a.Reasons, r => r.Factor == f);

    [Fact]
    public void Everything_points_to_the_company()
    {
        var a = Assess(RegisteredTo.Company, "social@acme.de", PaidBy.Company, Purpose.Business, 120);
        Assert.Equal(Ownership.Company, a.Verdict);
        Assert.All(a.Reasons, r => Assert.Equal(Indication.Company, r.Points));
        Assert.Equal(5, a.Reasons.Count);
    }

    [Fact]
    public void Everything_points_to_the_employee()
    {
        var a = Assess(RegisteredTo.Person, "max.mustermann@gmail.com", PaidBy.Employee, Purpose.Private);
        Assert.Equal(Ownership.Employee, a.Verdict);
        Assert.All(a.Reasons, r => Assert.Equal(Indication.Employee, r.Points));
    }

    [Theory]
    [InlineData(RegisteredTo.Company, Indication.Company)]
    [InlineData(RegisteredTo.Person, Indication.Employee)]
    public void Registered_name_is_a_factor(RegisteredTo to, Indication expected)
    {
        var a = Assess(to, null, PaidBy.Nobody, Purpose.Mixed);
        var reason = Reason(a, OwnershipFactor.RegisteredName);
        Assert.Equal(expected, reason.Points);
        // The other factors are neutral here, so the name alone decides.
        Assert.Equal(expected == Indication.Company ? Ownership.Company : Ownership.Employee, a.Verdict);
    }

    [Theory]
    [InlineData("social@acme.de", Indication.Company)]
    [InlineData("vertrieb@sales.acme.de", Indication.Company)]
    [InlineData("SOCIAL@ACME-Maschinenbau.DE", Indication.Company)]
    [InlineData("someone@notacme.de", Indication.Employee)]
    [InlineData("max@gmail.com", Indication.Employee)]
    [InlineData(null, Indication.Neutral)]
    public void Registered_email_domain_is_a_factor(string? email, Indication expected)
    {
        var reason = Reason(Assess(RegisteredTo.Company, email, PaidBy.Nobody, Purpose.Mixed), OwnershipFactor.RegisteredEmail);
        Assert.Equal(expected, reason.Points);
    }

    [Theory]
    [InlineData(PaidBy.Company, Indication.Company)]
    [InlineData(PaidBy.Employee, Indication.Employee)]
    [InlineData(PaidBy.Shared, Indication.Neutral)]
    [InlineData(PaidBy.Nobody, Indication.Neutral)]
    public void Who_pays_is_a_factor(PaidBy paid, Indication expected) =>
        Assert.Equal(expected, Reason(Assess(RegisteredTo.Company, null, paid, Purpose.Mixed), OwnershipFactor.Costs).Points);

    [Theory]
    [InlineData(Purpose.Business, Indication.Company)]
    [InlineData(Purpose.Private, Indication.Employee)]
    [InlineData(Purpose.Mixed, Indication.Neutral)]
    public void Purpose_is_a_factor(Purpose purpose, Indication expected) =>
        Assert.Equal(expected, Reason(Assess(RegisteredTo.Company, null, PaidBy.Nobody, purpose), OwnershipFactor.Purpose).Points);

    [Fact]
    public void Customer_contacts_in_a_business_account_are_trade_secrets_per_the_Hamburg_judgment()
    {
        var a = Assess(RegisteredTo.Company, "social@acme.de", PaidBy.Company, Purpose.Business, 42);
        var reason = Reason(a, OwnershipFactor.CustomerContacts);
        Assert.Equal(Indication.Company, reason.Points);
        Assert.Contains("Hamburg", reason.Basis, StringComparison.Ordinal);
        Assert.Contains("24 January 2013", reason.Basis, StringComparison.Ordinal);
        Assert.Contains("GeschGehG", reason.Basis, StringComparison.Ordinal);
        Assert.Contains("42", reason.Text, StringComparison.Ordinal);
        Assert.Equal("customer-contacts.business", reason.Code);
        Assert.Equal("42", reason.Value);
        Assert.Equal(OwnershipRules.HamburgJudgmentCode, reason.BasisCode);
    }

    [Fact]
    public void Every_reason_has_a_code_of_its_factor_and_the_fact_it_quotes()
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var to in Enum.GetValues<RegisteredTo>())
        foreach (var email in new[] { null, "a@acme.de", "a@Web.de" })
        foreach (var paid in Enum.GetValues<PaidBy>())
        foreach (var purpose in Enum.GetValues<Purpose>())
        foreach (var contacts in new[] { 0, 7 })
        {
            foreach (var r in Assess(to, email, paid, purpose, contacts).Reasons)
            {
                Assert.StartsWith(r.Factor.Name() + ".", r.Code, StringComparison.Ordinal);
                codes.Add(r.Code);
                if (r.Factor == OwnershipFactor.CustomerContacts)
                {
                    Assert.Equal("7", r.Value);
                }
                else if (r.Factor == OwnershipFactor.RegisteredEmail && email is not null)
                {
                    Assert.Equal("@" + email[(email.IndexOf('@') + 1)..].ToLowerInvariant(), r.Value);
                }
            }
        }

        // Every code the page words (legal.reason.<code> in wwwroot/js/i18n.js) and no other.
        Assert.Equal(
            ["costs.company", "costs.employee", "costs.nobody", "costs.shared", "customer-contacts.business", "customer-contacts.private",
             "purpose.business", "purpose.mixed", "purpose.private", "registered-email.company", "registered-email.other", "registered-email.unknown",
             "registered-name.company", "registered-name.person"],
            codes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Contacts_in_a_private_account_are_allowed_and_do_not_point_to_the_company()
    {
        var a = Assess(RegisteredTo.Person, "max@gmail.com", PaidBy.Employee, Purpose.Private, 300);
        Assert.Equal(Indication.Neutral, Reason(a, OwnershipFactor.CustomerContacts).Points);
        Assert.Null(Reason(a, OwnershipFactor.CustomerContacts).Basis);
        Assert.Equal(Ownership.Employee, a.Verdict);
    }

    [Fact]
    public void No_contacts_no_contact_reason() =>
        Assert.DoesNotContain(Assess(RegisteredTo.Company, null, PaidBy.Company, Purpose.Business).Reasons, r => r.Factor == OwnershipFactor.CustomerContacts);

    [Fact]
    public void Disputed_private_email_but_company_pays()
    {
        var a = Assess(RegisteredTo.Person, "max@gmail.com", PaidBy.Company, Purpose.Mixed);
        Assert.Equal(Ownership.Disputed, a.Verdict);
        Assert.Equal(Indication.Employee, Reason(a, OwnershipFactor.RegisteredEmail).Points);
        Assert.Equal(Indication.Company, Reason(a, OwnershipFactor.Costs).Points);
    }

    [Fact]
    public void Disputed_company_email_but_private_purpose()
    {
        var a = Assess(RegisteredTo.Company, "max.mustermann@acme.de", PaidBy.Nobody, Purpose.Private);
        Assert.Equal(Ownership.Disputed, a.Verdict);
        Assert.Equal(Indication.Company, Reason(a, OwnershipFactor.RegisteredEmail).Points);
        Assert.Equal(Indication.Employee, Reason(a, OwnershipFactor.Purpose).Points);
    }

    [Fact]
    public void Disputed_private_account_used_for_business_with_customer_contacts()
    {
        var a = Assess(RegisteredTo.Person, "max@gmail.com", PaidBy.Employee, Purpose.Business, 80);
        Assert.Equal(Ownership.Disputed, a.Verdict);
        Assert.Equal(Indication.Company, Reason(a, OwnershipFactor.CustomerContacts).Points);
    }

    public static TheoryData<RegisteredTo, string?, PaidBy, Purpose, int, Ownership> Combinations() => new()
    {
        { RegisteredTo.Company, "social@acme.de", PaidBy.Company, Purpose.Business, 0, Ownership.Company },
        { RegisteredTo.Company, "social@acme.de", PaidBy.Shared, Purpose.Mixed, 0, Ownership.Company },
        { RegisteredTo.Company, null, PaidBy.Nobody, Purpose.Business, 5, Ownership.Company },
        { RegisteredTo.Person, "max@acme.de", PaidBy.Company, Purpose.Business, 10, Ownership.Disputed },
        { RegisteredTo.Person, "max@gmail.com", PaidBy.Employee, Purpose.Private, 0, Ownership.Employee },
        { RegisteredTo.Person, "max@gmail.com", PaidBy.Nobody, Purpose.Mixed, 0, Ownership.Employee },
        { RegisteredTo.Person, "max@gmail.com", PaidBy.Shared, Purpose.Mixed, 25, Ownership.Disputed },
        { RegisteredTo.Person, null, PaidBy.Nobody, Purpose.Mixed, 0, Ownership.Employee },
        { RegisteredTo.Company, "max@gmail.com", PaidBy.Company, Purpose.Business, 0, Ownership.Disputed },
        { RegisteredTo.Company, "social@acme.de", PaidBy.Employee, Purpose.Business, 0, Ownership.Disputed },
        { RegisteredTo.Person, "max@gmail.com", PaidBy.Employee, Purpose.Business, 0, Ownership.Disputed },
    };

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Combinations_of_factors(RegisteredTo to, string? email, PaidBy paid, Purpose purpose, int contacts, Ownership expected) =>
        Assert.Equal(expected, Assess(to, email, paid, purpose, contacts).Verdict);

    [Fact]
    public void Unanimity_rule_holds_for_every_combination()
    {
        foreach (var to in Enum.GetValues<RegisteredTo>())
        foreach (var email in new[] { null, "a@acme.de", "a@web.de" })
        foreach (var paid in Enum.GetValues<PaidBy>())
        foreach (var purpose in Enum.GetValues<Purpose>())
        foreach (var contacts in new[] { 0, 7 })
        {
            var a = Assess(to, email, paid, purpose, contacts);
            var company = a.Reasons.Any(r => r.Points == Indication.Company);
            var employee = a.Reasons.Any(r => r.Points == Indication.Employee);
            var expected = company && !employee ? Ownership.Company : employee && !company ? Ownership.Employee : Ownership.Disputed;
            Assert.Equal(expected, a.Verdict);
            Assert.All(a.Reasons, r => Assert.False(string.IsNullOrWhiteSpace(r.Text)));
            Assert.Contains(a.Reasons, r => r.Factor == OwnershipFactor.RegisteredName);
        }
    }

    [Fact]
    public void Summary_cites_each_factor_by_name()
    {
        var summary = Assess(RegisteredTo.Company, "social@acme.de", PaidBy.Company, Purpose.Business, 3).Summary;
        foreach (var f in new[] { "registered-name", "registered-email", "costs", "purpose", "customer-contacts" })
        {
            Assert.Contains(f + ":", summary, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Without_company_domains_every_address_counts_as_not_the_company()
    {
        var a = OwnershipRules.Assess(new AccountFacts(RegisteredTo.Company, "social@acme.de", PaidBy.Company, Purpose.Business, 0), CompanyDomains.None);
        Assert.Equal(Indication.Employee, Reason(a, OwnershipFactor.RegisteredEmail).Points);
        Assert.Equal(Ownership.Disputed, a.Verdict);
    }
}
