using Policy.Core.Decision;
using Policy.Core.Model;
using Policy.Core.Packs;

namespace Policy.Core.Tests.Packs;

/// <summary>kind: secret with near groups: the words around a detected secret weigh it, as for proximity.</summary>
public sealed class SecretNearTests
{
    private const string Pack = """
        id: secrets
        version: "1"
        sections: [{ id: s, title: Zugangsdaten }]
        rules:
          - id: credential.secret
            kind: secret
            section: s
            category: credential
            severity: block
            detectors: all
            near:
              - terms: [ohne Passwort, no password]
                within: 8
                severity: none
              - terms: [erstes Passwort, first password]
                within: 8
                severity: info
            message: "Zugangsdaten ({entity})."
            suggestion: S
        """;

    private static readonly CompiledPack Compiled = PackCompiler.Compile(PackSource.Parse("secrets.yaml", Pack), _ => null);

    private static CheckResult Check(string text) => CheckEngine.Check(Compiled, CheckRequest.Private(text));

    [Fact]
    public void A_secret_with_no_near_word_in_reach_keeps_the_rules_severity()
    {
        var result = Check("Das WLAN-Passwort im Lager ist jetzt Sommer2025!Kx");
        Assert.Equal(Severity.Block, result.Decision);
        Assert.Equal("credential.secret", Assert.Single(result.Findings).RuleId);
    }

    [Fact]
    public void A_near_group_with_a_severity_sets_it_and_the_finding_stays_masked()
    {
        var result = Check("Mein erstes Passwort im Job war Start123, vergeben von der IT, lange her.");
        var finding = Assert.Single(result.Findings);
        Assert.Equal(Severity.Info, finding.Severity);
        Assert.Equal(Severity.Info, result.Decision);
        Assert.DoesNotContain("Start123", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_near_group_of_severity_none_drops_the_hit()
    {
        var result = Check("Gäste-WLAN gibt es bei uns ohne Passwort: einfach Hopfenwerk-Gast auswählen.");
        Assert.DoesNotContain(result.Findings, f => f.RuleId == "credential.secret");
    }

    [Fact]
    public void Reach_is_counted_in_words_from_the_secret_itself()
    {
        // Nine words between the near phrase and the secret: out of reach, the rule's severity holds.
        var far = Check("Mein erstes Passwort hieß anders; das hier ist heute mein aktuelles, bitte merken: Passwort: Xk9mQ2vLp7");
        Assert.Equal(Severity.Block, far.Decision);
    }

    [Fact]
    public void Distance_holds_when_normalization_moves_the_text_before_the_secret()
    {
        // A detector that reads the original text reports original offsets; the near word must be
        // measured from where the secret stands in the normalized text.
        // Zero-width spaces are dropped by the normalizer: 80 of them move the secret 80 characters.
        var hidden = string.Concat(Enumerable.Repeat("\u200B", 80));
        var result = Check("Mein" + hidden + " erstes Passwort war Start123, lange her, und danach kamen noch viele weitere Worte hier.");
        var finding = Assert.Single(result.Findings);
        Assert.Equal(Severity.Info, finding.Severity);
    }
}
