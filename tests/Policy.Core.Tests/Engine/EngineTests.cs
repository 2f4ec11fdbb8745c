using Policy.Core.Checking;
using Policy.Core.Decision;
using Policy.Core.Model;
using Policy.Core.Packs;
using Policy.Core.Rules;

namespace Policy.Core.Tests.Engine;

/// <summary>The pipeline's own guarantees, on small inline packs so each rule kind is pinned down.</summary>
public sealed class EngineTests
{
    private const string Header = """
        id: t
        version: "1"
        sections:
          - id: s
            title: { de: Abschnitt, en: Section }

        """;

    internal static CompiledPack Pack(string rules, string extra = "") =>
        PackCompiler.Compile(PackSource.Parse("t.yaml", Header + extra + "rules:\n" + rules), _ => null);

    private static CheckResult Check(CompiledPack pack, string text, AccountKind account = AccountKind.Private, bool complaint = false, IReadOnlyList<Attachment>? attachments = null) =>
        CheckEngine.Check(pack, new CheckRequest(text, "de", account, null, complaint, attachments ?? [], Author.Employee("t")));

    private const string Confidential = """
          - id: c
            kind: terms
            section: s
            category: confidential
            severity: review
            terms: [vertraulich, Geheimnis]
            message: { de: vertraulich, en: confidential }
            suggestion: { de: weg damit, en: remove it }

        """;

    [Fact]
    public void A_finding_cites_its_section_and_points_into_the_original_text()
    {
        const string text = "Achtung, das ist VER\u200BTRAULICH!";
        var result = Check(Pack(Confidential), text);
        var f = Assert.Single(result.Findings);
        Assert.Equal(Severity.Review, result.Decision);
        Assert.Equal(("s", "Abschnitt"), (f.Section.Id, f.Section.Title.De));
        Assert.Equal("VER\u200BTRAULICH", text.Substring(f.Start, f.Length));
    }

    [Fact]
    public void A_check_given_the_normalized_draft_decides_as_one_that_normalizes_it_itself()
    {
        const string text = "Achtung: das ist VER\u200BTRAULICH, ein Geheimnis!";
        var pack = Pack(Confidential);
        var request = new CheckRequest(text, "de", AccountKind.Private, null, false, [], Author.Employee("t"));
        var given = CheckEngine.Check(pack, request, Policy.Core.Normalize.Normalizer.Normalize(text));
        var own = CheckEngine.Check(pack, request);
        Assert.Equal(own.Decision, given.Decision);
        Assert.Equal(own.Findings.Select(f => (f.RuleId, f.Start, f.Length)), given.Findings.Select(f => (f.RuleId, f.Start, f.Length)));
        Assert.Equal(2, given.Findings.Count);

        // The normalized form of another draft would put findings at the wrong places: refused.
        Assert.Throws<ArgumentException>(() => CheckEngine.Check(pack, request, Policy.Core.Normalize.Normalizer.Normalize("ganz harmlos")));
    }

    [Theory]
    [InlineData("Die Geheimnisse der Küche", "Geheimnisse")]
    [InlineData("vertraulichen Unterlagen", "vertraulichen")]
    public void Inflected_forms_match_and_the_span_covers_the_ending(string text, string covered)
    {
        var f = Assert.Single(Check(Pack(Confidential), text).Findings);
        Assert.Equal(covered, text.Substring(f.Start, f.Length));
    }

    [Theory]
    [InlineData("Geheimnistuerei ist nicht meins")]   // a longer word, not an inflection
    [InlineData("Vertraulichkeitsstufe")]
    public void Terms_do_not_fire_inside_other_words(string text) =>
        Assert.Equal(Severity.Allow, Check(Pack(Confidential), text).Decision);

    [Fact]
    public void A_rule_that_throws_never_allows()
    {
        var pack = Pack(Confidential);
        var broken = new ThrowingRule
        {
            Header = new RuleHeader("broken", "terms", "confidential", Severity.Info, pack.Sections[0], LocalizedText.Empty, LocalizedText.Empty, Conditions.Always),
        };
        var withBroken = new CompiledPack("t", "1", LocalizedText.Empty, ["de"], "x", pack.Sections, [.. pack.Rules, broken], pack.Lists, [], ["t"]);
        var result = Check(withBroken, "ganz harmlos");
        Assert.Equal(Severity.Review, result.Decision);
        Assert.Equal("broken", Assert.Single(result.Findings).RuleId);
    }

