using Policy.Core.Decision;
using Policy.Core.Model;
using Policy.Core.Packs;

namespace Policy.Core.Tests.Packs;

/// <summary>kind: implied — a category that another category's findings imply, at their span.</summary>
public sealed class ImpliedRuleTests
{
    private const string File = "implied.yaml";

    private const string Pack = """
        id: implied
        version: "1"
        sections: [{ id: s, title: Sensible Informationen }]
        rules:
          - { id: insider.tip, kind: terms, section: s, category: insider, severity: block, terms: [Aktie vor Freitag kaufen], message: Insider., suggestion: S }
          - { id: confidential.marker, kind: terms, section: s, category: confidential, severity: block, terms: [streng vertraulich], message: Vertraulich., suggestion: S }
          - { id: pii.iban, kind: pattern, section: s, category: pii, severity: warn, detector: iban, message: "{entity}", suggestion: S }
          - id: allow.fund
            kind: allowlist
            section: s
            category: insider
            appliesTo: [insider]
            values: [nicht die Aktie vor Freitag kaufen]
          - id: confidential.insider-facts
            kind: implied
            section: s
            category: confidential
            severity: review
            from: [insider, pii]
            message: Auch vertraulich.
            suggestion: S
        """;

    private static CompiledPack Load(string content = Pack) => PackCompiler.Compile(PackSource.Parse(File, content), _ => null);

    [Fact]
    public void An_insider_finding_brings_a_confidential_one_at_its_span_with_its_evidence()
    {
        const string text = "Tipp: die Aktie vor Freitag kaufen, dann kommen die Zahlen.";
        var result = CheckEngine.Check(Load(), CheckRequest.Private(text));

        var insider = Assert.Single(result.Findings, f => f.Category == "insider");
        var implied = Assert.Single(result.Findings, f => f.RuleId == "confidential.insider-facts");
        Assert.Equal("confidential", implied.Category);
        Assert.Equal(Severity.Review, implied.Severity);
        Assert.Equal((insider.Start, insider.Length), (implied.Start, implied.Length));
        Assert.Equal(insider.Evidence, implied.Evidence);
        Assert.Equal(Severity.Block, result.Decision);
    }

    [Fact]
    public void A_personal_datum_it_follows_stays_masked()
    {
        const string iban = "DE89 3704 0044 0532 0130 00";
        var result = CheckEngine.Check(Load(), CheckRequest.Private("Überweist an " + iban));
        var implied = Assert.Single(result.Findings, f => f.RuleId == "confidential.insider-facts");
        Assert.DoesNotContain("0532 0130", implied.Evidence, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Schönes Wochenende allen!")]
    [InlineData("Streng vertraulich: die Aktie vor Freitag kaufen.")] // the category is already reported, as strongly
    [InlineData("Bitte nicht die Aktie vor Freitag kaufen, sagt die Compliance.")] // the allowlist exempts the insider finding
    public void It_stays_silent_without_a_finding_to_follow_or_when_its_category_is_there(string text)
    {
        var result = CheckEngine.Check(Load(), CheckRequest.Private(text));
        Assert.DoesNotContain(result.Findings, f => f.RuleId == "confidential.insider-facts");
    }

    [Fact]
    public void It_cannot_follow_its_own_category()
    {
        var content = Pack.Replace("from: [insider, pii]", "from: [insider, confidential]", StringComparison.Ordinal);
        var error = Assert.Single(Assert.Throws<PackLoadException>(() => Load(content)).Errors);
        Assert.Equal("confidential.insider-facts", error.RuleId);
        Assert.Contains("cannot follow its own category 'confidential'", error.Message, StringComparison.Ordinal);
    }

    private const string PromotionPack = """
        id: promo
        version: "1"
        sections: [{ id: s, title: Private Beiträge }]
        rules:
          - { id: comparative.junk, kind: terms, section: s, category: comparative, severity: warn, terms: [ist Schrott], message: Vergleich., suggestion: S }
          - id: disclaimer.comparative-promotion
            kind: implied
            section: s
            category: disclaimer
            severity: warn
            when: { account: private }
            from: [comparative]
            near: [bei uns, talk to us]
            unless: [ich arbeite dort, views are my own]
            message: Wirbt auch.
            suggestion: S
            insert: { de: "(Ich arbeite dort.)", en: "(I work there.)" }
        """;

    [Fact]
    public void With_near_it_follows_only_in_drafts_that_hold_a_near_term_and_offers_its_insert()
    {
        var pack = Load(PromotionPack);
        var promoting = CheckEngine.Check(pack, CheckRequest.Private("Die Säge von Sägewerk ist Schrott. Bei uns hält sie zehn Jahre."));
        var implied = Assert.Single(promoting.Findings, f => f.RuleId == "disclaimer.comparative-promotion");
        Assert.Equal("disclaimer", implied.Category);
        Assert.Equal("(Ich arbeite dort.)", implied.Insert);

        var notPromoting = CheckEngine.Check(pack, CheckRequest.Private("Die Säge von Sägewerk ist Schrott, sagt mein Nachbar."));
        Assert.Contains(notPromoting.Findings, f => f.RuleId == "comparative.junk");
        Assert.DoesNotContain(notPromoting.Findings, f => f.RuleId == "disclaimer.comparative-promotion");
    }

    [Fact]
    public void With_unless_it_stays_silent_when_the_draft_holds_an_unless_term()
    {
        var result = CheckEngine.Check(Load(PromotionPack), CheckRequest.Private("Die Säge von Sägewerk ist Schrott. Bei uns hält sie zehn Jahre. Ich arbeite dort, klar."));
        Assert.Contains(result.Findings, f => f.RuleId == "comparative.junk");
        Assert.DoesNotContain(result.Findings, f => f.RuleId == "disclaimer.comparative-promotion");
    }

    [Fact]
    public void Its_when_keeps_it_off_corporate_accounts()
    {
        var result = CheckEngine.Check(Load(PromotionPack), CheckRequest.Private("Die Säge von Sägewerk ist Schrott. Bei uns hält sie zehn Jahre.") with { Account = AccountKind.Corporate });
        Assert.Contains(result.Findings, f => f.RuleId == "comparative.junk");
        Assert.DoesNotContain(result.Findings, f => f.RuleId == "disclaimer.comparative-promotion");
    }

    [Fact]
    public void The_default_pack_reports_an_insider_leak_as_confidential_too()
    {
        var pack = PackLibrary.LoadDirectory(RepoPaths.Policies).Packs["social-media-guideline"];
        var result = CheckEngine.Check(pack, CheckRequest.Private("Dividende wird halbiert, hat der Vorstand gestern beschlossen. Noch ist nix raus, also wer verkaufen will …"));
        Assert.Contains(result.Findings, f => f.Category == "insider");
        Assert.Contains(result.Findings, f => f.Category == "confidential");
    }
}
