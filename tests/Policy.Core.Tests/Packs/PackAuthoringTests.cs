using Policy.Core.Checking;
using Policy.Core.Decision;
using Policy.Core.Model;
using Policy.Core.Packs;
using Policy.Core.Rules;

namespace Policy.Core.Tests.Packs;

/// <summary>
/// The pack format as an HR author meets it: richer overrides, the co-occurrence kind, and the
/// errors that used to let a mistake through silently or bury it under follow-on errors. Every
/// error is asserted with file, line, column and the fix it suggests.
/// </summary>
public sealed class PackAuthoringTests
{
    private const string File = "acme.yaml";

    private const string Base = """
        id: base
        version: "1"
        sections:
          - id: secrets
            title: Geheimnisse
          - id: speaking
            title: Sprechen
        topics:
          finance: [Umsatz, revenue]
          products: [Produkt, launch]
        rules:
          - id: base.secret
            kind: terms
            section: secrets
            category: confidential
            severity: review
            message: M
            suggestion: S
            terms: [Geheimnis, Betriebsgeheimnis]
          - id: base.figures
            kind: proximity
            section: secrets
            category: confidential
            severity: warn
            anchor: [Umsatz]
            near:
              - { terms: [vorab], within: 4, severity: block }
            message: M
            suggestion: S
          - id: base.behalf
            kind: terms
            section: speaking
            category: spokesperson
            severity: warn
            when: { spokesperson: false }
            terms: [im Namen von]
            message: "Nur Sprecher zu {topics}"
            suggestion: S
          - id: base.iban
            kind: pattern
            section: secrets
            category: pii
            severity: block
            detector: iban
            message: "{entity} im Beitrag"
            suggestion: S
        """;

    private static Func<string, PackSource?> Resolver() =>
        id => id == "base" ? PackSource.Parse("base.yaml", Base) : null;

    private static CompiledPack Load(string content) => PackCompiler.Compile(PackSource.Parse(File, content), Resolver());

    private static IReadOnlyList<PackError> Errors(string content) =>
        Assert.Throws<PackLoadException>(() => Load(content)).Errors;

    private static string Company(string body) => "id: acme\nversion: \"1\"\nextends: base\n" + body;