    [Fact]
    public void Proximity_support_raises_and_clearing_words_lower()
    {
        var pack = Pack("""
              - id: p
                kind: proximity
                section: s
                category: insider
                severity: info
                anchor: [Umsatz]
                near:
                  - { terms: [Geschäftsbericht], within: 4, severity: none }
                  - { terms: [unveröffentlicht, "vor Veröffentlichung"], within: 5, severity: block }
                message: m
                suggestion: s

            """);
        Assert.Equal(Severity.Info, Check(pack, "Der Umsatz war gut").Decision);
        Assert.Equal(Severity.Block, Check(pack, "Der Umsatz ist noch unveröffentlicht").Decision);
        Assert.Equal(Severity.Allow, Check(pack, "Umsatz laut Geschäftsbericht gestiegen").Decision);
        Assert.Equal(Severity.Info, Check(pack, "Umsatz war in diesem Jahr wirklich sehr hoch und unveröffentlicht").Decision); // too far
    }

    [Fact]
    public void Proximity_mentions_skip_ignores_an_anchor_that_is_talked_about()
    {
        var rule = """
              - id: p
                kind: proximity
                section: s
                category: confidential
                severity: block
                anchor: [vertraulich, confidential]
                near: []
                MENTIONS
                message: m
                suggestion: s

            """;
        var skipping = Pack(rule.Replace("MENTIONS", "mentions: skip", StringComparison.Ordinal));
        var counting = Pack(rule.Replace("MENTIONS", "mentions: count", StringComparison.Ordinal));
        Assert.Equal(Severity.Block, Check(skipping, "Vertraulich: die neue Preisliste").Decision);
        Assert.Equal(Severity.Allow, Check(skipping, "Das Wort „vertraulich“ steht auf jedem Dokument").Decision);
        Assert.Equal(Severity.Allow, Check(skipping, "Our #confidential-memes channel is the best").Decision);
        Assert.Equal(Severity.Allow, Check(skipping, "'Confidential' stamps on the cafeteria menu").Decision);
        Assert.Equal(Severity.Block, Check(counting, "'Confidential' stamps on the cafeteria menu").Decision);
        Assert.Equal(Severity.Block, Check(skipping, "'Confidential' stamps, and this one is confidential").Decision);
    }

    [Fact]
    public void A_proximity_anchor_in_a_question_is_skipped_when_the_rule_says_so()
    {
        const string rule = """
              - id: m
                kind: proximity
                section: s
                category: confidential
                severity: block
                anchor: [NDA, vertraulich]
                QUESTIONS
                near: [{ terms: [Schulung], within: 5, severity: none }]
                message: m
                suggestion: s

            """;
        var skipping = Pack(rule.Replace("QUESTIONS", "questions: skip", StringComparison.Ordinal));
        var counting = Pack(rule.Replace("QUESTIONS", "questions: count", StringComparison.Ordinal));
        Assert.Equal(Severity.Allow, Check(skipping, "Wie geht ihr mit NDAs um, wenn Freunde fragen?").Decision);
        Assert.Equal(Severity.Allow, Check(skipping, "Ist das vertraulich? Nein, eine Brille.").Decision);
        Assert.Equal(Severity.Block, Check(counting, "Ist das vertraulich? Nein, eine Brille.").Decision);
        Assert.Equal(Severity.Block, Check(skipping, "Unter NDA: Wir liefern ab März an Globex. Wer hätte das gedacht?").Decision); // the question is the next sentence
        Assert.Equal(Severity.Block, Check(skipping, "Vertraulich: die Preise steigen").Decision); // no question at all
        Assert.Equal(Severity.Block, Check(skipping, "Projekt Falke ist vertraulich, version 2.0 kommt. Fragen?").Decision);
        Assert.Equal(Severity.Block, Check(skipping, "Vertraulicher Entwurf unseres Vertrags mit Globex, Meinungen?").Decision); // a label opens its sentence
        Assert.Equal(Severity.Block, Check(skipping, "Kurze Frage: NDA-Material von Globex, wer will es sehen?").Decision);
        Assert.Equal(Severity.Allow, Check(skipping, "Vertraulich? Nein. Aber meine Kinder wissen nicht, was ich mache.").Decision); // the word itself asked
        Assert.Equal(Severity.Allow, Check(skipping, "„Ist das vertraulich?“ – „Nein, eine Brille.“ Azubi-Humor").Decision); // a closing quote after the mark
    }

    [Fact]
    public void Must_contain_offers_the_text_to_insert_and_is_satisfied_by_it()
    {
        var pack = Pack("""
              - id: d
                kind: must-contain
                section: s
                category: disclaimer
                severity: warn
                when: { account: private }
                trigger: [mein Arbeitgeber]
                near: [kaufen]
                require: [meine persönliche Meinung]
                insert: { de: "(meine persönliche Meinung)", en: "(my own views)" }
                message: m
                suggestion: s

            """);
        var result = Check(pack, "Kauft bei meinem Arbeitgeber! Jetzt kaufen!");
        Assert.Equal(Severity.Allow, result.Decision); // "meinem" is not "mein" + ending: the rule stays quiet
        result = Check(pack, "Mein Arbeitgeber hat tolle Sachen, jetzt kaufen!");
        var f = Assert.Single(result.Findings);
        Assert.Equal("(meine persönliche Meinung)", f.Insert);
        Assert.Equal(Severity.Allow, Check(pack, "Mein Arbeitgeber hat tolle Sachen, jetzt kaufen! " + f.Insert).Decision);
        Assert.Equal(Severity.Allow, Check(pack, "Mein Arbeitgeber hat tolle Sachen, jetzt kaufen!", AccountKind.Corporate).Decision);
        Assert.Equal(Severity.Allow, Check(pack, "Mein Arbeitgeber hat heute Betriebsfest").Decision); // no promotion near
    }

    [Fact]
    public void Must_contain_does_not_count_a_negated_trigger()
    {
        var pack = Pack("""
              - id: d
                kind: must-contain
                section: s
                category: disclaimer
                severity: warn
                trigger: [Rabatt, DM me]
                require: [meine persönliche Meinung]
                negatedBy: [keine, "don't", no need to]
                message: m
                suggestion: s

            """);
        Assert.Equal(Severity.Allow, Check(pack, "Wir können leider keine Rabatte geben.").Decision);
        Assert.Equal(Severity.Allow, Check(pack, "Please don't DM me about tickets.").Decision);
        Assert.Equal(Severity.Allow, Check(pack, "No need to DM me for the address.").Decision);
        Assert.Equal(Severity.Warn, Check(pack, "Es gibt Rabatt! Keine Wartezeit.").Decision); // the negation comes after
        Assert.Equal(Severity.Warn, Check(pack, "Keine Frage: Rabatt für alle!").Decision); // another clause
        Assert.Equal(Severity.Warn, Check(pack, "Keine langen Wege, satter Rabatt").Decision); // a comma ends the clause
        Assert.Equal(Severity.Warn, Check(pack, "Don't wait and DM me").Decision); // more than one word between
    }

    [Fact]
    public void Conditions_restrict_a_rule_to_its_context()
    {
        var pack = Pack("""
              - id: tone
                kind: terms
                section: s
                category: tone
                severity: review
                when: [ { replyToComplaint: true }, { account: corporate } ]
                terms: [selbst schuld]
                message: m
                suggestion: s

            """);
        const string text = "Tja, selbst schuld.";
        Assert.Equal(Severity.Allow, Check(pack, text).Decision);
        Assert.Equal(Severity.Review, Check(pack, text, complaint: true).Decision);
        Assert.Equal(Severity.Review, Check(pack, text, AccountKind.Corporate).Decision);
    }

    [Fact]
    public void Attachment_rules_name_the_file_with_an_empty_span()
    {
        var pack = Pack("""
              - id: gps
                kind: attachment
                section: s
                category: location
                severity: warn
                gps: true
                message: m
                suggestion: s

            """);
        var photo = new Attachment("IMG_1.jpg", "image/jpeg", null, MediaLicense.Own, new GeoPoint(48.1, 11.5));
        var f = Assert.Single(Check(pack, "Blick aus dem Büro", attachments: [photo]).Findings);
        Assert.Equal((0, 0, "IMG_1.jpg"), (f.Start, f.Length, f.Evidence));
        Assert.Equal(Severity.Allow, Check(pack, "Blick", attachments: [photo with { Gps = null }]).Decision);
    }