    private static (int Line, int Column) At(string content, string needle)
    {
        var index = content.IndexOf(needle, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{needle}' not in the test pack");
        return (1 + content.AsSpan(0, index).Count('\n'), index - (content.LastIndexOf('\n', Math.Max(0, index - 1)) + 1) + 1);
    }

    private static void AssertAt(PackError error, string content, string needle, string? ruleId, params string[] parts)
    {
        Assert.Equal((File, At(content, needle)), (error.File, (error.Line, error.Column)));
        Assert.Equal(ruleId, error.RuleId);
        foreach (var part in parts)
        {
            Assert.Contains(part, error.Message, StringComparison.Ordinal);
        }
    }

    private static Finding? Fired(CompiledPack pack, string rule, string text) =>
        CheckEngine.Check(pack, CheckRequest.Private(text)).Findings.FirstOrDefault(f => f.RuleId == rule);

    // ---------------------------------------------------------------- overrides

    [Fact]
    public void An_override_changes_category_severity_message_and_suggestion_of_a_base_rule()
    {
        var pack = Load(Company("""
            overrides:
              - rule: base.secret
                category: trade-secret
                severity: block
                message: { de: Betriebsgeheimnis bei ACME., en: ACME trade secret. }
                suggestion: Frag die Rechtsabteilung.
            """));
        var finding = Fired(pack, "base.secret", "Das ist ein Geheimnis.")!;
        Assert.Equal(("trade-secret", Severity.Block, "Betriebsgeheimnis bei ACME.", "Frag die Rechtsabteilung."),
            (finding.Category, finding.Severity, finding.Message, finding.Suggestion));

        // The base pack itself is untouched.
        var plain = PackCompiler.Compile(PackSource.Parse("base.yaml", Base), _ => null);
        Assert.Equal(("confidential", Severity.Review), (Fired(plain, "base.secret", "Das ist ein Geheimnis.")!.Category, Fired(plain, "base.secret", "Das ist ein Geheimnis.")!.Severity));
    }

    [Fact]
    public void An_override_adds_and_removes_terms_of_a_base_rule_also_from_the_company_s_lists()
    {
        var pack = Load(Company("""
            lists:
              codenames: [Kranich]
            overrides:
              - rule: base.secret
                addTerms: { terms: [Bauplan], lists: [codenames] }
                removeTerms: [Betriebsgeheimnis]
              - rule: base.figures
                addTerms: [Auftragseingang]
            """));
        Assert.NotNull(Fired(pack, "base.secret", "Der Bauplan liegt bei mir."));
        Assert.NotNull(Fired(pack, "base.secret", "Kranich startet bald."));
        Assert.NotNull(Fired(pack, "base.secret", "Ein Geheimnis."));
        Assert.Null(Fired(pack, "base.secret", "Das Betriebsgeheimnis bleibt."));
        Assert.Equal(Severity.Block, Fired(pack, "base.figures", "Den Auftragseingang verrate ich vorab.")!.Severity);
    }

    [Fact]
    public void Removing_a_term_the_rule_does_not_have_is_an_error_with_the_closest_term()
    {
        var content = Company("""
            overrides:
              - rule: base.secret
                removeTerms: [Geheimniss]
            """);
        AssertAt(Assert.Single(Errors(content)), content, "Geheimniss]", "base.secret", "has no term 'Geheimniss'", "did you mean 'geheimnis'?");
    }

    [Fact]
    public void Adding_terms_to_a_kind_without_terms_is_an_error_naming_the_kinds_that_have_them()
    {
        var content = Company("""
            overrides:
              - rule: base.iban
                addTerms: [Konto]
            """);
        AssertAt(Assert.Single(Errors(content)), content, "[Konto]", "base.iban", "a pattern rule has no terms to add or remove", "terms (terms)", "proximity (anchor)");
    }

    [Fact]
    public void An_override_of_a_misspelled_rule_says_which_rule_was_meant()
    {
        var content = Company("""
            overrides:
              - rule: base.secrett
                severity: block
            """);
        AssertAt(Assert.Single(Errors(content)), content, "rule: base.secrett", "base.secrett", "does not exist", "did you mean 'base.secret'?");
    }

    // ---------------------------------------------------------------- one root error, not a cascade

    [Fact]
    public void A_broken_rule_is_one_error_however_many_examples_and_overrides_name_it()
    {
        var content = Company("""
            sections:
              - id: extra
                title: Extra
            rules:
              - id: acme.codes
                kind: termz
                section: extra
                category: confidential
                severity: block
                message: M
                suggestion: S
                terms: [Kranich]
            overrides:
              - rule: acme.codes
                severity: warn
            examples:
              - { text: Kranich, expect: block, rules: [acme.codes] }
              - { text: Kranich!, expect: block, rules: [acme.codes] }
              - { text: nichts, expect: allow, notRules: [acme.codes] }
            """);
        AssertAt(Assert.Single(Errors(content)), content, "termz", "acme.codes", "unknown rule kind 'termz'", "did you mean 'terms'?");
    }

    // ---------------------------------------------------------------- empty entries, placeholders, topics

    [Fact]
    public void An_unquoted_hashtag_in_a_list_is_an_empty_entry_that_explains_the_comment()
    {
        var content = Company("""
            lists:
              codenames:
                - #Kranich
                - Falke
            """);
        var error = Assert.Single(Errors(content));
        Assert.Equal((File, At(content, "- #Kranich").Line), (error.File, error.Line));
        Assert.Contains("' #' starts a YAML comment", error.Message, StringComparison.Ordinal);
        Assert.Contains("quote it: - \"#Kranich\"", error.Message, StringComparison.Ordinal);

        // Quoted, it is a code name, found as a hashtag.
        Assert.Equal(["#Kranich", "Falke"], Load(Company("lists:\n  codenames: [\"#Kranich\", Falke]\n")).Lists["codenames"]);
    }

    [Fact]
    public void An_empty_term_in_a_rule_is_an_error_too()
    {
        var content = Company("""
            sections: [{ id: extra, title: Extra }]
            rules:
              - id: acme.tags
                kind: terms
                section: extra
                category: confidential
                severity: warn
                message: M
                suggestion: S
                terms:
                  - Kranich
                  - #Falke
            """);
        var error = Assert.Single(Errors(content));
        Assert.Equal(("acme.tags", At(content, "- #Falke").Line), (error.RuleId, error.Line));
        Assert.Contains("empty entry in terms", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_placeholder_in_a_message_is_an_error_with_the_known_ones()
    {
        var content = Company("""
            sections: [{ id: extra, title: Extra }]
            rules:
              - id: acme.customers
                kind: terms
                section: extra
                category: confidential
                severity: warn
                message: "Kunde {customer} genannt"
                suggestion: "Sprich mit {spokespeple}."
                terms: [Globex]
            """);
        AssertAt(Assert.Single(Errors(content)), content, "\"Kunde", "acme.customers", "unknown placeholder '{customer}' in message", "known: {entity}, {topics}, {spokespeople}");

        var suggestion = content.Replace("Kunde {customer} genannt", "Kunde genannt", StringComparison.Ordinal);
        AssertAt(Assert.Single(Errors(suggestion)), suggestion, "\"Sprich", "acme.customers", "'{spokespeple}'", "did you mean {spokespeople}?");
    }

    [Fact]
    public void An_unknown_placeholder_in_a_term_says_which_list_was_meant()
    {
        var content = Company("""
            sections: [{ id: extra, title: Extra }]
            rules:
              - id: acme.behalf
                kind: terms
                section: extra
                category: spokesperson
                severity: warn
                message: M
                suggestion: S
                terms: ["für {compnay}"]
            """);
        AssertAt(Assert.Single(Errors(content)), content, "\"für", "acme.behalf", "placeholder '{compnay}' names no list", "did you mean {company}?");
    }

    [Fact]
    public void A_misspelled_topic_is_an_error_that_names_the_base_topic()
    {
        var content = Company("""
            topics:
              produkte: [Kranich]
            """);
        AssertAt(Assert.Single(Errors(content)), content, "[Kranich]", null, "topic 'produkte' is new", "did you mean 'products'?");

        // Named exactly, the terms go to the base topic.
        var pack = Load(Company("topics:\n  products: [Kranich]\n"));
        Assert.Contains(pack.Topics.Single(t => t.Id == "products").Terms.Terms, t => t.Term == "kranich");
    }

    [Fact]
    public void Topics_that_no_rule_uses_are_an_error()
    {
        const string content = """
            id: alone
            version: "1"
            sections: [{ id: s, title: S }]
            topics:
              finance: [Umsatz]
            rules:
              - { id: r, kind: terms, section: s, category: c, severity: warn, message: M, suggestion: S, terms: [a] }
            """;
        var error = Assert.Single(Assert.Throws<PackLoadException>(() => PackCompiler.Compile(PackSource.Parse(File, content), _ => null)).Errors);
        AssertAt(error, content, "[Umsatz]", null, "no rule uses them", "'spokesperson'");
    }

    [Fact]
    public void A_misspelled_key_kind_or_section_says_what_was_meant()
    {
        var content = Company("""
            sections: [{ id: extra, title: Extra }]
            rules:
              - id: acme.x
                kind: terms
                section: exra
                category: confidential
                severity: warn
                message: M
                suggestion: S
                terms: [x]
              - id: acme.y
                kind: terms
                section: extra
                category: confidential
                severty: warn
                message: M
                suggestion: S
                terms: [y]
            """);
        var errors = Errors(content);
        Assert.Equal(2, errors.Count);
        AssertAt(errors[0], content, "exra", "acme.x", "section 'exra' does not exist", "did you mean 'extra'?");
        AssertAt(errors[1], content, "severty", "acme.y", "unknown key 'severty'", "did you mean 'severity'?");
    }

    // ---------------------------------------------------------------- YAML syntax errors say what to do

    public static TheoryData<string, string, string> SyntaxErrors() => new()
    {
        { "id: acme\nversion: \"1\"\ntitle: Hinweis: bitte lesen\n", "Hinweis", "quote the value" },
        { "id: acme\nversion: \"1\"\nlists:\n  codenames: [Kranich, Falke\nsections: []\n", "sections", "Close the list with ']'" },
        { "id: acme\nversion: \"1\"\ntitle: \"ACME\n", "\"ACME", "A quotation mark is not closed" },
        { "id: acme\nversion: \"1\"\nlists:\n\tcodenames: [a]\n", "\tcodenames", "replace the tab with spaces" },
        { "id: acme\nversion: \"1\"\nlists:\n  codenames: [Kranich, #Falke]\n", "#Falke", "quote items with hashtags" },
        { "id: acme\nversion: \"1\"\nlists:\n  company: @acme\n", "@acme", "quote it" },
        { "id: acme\nversion: \"1\"\nlists:\n  codenames:\n    - a\n   - b\n", "   - b", "Check the indentation" },
    };

    [Theory]
    [MemberData(nameof(SyntaxErrors))]
    public void A_syntax_error_names_the_place_and_what_to_do(string content, string near, string advice)
    {
        var error = Assert.Single(Assert.Throws<PackLoadException>(() => PackSource.Parse(File, content)).Errors);
        Assert.Equal(File, error.File);
        Assert.StartsWith("syntax error: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(advice, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("current state of the object", error.Message, StringComparison.Ordinal);
        Assert.InRange(error.Line, At(content, near).Line - 1, At(content, near).Line + 1);
        Assert.True(error.Column >= 1);
    }

    // ---------------------------------------------------------------- the co-occurrence kind

    private const string CoOccurrence = """
        id: co
        version: "1"
        lists:
          customers: [Globex, Initech]
        sections: [{ id: customers, title: Kunden }]
        rules:
          - id: customers.contracts
            kind: co-occurrence
            section: customers
            category: confidential
            severity: review
            all:
              - { lists: [customers] }
              - [Vertrag, Auftrag, contract, deal]
            message: Kundenbeziehung genannt.
            suggestion: Nenne Kunden nur mit Freigabe.
        """;

    [Theory]
    [InlineData("Wir haben mit Globex den Vertrag unterschrieben.", true)]
    [InlineData("Big deal: Initech signed with us!", true)]
    [InlineData("Globex ist ein toller Name. Der Vertrag für meine Wohnung kam heute.", false)]
    [InlineData("Globex hat eine neue Website.", false)]
    [InlineData("Der Vertrag ist da.", false)]
    public void Co_occurrence_fires_only_when_every_set_occurs_in_one_sentence(string text, bool fires)
    {
        var pack = PackCompiler.Compile(PackSource.Parse(File, CoOccurrence), _ => null);
        var finding = Fired(pack, "customers.contracts", text);
        Assert.Equal(fires, finding is not null);
        if (finding is not null)
        {
            // The span runs from the first to the last word that made the finding, in the original text.
            Assert.Equal(Severity.Review, finding.Severity);
            var words = text.Substring(finding.Start, finding.Length);
            Assert.True(words.Contains("Globex", StringComparison.Ordinal) || words.Contains("Initech", StringComparison.Ordinal), words);
        }
    }

    [Fact]
    public void Co_occurrence_reports_once_per_sentence()
    {
        var pack = PackCompiler.Compile(PackSource.Parse(File, CoOccurrence), _ => null);
        var result = CheckEngine.Check(pack, CheckRequest.Private("Globex: Vertrag da. Initech: Auftrag auch! Sonst nichts."));
        Assert.Equal(2, result.Findings.Count(f => f.RuleId == "customers.contracts"));
    }

    [Fact]
    public void Co_occurrence_needs_two_to_five_term_sets()
    {
        var content = CoOccurrence.Replace("      - [Vertrag, Auftrag, contract, deal]\n", string.Empty, StringComparison.Ordinal);
        var error = Assert.Single(Assert.Throws<PackLoadException>(() => PackCompiler.Compile(PackSource.Parse(File, content), _ => null)).Errors);
        AssertAt(error, content, "- { lists", "customers.contracts", "all needs at least 2 term lists");
    }

    // ---------------------------------------------------------------- the two pattern kinds

    [Fact]
    public void A_pattern_rule_is_a_detector_rule_or_a_regex_rule_and_keys_of_the_other_are_errors()
    {
        var pack = PackCompiler.Compile(PackSource.Parse("base.yaml", Base), _ => null);
        Assert.IsType<DetectorRule>(pack.Rules.Single(r => r.Id == "base.iban"));

        var content = Base.Replace("detector: iban", "detector: iban\n    keywords: [iban]", StringComparison.Ordinal);
        var error = Assert.Single(Assert.Throws<PackLoadException>(() => PackCompiler.Compile(PackSource.Parse(File, content), _ => null)).Errors);
        AssertAt(error, content, "[iban]", "base.iban", "'keywords' belongs to a pattern rule with 'regex', not with 'detector'");
    }

    // ---------------------------------------------------------------- the company's own mail domains and accounts

    private const string Own = """
        id: own
        version: "1"
        lists:
          mailDomains: [acme.de, "@acme.com"]
          corporateAccounts:
            - { handle: "@acme", platform: linkedin }
            - { handle: "@acme_jobs", platform: instagram }
        sections: [{ id: pii, title: Daten }]
        rules:
          - { id: pii.email, kind: pattern, section: pii, category: pii, severity: warn, detector: email, message: "{entity}", suggestion: S }
          - { id: handles, kind: terms, section: pii, category: pii, severity: warn, terms: ["@acme", "@acme_jobs", "@erika"], match: substring, message: M, suggestion: S }
        """;

    [Theory]
    [InlineData("Schreibt mir an bewerbung@acme.de!", Severity.Allow)]
    [InlineData("Presse: presse@newsroom.acme.com", Severity.Allow)]
    [InlineData("Folgt @acme und @acme_jobs", Severity.Allow)]
    [InlineData("Privat: erika.muster@gmail.com", Severity.Warn)]
    [InlineData("Die Adresse x@acme.de.evil.example ist nicht unsere", Severity.Warn)]
    [InlineData("Folgt @erika", Severity.Warn)]
    public void The_company_s_own_mail_domains_and_handles_are_not_personal_data(string text, Severity expected)
    {
        var pack = PackCompiler.Compile(PackSource.Parse(File, Own), _ => null);
        Assert.Equal(expected, CheckEngine.Check(pack, CheckRequest.Private(text)).Decision);
    }

    [Fact]
    public void Own_accounts_keep_their_platform_and_give_their_handles_to_rules()
    {
        var pack = PackCompiler.Compile(PackSource.Parse(File, Own), _ => null);
        Assert.Equal([("linkedin", "@acme"), ("instagram", "@acme_jobs")], pack.Lists.CorporateAccounts);
        Assert.Equal(["acme.de", "acme.com"], pack.Lists["mailDomains"]);
        Assert.Equal(["@acme", "@acme_jobs"], pack.Lists.Terms("corporateAccounts"));
    }

    [Theory]
    [InlineData("mailDomains: [acme]", "[acme]", "'acme' is not a domain")]
    [InlineData("corporateAccounts: [{ handle: \"@acme\", platform: linkdin }]", "linkdin", "did you mean 'linkedin'?")]
    [InlineData("corporateAccounts: [{ handle: \"@acme\" }]", "{ handle", "a corporate account needs 'platform'")]
    public void Wrong_own_domains_and_accounts_are_errors(string list, string near, string message)
    {
        var content = "id: own\nversion: \"1\"\nlists:\n  " + list + "\n";
        var error = Assert.Single(Assert.Throws<PackLoadException>(() => PackSource.Parse(File, content)).Errors);
        AssertAt(error, content, near, null, message);
    }
}