    [Fact]
    public void An_allowlist_exempts_only_the_categories_it_names()
    {
        var pack = Pack("""
              - id: mail
                kind: pattern
                section: s
                category: pii
                severity: warn
                regex: '[a-z0-9.]+@[a-z0-9.]+\.[a-z]{2,}'
                message: m
                suggestion: s
              - id: roles
                kind: allowlist
                section: s
                category: pii
                appliesTo: [pii]
                patterns: ['(jobs|presse)@[a-z0-9.-]+']
                values: [info@acme.de]

            """);
        Assert.Equal(Severity.Allow, Check(pack, "Bewerbungen an jobs@acme.de").Decision);
        Assert.Equal(Severity.Allow, Check(pack, "Fragen an info@acme.de").Decision);
        Assert.Equal(Severity.Warn, Check(pack, "Schreib an max.muster@acme.de").Decision);
    }

    [Fact]
    public void Evidence_of_personal_data_is_masked()
    {
        var pack = Pack("""
              - id: mail
                kind: pattern
                section: s
                category: pii
                severity: warn
                regex: '[a-z0-9.]+@[a-z0-9.]+\.[a-z]{2,}'
                message: m
                suggestion: s

            """);
        var f = Assert.Single(Check(pack, "Schreib an max.muster@acme.de").Findings);
        Assert.DoesNotContain("max.muster", f.Evidence, StringComparison.Ordinal);
        Assert.Equal("max.muster@acme.de", "Schreib an max.muster@acme.de".Substring(f.Start, f.Length));
    }

    [Fact]
    public void A_credential_keyword_is_shown_as_the_keyword_and_the_secret_beside_it_stays_masked()
    {
        var pack = Pack("""
              - id: keyword
                kind: terms
                section: s
                category: credential
                severity: warn
                terms: [Passwort]
                message: m
                suggestion: s
              - id: value
                kind: pattern
                section: s
                category: credential
                severity: block
                regex: 'Blaubeere#\d+'
                message: m
                suggestion: s

            """);
        var findings = Check(pack, "Das Passwort lautet Blaubeere#77").Findings;
        Assert.Equal("Passwort", Assert.Single(findings, f => f.RuleId == "keyword").Evidence);
        var secret = Assert.Single(findings, f => f.RuleId == "value").Evidence;
        Assert.DoesNotContain("Blaubeere#77", secret, StringComparison.Ordinal);
        Assert.DoesNotContain("Blaubeere", secret, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DE89 3704 0044 0532 0130 00", "IBAN_CODE")]
    [InlineData("4111 1111 1111 1111", "CREDIT_CARD")]
    [InlineData("ghp_abcdefghijklmnopqrstuvwxyz0123456789", "github-pat")]
    [InlineData("Sonne123!", "password-prose")]
    public void Masks_never_reveal_more_than_a_third(string value, string entity)
    {
        var masked = EvidenceMask.Mask(value, entity);
        var shown = masked.Count(char.IsLetterOrDigit);
        Assert.True(shown * 3 <= value.Count(char.IsLetterOrDigit), masked);
        Assert.DoesNotContain(value, masked, StringComparison.Ordinal);
    }

    [Fact]
    public void Checks_on_one_pack_run_in_parallel_with_the_same_answers()
    {
        var pack = Pack(Confidential);
        var texts = Enumerable.Range(0, 2_000).Select(i => i % 3 == 0 ? $"Post {i} ist vertraulich" : $"Post {i} ist harmlos").ToArray();
        var sequential = texts.Select(t => Check(pack, t).Decision).ToArray();
        var parallel = new Severity[texts.Length];
        Parallel.For(0, texts.Length, i => parallel[i] = Check(pack, texts[i]).Decision);
        Assert.Equal(sequential, parallel);
        Assert.Equal(texts.Length / 3 + 1, sequential.Count(d => d == Severity.Review));
    }

    private sealed class ThrowingRule : Rule
    {
        internal override void Evaluate(CheckScope scope) => throw new InvalidOperationException("boom");
    }
}
