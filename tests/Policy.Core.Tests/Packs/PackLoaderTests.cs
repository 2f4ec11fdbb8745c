using System.Diagnostics;
using System.Text;
using Policy.Core.Checking;
using Policy.Core.Decision;
using Policy.Core.Evaluation;
using Policy.Core.Model;
using Policy.Core.Packs;

namespace Policy.Core.Tests.Packs;

/// <summary>
/// The pack loader: every refusal names file, line, column (1-based) and rule, hostile packs are
/// refused before they cost anything, and terms match as docs/policy-packs.md describes.
/// </summary>
public sealed class PackLoaderTests
{
    private const string File = "test.yaml";

    private const string Head = """
        id: test-pack
        version: "1"
        sections:
          - id: s
            title: S
        """;

    // ---------------------------------------------------------------- helpers

    /// <summary>A rule of <paramref name="kind"/> with all common keys; <paramref name="extra"/> lines are indented for it.</summary>
    internal static string Rule(string id, string kind, string extra, string severity = "warn", string section = "s") =>
        $"""
          - id: {id}
            kind: {kind}
            section: {section}
            category: confidential
            severity: {severity}
            message: M
            suggestion: S
        {Indent(extra, 4)}
        """;

    internal static string Indent(string text, int spaces) =>
        string.Join("\n", text.ReplaceLineEndings("\n").Split('\n').Select(l => l.Length == 0 ? l : new string(' ', spaces) + l));

    internal static string PackWith(params string[] rules) => Head + "\nrules:\n" + string.Join("\n", rules) + "\n";

    internal static CompiledPack Load(string content, Func<string, PackSource?>? resolve = null) =>
        PackCompiler.Compile(PackSource.Parse(File, content), resolve ?? (_ => null));

    private static IReadOnlyList<PackError> Errors(string content, Func<string, PackSource?>? resolve = null) =>
        Assert.Throws<PackLoadException>(() => Load(content, resolve)).Errors;

    private static PackError SingleError(string content, Func<string, PackSource?>? resolve = null) =>
        Assert.Single(Errors(content, resolve));

    /// <summary>1-based line and column of the <paramref name="occurrence"/>-th <paramref name="needle"/>.</summary>
    private static (int Line, int Column) At(string content, string needle, int occurrence = 1)
    {
        content = content.ReplaceLineEndings("\n");
        var index = -1;
        for (var i = 0; i < occurrence; i++)
        {
            index = content.IndexOf(needle, index + 1, StringComparison.Ordinal);
            Assert.True(index >= 0, $"'{needle}' #{occurrence} not in the test pack");
        }

        var line = 1 + content.AsSpan(0, index).Count('\n');
        var column = index - (content.LastIndexOf('\n', Math.Max(0, index - 1)) + 1) + 1;
        if (index == 0)
        {
            column = 1;
        }

        return (line, column);
    }

    private static void AssertAt(PackError error, string content, string needle, string? ruleId, string messagePart, int occurrence = 1)
    {
        var (line, column) = At(content, needle, occurrence);
        Assert.Equal(File, error.File);
        Assert.Equal(line, error.Line);
        Assert.Equal(column, error.Column);
        Assert.Equal(ruleId, error.RuleId);
        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
    }

    private static Severity Check(CompiledPack pack, string text) => CheckEngine.Check(pack, CheckRequest.Private(text)).Decision;

    private static void Measure(string what, Action refuse)
    {
        // Measured, not asserted: a unit test is no benchmark. The numbers show up in the test output.
        var sw = Stopwatch.StartNew();
        refuse();
        TestContext.Current.TestOutputHelper?.WriteLine($"{what}: refused in {sw.Elapsed.TotalMilliseconds:F1} ms");
    }

    // ---------------------------------------------------------------- a valid pack

    [Fact]
    public void A_minimal_pack_loads_with_defaults()
    {
        var pack = Load(PackWith(Rule("r1", "terms", "terms: [geheim]")));

        Assert.Equal("test-pack", pack.Id);
        Assert.Equal("1", pack.Version);
        Assert.Equal(["de", "en"], pack.Languages);
        Assert.Equal("test-pack", pack.Title.De);
        var rule = Assert.Single(pack.Rules);
        Assert.Equal(("r1", "terms", Severity.Warn, "s"), (rule.Id, rule.Kind, rule.Severity, rule.Section.Id));
        Assert.Equal(["test-pack"], pack.Chain);
    }

    [Fact]
    public void Every_rule_kind_and_key_loads()
    {
        var pack = Load(KitchenSink);
        Assert.Equal(
            ["t.terms", "t.pattern.detector", "t.pattern.regex", "t.secret", "t.proximity", "t.must-contain", "t.attachment", "t.allowlist"],
            pack.Rules.Select(r => r.Id));
        Assert.Equal(2, pack.Examples.Count);
        Assert.All(PackExamples.Run(pack), r => Assert.True(r.Passed, r.ToString()));
    }

    /// <summary>A pack that uses every key the loader knows; PackSchemaTests validates it against the schema too.</summary>
    internal const string KitchenSink = """
        # yaml-language-server: $schema=./schema/policy-pack.schema.json
        $schema: ./schema/policy-pack.schema.json
        id: kitchen-sink
        version: 1.0.0
        title: { de: Alles, en: Everything }
        description: Every key the loader knows.
        languages: [de, en]
        lists:
          company: [ACME GmbH]
          products:
            - Rakete
            - value: Orion
              context:
                near: { terms: [Start, { term: launch, match: word, endings: none }], match: compound, endings: default }
                within: 6
          codenames: [Falke]
          competitors: [Konkurrenz AG]
          customers: [Kundin KG]
          internalDomains: [acme.internal]
          hotlines: [0800 123 456]
          roleMailboxes: [jobs@acme.example]
        sections:
          - id: s
            title: { de: Abschnitt, en: Section }
            text: { de: Text, en: Text }
        rules:
          - id: t.terms
            kind: terms
            section: s
            category: confidential
            severity: review
            description: Internal note for HR.
            message: { de: "Vertraulich: {entity}", en: "Confidential: {entity}" }
            suggestion: Entfernen.
            terms:
              - streng vertraulich
              - { term: "Projekt {codenames}", match: hashtag, endings: none }
            lists: [codenames]
            match: word
            endings: [e, en, s]
            when:
              - { account: private, replyToComplaint: false, hasAttachments: false }
              - { authorRoles: [employee], notAuthorRoles: [press], spokesperson: false, language: de }
          - id: t.pattern.detector
            kind: pattern
            section: s
            category: pii
            severity: block
            message: M
            suggestion: S
            detector: iban
          - id: t.pattern.regex
            kind: pattern
            section: s
            category: confidential
            severity: warn
            message: M
            suggestion: S
            regex: 'ticket-[0-9]{4}'
            validator: iban
            input: normalized
          - id: t.secret
            kind: secret
            section: s
            category: credential
            severity: block
            message: M
            suggestion: S
            detectors: all
          - id: t.proximity
            kind: proximity
            section: s
            category: confidential
            severity: info
            message: M
            suggestion: S
            anchor: { terms: [Umsatz], match: compound }
            near:
              - { terms: [Geschäftsbericht], within: 5, severity: none }
              - { lists: [competitors], within: 3, severity: review, match: word, endings: default }
            alone: true
          - id: t.must-contain
            kind: must-contain
            section: s
            category: disclosure
            severity: warn
            message: M
            suggestion: S
            trigger: { lists: [company] }
            near: [empfehle, toll]
            within: 8
            require: [meine meinung, my own views]
            insert: { de: "Meine Meinung.", en: "My own views." }
          - id: t.attachment
            kind: attachment
            section: s
            category: privacy
            severity: warn
            message: M
            suggestion: S
            gps: true
            licenses: [unknown]
            altTextMissing: true
          - id: t.allowlist
            kind: allowlist
            section: s
            category: pii
            values: [jobs@acme.example]
            lists: [hotlines, roleMailboxes]
            patterns: ['0800 ?[0-9 ]+']
            appliesTo: [pii]
        overrides:
          - { rule: t.proximity, severity: warn, enabled: true }
        examples:
          - text: Das ist streng vertraulich.
            language: de
            account: private
            handle: "@someone"
            replyToComplaint: false
            author: { roles: [employee], spokesperson: [] }
            expect: review
            rules: [t.terms]
            notRules: [t.attachment]
            note: A confidentiality marker.
          - text: Urlaubsfoto
            attachments:
              - { fileName: a.jpg, mediaType: image/jpeg, altText: Strand, license: own, gps: { lat: 52.5, lon: 13.4 } }
            expect: warn
            rules: [t.attachment]
        """;

    /// <summary>The "# file:" YAML blocks of docs/policy-packs.md.</summary>
    internal static IReadOnlyDictionary<string, string> DocPacks()
    {
        var doc = System.IO.File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "policy-packs.md")).ReplaceLineEndings("\n");
        return System.Text.RegularExpressions.Regex.Matches(doc, "```yaml\n# file: (?<file>\\S+)\n(?<body>.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline)
            .ToDictionary(m => m.Groups["file"].Value, m => "# file: " + m.Groups["file"].Value + "\n" + m.Groups["body"].Value);
    }

    [Fact]
    public void The_example_packs_of_the_reference_load_and_their_examples_pass()
    {
        var docs = DocPacks();
        Assert.Equal(["acme.yaml", "example-guideline.yaml"], docs.Keys.Order(StringComparer.Ordinal));
        var sources = docs.ToDictionary(d => PackSource.Parse(d.Key, d.Value).Id, d => PackSource.Parse(d.Key, d.Value));
        foreach (var source in sources.Values)
        {
            var pack = PackCompiler.Compile(source, id => sources.GetValueOrDefault(id));
            Assert.NotEmpty(pack.Examples);
            Assert.All(PackExamples.Run(pack), r => Assert.True(r.Passed, source.File + " " + r + " — " + r.Text));
        }

        var acme = PackCompiler.Compile(sources["acme"], id => sources.GetValueOrDefault(id));
        Assert.Equal(["example-guideline", "acme"], acme.Chain);
        Assert.DoesNotContain(acme.Rules, r => r.Id == "media.location");
    }

    // ---------------------------------------------------------------- positions of errors

    [Fact]
    public void A_yaml_syntax_error_names_file_line_and_column()
    {
        var content = "id: t\nversion: \"1\"\ntitle: a: b\n";
        var error = Assert.Single(Assert.Throws<PackLoadException>(() => PackSource.Parse(File, content)).Errors);
        AssertAt(error, content, ": b", null, "syntax error");
    }

    [Fact]
    public void A_yaml_syntax_error_in_a_rule_is_reported_where_it_is()
    {
        var content = PackWith(Rule("r1", "terms", "terms: [a]\ndescription: a: b"));
        var error = Assert.Single(Assert.Throws<PackLoadException>(() => PackSource.Parse(File, content)).Errors);
        AssertAt(error, content, ": b", null, "syntax error");
    }

    [Theory]
    [InlineData("id: t\nversion: \"1\"\nlanguages: [de\ntitle: T\n")]
    [InlineData("id: t\nversion: \"1\"\nsections:\n  - id: s\n    title: S\nrules:\n  - id: r1\n    kind: terms\n    terms: [a, b\n    section: s\n")]
    public void A_forgotten_closing_bracket_is_a_syntax_error(string content)
    {
        var error = Assert.Single(Assert.Throws<PackLoadException>(() => PackSource.Parse(File, content)).Errors);
        Assert.Equal(File, error.File);
        Assert.Contains("syntax error", error.Message, StringComparison.Ordinal);
        Assert.True(error.Line >= 3, error.ToString());
    }

    [Fact]
    public void A_duplicate_yaml_key_is_an_error_at_the_second_key()
    {
        var content = "id: t\nversion: \"1\"\nid: u\n";
        var error = Assert.Single(Assert.Throws<PackLoadException>(() => PackSource.Parse(File, content)).Errors);
        AssertAt(error, content, "id: u", null, "Duplicate key");
    }

    [Fact]
    public void An_unknown_rule_kind_names_the_kind_line_column_and_rule()
    {
        var content = PackWith(Rule("r.kind", "termz", "terms: [a]"));
        var error = SingleError(content);
        AssertAt(error, content, "termz", "r.kind", "unknown rule kind 'termz'");
        Assert.Contains("must-contain", error.Message, StringComparison.Ordinal);
        Assert.Equal($"{File}:{error.Line}:{error.Column}: rule 'r.kind': {error.Message}", error.ToString());
    }

    [Fact]
    public void A_rule_without_kind_is_an_error()
    {
        var content = Head + "\nrules:\n  - id: r1\n    section: s\n";
        AssertAt(SingleError(content), content, "id: r1", "r1", "needs 'kind'");
    }

    [Fact]
    public void An_unknown_key_in_a_rule_is_an_error_at_the_key()
    {
        var content = PackWith(Rule("r1", "terms", "terms: [a]\nseverty: warn"));
        AssertAt(SingleError(content), content, "severty", "r1", "unknown key 'severty' in a terms rule");
    }

    [Fact]
    public void A_key_of_another_kind_is_unknown_in_a_rule()
    {
        // "regex" belongs to pattern rules; a terms rule must refuse it, not ignore it.
        var content = PackWith(Rule("r1", "terms", "terms: [a]\nregex: 'x'"));
        AssertAt(SingleError(content), content, "regex", "r1", "unknown key 'regex'");
    }

    [Fact]
    public void An_unknown_key_in_a_section_is_an_error()
    {
        var content = "id: t\nversion: \"1\"\nsections:\n  - id: s\n    titel: S\n";
        var error = Assert.Single(Assert.Throws<PackLoadException>(() => PackSource.Parse(File, content)).Errors);
        AssertAt(error, content, "titel", null, "unknown key 'titel' in a section");
    }

    [Fact]
    public void An_unknown_top_level_key_is_an_error()
    {
        var content = "id: t\nversion: \"1\"\nrule: []\n";
        var error = Assert.Single(Assert.Throws<PackLoadException>(() => PackSource.Parse(File, content)).Errors);
        AssertAt(error, content, "rule:", null, "unknown key 'rule' in the pack");
    }

    [Fact]
    public void An_unknown_key_in_when_is_an_error()
    {
        var content = PackWith(Rule("r1", "terms", "terms: [a]\nwhen: { acount: corporate }"));
        AssertAt(SingleError(content), content, "acount", "r1", "unknown key 'acount' in when");
    }

    [Fact]
    public void An_unknown_key_in_a_when_list_item_is_an_error()
    {
        var content = PackWith(Rule("r1", "terms", "terms: [a]\nwhen:\n  - account: corporate\n  - languag: de"));
        AssertAt(SingleError(content), content, "languag", "r1", "unknown key 'languag' in when");
    }

    [Theory]
    [InlineData("terms: [{ term: a, mtch: word }]", "mtch", "a term")]
    [InlineData("terms: [a]\nendings: [e]\nlists: [codenames]\nmatch: compund", "compund", "match must be")]
    public void Unknown_keys_and_values_in_a_term_are_errors(string extra, string needle, string message)
    {
        var content = PackWith(Rule("r1", "terms", extra));
        AssertAt(SingleError(content), content, needle, "r1", message);
    }

    [Fact]
    public void Unknown_keys_in_near_groups_examples_attachments_and_overrides_are_errors()
    {
        var near = PackWith(Rule("p1", "proximity", "anchor: [a]\nnear: [{ terms: [b], severity: warn, distance: 3 }]"));
        AssertAt(SingleError(near), near, "distance", "p1", "unknown key 'distance' in a near group");

        var example = PackWith(Rule("r1", "terms", "terms: [a]")) + "examples:\n  - text: x\n    expect: allow\n    expected: allow\n";
        AssertAt(SingleError(example), example, "expected:", null, "unknown key 'expected' in an example");

        var attachment = PackWith(Rule("r1", "terms", "terms: [a]")) + "examples:\n  - text: x\n    expect: allow\n    attachments: [{ name: a.jpg }]\n";
        AssertAt(SingleError(attachment), attachment, "name:", null, "unknown key 'name' in an attachment");

        var over = PackWith(Rule("r1", "terms", "terms: [a]")) + "overrides:\n  - { rule: r1, disabled: true }\n";
        var error = Assert.Single(Assert.Throws<PackLoadException>(() => PackSource.Parse(File, over)).Errors);
        AssertAt(error, over, "disabled", null, "unknown key 'disabled' in an override");
    }

    [Fact]
    public void An_unknown_list_name_is_an_error()
    {
        var content = Head + "\nlists:\n  produkte: [a]\n";
        var error = Assert.Single(Assert.Throws<PackLoadException>(() => PackSource.Parse(File, content)).Errors);
        AssertAt(error, content, "produkte", null, "unknown key 'produkte' in lists");
    }

    [Fact]
    public void A_rule_citing_a_missing_section_is_an_error_at_the_section()
    {
        var content = PackWith(Rule("r1", "terms", "terms: [a]", section: "nope"));
        AssertAt(SingleError(content), content, "nope", "r1", "section 'nope' does not exist");
    }

    [Fact]
    public void A_duplicate_rule_id_is_an_error_at_the_second_rule()
    {
        var content = PackWith(Rule("r1", "terms", "terms: [a]"), Rule("r1", "terms", "terms: [b]"));
        AssertAt(SingleError(content), content, "id: r1", "r1", "rule id 'r1' is used twice", occurrence: 2);
    }

    [Fact]
    public void A_duplicate_section_id_is_an_error()
    {
        var content = "id: t\nversion: \"1\"\nsections:\n  - id: s\n    title: S\n  - id: s\n    title: T\n";
        var error = Assert.Single(Assert.Throws<PackLoadException>(() => PackSource.Parse(File, content)).Errors);
        AssertAt(error, content, "id: s", null, "section 's' is defined twice", occurrence: 2);
    }

    [Theory]
    [InlineData("critical")]
    [InlineData("allow")]
    [InlineData("none")]
    [InlineData("Block")]
    public void A_bad_rule_severity_is_an_error(string severity)
    {
        var content = PackWith(Rule("r1", "terms", "terms: [a]", severity: severity));
        var error = SingleError(content);
        var (line, column) = At(content, "severity: " + severity);
        Assert.Equal((File, line, column + "severity: ".Length, "r1"), (error.File, error.Line, error.Column, error.RuleId));
        Assert.Contains($"severity must be info, warn, review or block, not '{severity}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Severity_errors_point_at_the_value()
    {
        var content = PackWith(Rule("r1", "terms", "terms: [a]", severity: "critical"));
        var error = SingleError(content);
        Assert.Equal(At(content, "critical"), (error.Line, error.Column));
    }

    [Fact]
    public void A_near_group_may_say_none_but_not_allow()
    {
        Load(PackWith(Rule("p1", "proximity", "anchor: [a]\nnear: [{ terms: [b], severity: none }]")));
        var content = PackWith(Rule("p1", "proximity", "anchor: [a]\nnear: [{ terms: [b], severity: allow }]"));
        AssertAt(SingleError(content), content, "allow", "p1", "severity must be");
    }

    [Theory]
    [InlineData(@"(a)\1", "backreference")]
    [InlineData("a(?=b)", "lookahead")]
    [InlineData("(?<=a)b", "lookbehind")]
    [InlineData("(?!a)b", "lookahead")]
    [InlineData("(?>a+)b", "atomic")]
    [InlineData("(a{1000}){1000}", "automata")]
    [InlineData("(unclosed", "not usable")]
    public void A_regex_the_non_backtracking_engine_cannot_take_is_refused_at_its_position(string regex, string messagePart)
    {
        var content = PackWith(Rule("re1", "pattern", $"regex: '{regex}'"));
        var error = SingleError(content);
        AssertAt(error, content, "'" + regex, "re1", "regex is not usable");
        Assert.Contains(messagePart, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Allowlist_patterns_are_non_backtracking_too()
    {
        var content = PackWith("  - id: al\n    kind: allowlist\n    section: s\n    category: pii\n    values: [x]\n    patterns: ['(x)\\1']\n    appliesTo: [pii]\n");
        AssertAt(SingleError(content), content, "'(x)", "al", "regex is not usable");
    }

    [Fact]
    public void An_allowlist_with_only_patterns_loads()
    {
        var pack = Load(PackWith(
            Rule("r1", "terms", "terms: [hotline]"),
            "  - id: al\n    kind: allowlist\n    section: s\n    category: allowed\n    patterns: ['acme hotline']\n    appliesTo: [confidential]\n"));
        Assert.Equal(Severity.Allow, Check(pack, "Ruf die ACME Hotline an"));
    }

    [Fact]
    public void A_regex_longer_than_the_limit_is_refused()
    {
        var content = PackWith(Rule("re1", "pattern", $"regex: '{new string('a', 2001)}'"));
        AssertAt(SingleError(content), content, "'aaa", "re1", "longer than 2000");
    }

    [Fact]
    public void A_pattern_rule_needs_exactly_one_of_detector_and_regex()
    {
        var neither = PackWith(Rule("p1", "pattern", "input: original"));
        Assert.Contains("either 'detector' or 'regex'", SingleError(neither).Message, StringComparison.Ordinal);
        var both = PackWith(Rule("p1", "pattern", "regex: 'a'\ndetector: iban"));
        Assert.Contains("either 'detector' or 'regex'", SingleError(both).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_detector_is_an_error()
    {
        var content = PackWith(Rule("p1", "pattern", "detector: no-such-thing"));
        AssertAt(SingleError(content), content, "no-such-thing", "p1", "unknown detector 'no-such-thing'");
    }

    [Fact]
    public void An_unknown_placeholder_is_an_error()
    {
        var content = PackWith(Rule("r1", "terms", "terms: ['im Namen von {firma}']"));
        AssertAt(SingleError(content), content, "'im Namen", "r1", "placeholder '{firma}' names no list");
    }

    [Fact]
    public void An_attachment_rule_needs_something_to_look_for()
    {
        var content = PackWith(Rule("a1", "attachment", "gps: false"));
        AssertAt(SingleError(content), content, "id: a1", "a1", "needs gps, licenses, altTextMissing, rights, recognizedWords or unread");
    }

    [Fact]
    public void Several_errors_in_one_pack_are_all_reported()
    {
        var content = PackWith(
            Rule("bad.kind", "termz", "terms: [a]"),
            Rule("good", "terms", "terms: [a]"),
            Rule("bad.key", "terms", "terms: [a]\ncolour: red"),
            Rule("bad.section", "terms", "terms: [a]", section: "nope"),
            Rule("bad.severity", "terms", "terms: [a]", severity: "critical"),
            Rule("good", "terms", "terms: [b]")) + "overrides:\n  - rule: missing.rule\n    severity: block\n";

        var errors = Errors(content);

        Assert.Equal(["bad.kind", "bad.key", "bad.section", "bad.severity", "good", "missing.rule"], errors.Select(e => e.RuleId));
        AssertAt(errors[0], content, "termz", "bad.kind", "unknown rule kind");
        AssertAt(errors[1], content, "colour", "bad.key", "unknown key 'colour'");
        AssertAt(errors[2], content, "nope", "bad.section", "does not exist");
        AssertAt(errors[3], content, "critical", "bad.severity", "severity must be");
        AssertAt(errors[4], content, "id: good", "good", "used twice", occurrence: 2);
        AssertAt(errors[5], content, "rule: missing.rule", "missing.rule", "override names a rule that does not exist");
        var exception = Assert.Throws<PackLoadException>(() => Load(content));
        Assert.StartsWith("6 problems; first: test.yaml:", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_in_examples_are_reported_with_the_rule_errors()
    {
        var content = PackWith(Rule("r1", "terms", "terms: [a]", section: "nope")) + """
            examples:
              - text: x
                expect: maybe
              - text: y
                expect: warn
                rules: [r9]
            """;
        var errors = Errors(content);
        Assert.Equal(3, errors.Count);
        AssertAt(errors[1], content, "maybe", null, "expect must be allow, info, warn, review or block");
        AssertAt(errors[2], content, "text: y", null, "example names rule 'r9'");
    }

    // ---------------------------------------------------------------- hostile packs

    [Fact]
    public void A_pack_larger_than_one_megabyte_is_refused()
    {
        var content = Head + "\ndescription: " + new string('x', 1024 * 1024) + "\n";
        Measure("1 MB", () =>
        {
            var error = Assert.Single(Assert.Throws<PackLoadException>(() => PackSource.Parse(File, content)).Errors);
            Assert.Equal((1, 1), (error.Line, error.Column));
            Assert.Contains("larger than 1048576 bytes", error.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void The_size_limit_counts_utf8_bytes_not_characters()
    {
        // 600,000 'ä' are 600,000 chars but 1.2 MB.
        var content = Head + "\ndescription: " + new string('ä', 600_000) + "\n";
        var error = Assert.Single(Assert.Throws<PackLoadException>(() => PackSource.Parse(File, content)).Errors);
        Assert.Contains("larger than", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(65)]
    [InlineData(10_000)]
    public void Nesting_deeper_than_64_is_refused(int depth)
    {
        var content = "id: t\nversion: \"1\"\ndescription: " + new string('[', depth) + new string(']', depth) + "\n";
        Measure($"nesting {depth}", () =>
        {
            var error = Assert.Single(Assert.Throws<PackLoadException>(() => PackSource.Parse(File, content)).Errors);
            Assert.Contains("nesting deeper than 64 levels", error.Message, StringComparison.Ordinal);
            Assert.Equal(3, error.Line);
        });
    }

    [Fact]
    public void Nesting_of_block_mappings_is_counted_too()
    {
        var sb = new StringBuilder("id: t\nversion: \"1\"\n");
        for (var i = 0; i < 70; i++)
        {
            sb.Append(new string(' ', i * 2)).Append('k').Append(i).Append(":\n");
        }

        sb.Append(new string(' ', 140)).Append("leaf: x\n");
        var error = Assert.Single(Assert.Throws<PackLoadException>(() => PackSource.Parse(File, sb.ToString())).Errors);
        Assert.Contains("nesting deeper than 64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_up_to_the_limit_is_only_refused_for_the_unknown_key()
    {
        // 1 (root) + 63 sequences = 64 levels: within the limit, so the loader gets to reading the value.
        var content = "id: t\nversion: \"1\"\ntitle: " + new string('[', 63) + new string(']', 63) + "\n";
        var error = Assert.Single(Assert.Throws<PackLoadException>(() => PackSource.Parse(File, content)).Errors);
        Assert.Contains("title must be a mapping", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_yaml_alias_bomb_is_refused()
    {
        var sb = new StringBuilder("id: t\nversion: \"1\"\nlists:\n");
        sb.Append("  company: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
        var previous = "a";
        for (var i = 0; i < 9; i++)
        {
            var name = ((char)('b' + i)).ToString();
            sb.Append("  x").Append(name).Append(": &").Append(name).Append(" [")
                .AppendJoin(", ", Enumerable.Repeat("*" + previous, 9)).Append("]\n");
            previous = name;
        }

        var content = sb.ToString();
        Measure("alias bomb", () =>
        {
            var error = Assert.Single(Assert.Throws<PackLoadException>(() => PackSource.Parse(File, content)).Errors);
            AssertAt(error, content, "*a", null, "YAML aliases (*name) are not allowed");
        });
    }

    [Fact]
    public void A_single_alias_is_refused_and_a_merge_key_with_it()
    {
        var content = "id: t\nversion: \"1\"\nsections:\n  - &base\n    id: s\n    title: S\n  - <<: *base\n    id: s2\n";
        var error = Assert.Single(Assert.Throws<PackLoadException>(() => PackSource.Parse(File, content)).Errors);
        AssertAt(error, content, "*base", null, "aliases");
    }

    [Fact]
    public void A_list_of_100000_items_is_refused()
    {
        var content = Head + "\nlists:\n  products: [" + string.Join(", ", Enumerable.Range(0, 100_000).Select(i => "p" + i)) + "]\n";
        Assert.True(Encoding.UTF8.GetByteCount(content) < 1024 * 1024, "must be refused for its items, not its size");
        Measure("100,000 list items", () =>
        {
            var error = Assert.Single(Assert.Throws<PackLoadException>(() => PackSource.Parse(File, content)).Errors);
            AssertAt(error, content, "[p0", null, "products has more than 20000 items; at most 20000 are allowed");
        });
    }

    [Fact]
    public void A_rule_with_100000_terms_is_refused()
    {
        var content = PackWith(Rule("big", "terms", "terms: [" + string.Join(", ", Enumerable.Range(0, 100_000).Select(i => "t" + i)) + "]"));
        Assert.True(Encoding.UTF8.GetByteCount(content) < 1024 * 1024, "must be refused for its items, not its size");
        Measure("100,000 terms", () =>
        {
            var error = SingleError(content);
            AssertAt(error, content, "[t0", "big", "terms has more than 20000 items; at most 20000 are allowed");
        });
    }

    [Fact]
    public void More_than_60000_terms_across_a_pack_are_refused()
    {
        var rules = Enumerable.Range(0, 4)
            .Select(r => Rule("r" + r, "terms", "terms: [" + string.Join(", ", Enumerable.Range(0, 16_000).Select(i => $"t{r}x{i}")) + "]"))
            .ToArray();
        var content = PackWith(rules);
        Measure("64,000 terms in 4 rules", () =>
        {
            var error = SingleError(content);
            Assert.Equal("r3", error.RuleId);
            Assert.Contains("more than 60000 terms", error.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Stricter_limits_can_be_passed_in()
    {
        var limits = new PackLimits { MaxBytes = 100 };
        var error = Assert.Single(Assert.Throws<PackLoadException>(() => PackSource.Parse(File, PackWith(Rule("r1", "terms", "terms: [a]")), limits)).Errors);
        Assert.Contains("larger than 100 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_self_referencing_placeholder_is_refused()
    {
        var content = Head + "\nlists:\n  company: ['{company}']\nrules:\n" + Rule("r1", "terms", "terms: ['{company}']");
        var error = Assert.Single(Assert.Throws<PackLoadException>(() => PackSource.Parse(File, content)).Errors);
        Assert.Contains("may not contain", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 10_000)]
    public async Task A_combinatorial_placeholder_is_refused_before_it_is_expanded()
    {
        var content = Head + "\nlists:\n  products: [" + string.Join(", ", Enumerable.Range(0, 20_000).Select(i => "p" + i)) + "]\nrules:\n"
            + Rule("r1", "terms", "terms: ['{products} {products}']");
        var error = await Task.Run(() => SingleError(content), TestContext.Current.CancellationToken);
        Assert.Contains("more than 60000 terms", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_numeric_gps_coordinate_in_an_example_is_a_pack_error()
    {
        var content = PackWith(Rule("r1", "terms", "terms: [a]")) + "examples:\n  - text: x\n    expect: allow\n    attachments: [{ gps: { lat: abc, lon: 1 } }]\n";
        AssertAt(SingleError(content), content, "abc", null, "lat");
    }

    [Theory]
    [InlineData("lat: 91, lon: 1", "91")]
    [InlineData("lat: 1, lon: -180.5", "-180.5")]
    public void A_gps_coordinate_out_of_range_is_a_pack_error(string gps, string needle)
    {
        var content = PackWith(Rule("r1", "terms", "terms: [a]")) + "examples:\n  - text: x\n    expect: allow\n    attachments: [{ gps: { " + gps + " } }]\n";
        AssertAt(SingleError(content), content, needle, null, "must be a number from");
    }

    [Fact]
    public void List_values_are_inserted_literally()
    {
        var content = Head + "\nlists:\n  company: ['A.B (C)']\nrules:\n" + Rule("r1", "terms", "terms: ['{company}+', 'x {company} y']");
        var terms = ((Policy.Core.Rules.TermsRule)Load(content).Rules[0]).Terms.Terms.Select(t => t.Term);
        Assert.Equal(["a.b (c)+", "x a.b (c) y"], terms);
    }

    // ---------------------------------------------------------------- JSON, extends, overrides, placeholders

    [Fact]
    public void A_pack_in_json_syntax_loads()
    {
        const string json = """
            {
            	"id": "json-pack",
            	"version": "2",
            	"sections": [ { "id": "s", "title": { "de": "S", "en": "S" } } ],
            	"rules": [
            		{
            			"id": "j1", "kind": "terms", "section": "s", "category": "confidential", "severity": "block",
            			"message": "M", "suggestion": "S", "terms": ["geheim", { "term": "top secret", "endings": "none" }]
            		},
            		{
            			"id": "j2", "kind": "proximity", "section": "s", "category": "confidential", "severity": "warn",
            			"message": "M", "suggestion": "S", "anchor": ["umsatz"], "alone": false,
            			"near": [ { "terms": ["vorab"], "within": 3, "severity": "review" } ]
            		}
            	],
            	"examples": [ { "text": "Das ist geheim", "expect": "block", "rules": ["j1"], "replyToComplaint": false } ]
            }
            """;
        var pack = PackCompiler.Compile(PackSource.Parse("pack.json", json), _ => null);
        Assert.Equal("json-pack", pack.Id);
        Assert.Equal(["j1", "j2"], pack.Rules.Select(r => r.Id));
        Assert.All(PackExamples.Run(pack), r => Assert.True(r.Passed, r.ToString()));
        Assert.Equal(Severity.Review, Check(pack, "Umsatz vorab"));
        Assert.Equal(Severity.Allow, Check(pack, "Umsatz"));
    }

    [Fact]
    public void A_json_error_names_the_line_and_column()
    {
        const string json = "{\n  \"id\": \"j\",\n  \"version\": \"1\",\n  \"sektionen\": []\n}";
        var error = Assert.Single(Assert.Throws<PackLoadException>(() => PackSource.Parse("pack.json", json)).Errors);
        Assert.Equal(("pack.json", 4, 3), (error.File, error.Line, error.Column));
        Assert.Contains("unknown key 'sektionen'", error.Message, StringComparison.Ordinal);
    }

    private const string Base = """
        id: base
        version: "1"
        lists:
          competitors: [Mitbewerb AG]
        sections:
          - id: secrets
            title: Geheimnisse
          - id: private
            title: Privat
        rules:
          - id: base.secret
            kind: terms
            section: secrets
            category: confidential
            severity: review
            message: M
            suggestion: S
            terms: [Geheimnis]
          - id: base.codenames
            kind: terms
            section: secrets
            category: confidential
            severity: block
            message: "Codename {entity}"
            suggestion: S
            lists: [codenames]
          - id: base.behalf
            kind: terms
            section: private
            category: spokesperson
            severity: warn
            message: M
            suggestion: S
            terms: ["im Namen von {company}"]
          - id: base.competitors
            kind: terms
            section: private
            category: competition
            severity: warn
            message: M
            suggestion: S
            lists: [competitors]
        """;

    private const string Company = """
        id: acme
        version: "3"
        extends: base
        lists:
          company: [ACME GmbH, Acme]
          codenames: [Falke]
          competitors: [Rivale SE]
        sections:
          - id: private
            title: Privat bei ACME
          - id: acme-extra
            title: ACME
        rules:
          - id: acme.internal
            kind: terms
            section: acme-extra
            category: confidential
            severity: info
            message: M
            suggestion: S
            terms: [intern]
        overrides:
          - rule: base.secret
            severity: block
          - rule: base.competitors
            enabled: false
        """;

    private static Func<string, PackSource?> Resolver(params string[] packs)
    {
        var sources = packs.Select(p => PackSource.Parse("base.yaml", p)).ToDictionary(s => s.Id);
        return id => sources.GetValueOrDefault(id);
    }

    [Fact]
    public void Extends_merges_lists_and_sections_and_overrides_change_base_rules()
    {
        var pack = Load(Company, Resolver(Base));

        Assert.Equal(["base", "acme"], pack.Chain);
        Assert.Equal(["secrets", "private", "acme-extra"], pack.Sections.Select(s => s.Id));
        Assert.Equal("Privat bei ACME", pack.Sections[1].Title.De);
        Assert.Equal(["Mitbewerb AG", "Rivale SE"], pack.Lists["competitors"]);
        Assert.Equal(["ACME GmbH", "Acme"], pack.Lists["company"]);

        Assert.Equal(["base.secret", "base.codenames", "base.behalf", "acme.internal"], pack.Rules.Select(r => r.Id));
        Assert.Equal(Severity.Block, pack.Rules[0].Severity);
        Assert.Equal("Privat bei ACME", pack.Rules[2].Section.Title.De);

        Assert.Equal(Severity.Block, Check(pack, "Das Geheimnis bleibt unter uns."));
        Assert.Equal(Severity.Block, Check(pack, "Bald kommt Falke!"));
        Assert.Equal(Severity.Allow, Check(pack, "Rivale SE ist auch gut."));
        Assert.Equal(Severity.Info, Check(pack, "Nur intern."));

        var alone = Load(Base);
        Assert.Equal(Severity.Review, Check(alone, "Das Geheimnis bleibt unter uns."));
        Assert.Equal(Severity.Warn, Check(alone, "Rivale SE? Nein: Mitbewerb AG."));
        Assert.Equal(Severity.Allow, Check(alone, "Bald kommt Falke!"));
    }

    [Fact]
    public void The_placeholder_company_expands_to_every_company_name()
    {
        var pack = Load(Company, Resolver(Base));
        var rule = pack.Rules.Single(r => r.Id == "base.behalf");
        var terms = ((Policy.Core.Rules.TermsRule)rule).Terms.Terms.Select(t => t.Term);
        Assert.Equal(["im namen von acme gmbh", "im namen von acme"], terms);

        var result = CheckEngine.Check(pack, CheckRequest.Private("Ich spreche hier im Namen von ACME GmbH."));
        var finding = Assert.Single(result.Findings);
        Assert.Equal(("base.behalf", Severity.Warn), (finding.RuleId, finding.Severity));
        Assert.Equal("im Namen von ACME GmbH", result.Findings[0].Evidence);

        // Without a company list the placeholder expands to nothing, so the base alone never fires.
        Assert.Equal(Severity.Allow, Check(Load(Base), "im Namen von ACME GmbH"));
    }

    [Fact]
    public void Several_placeholders_in_one_term_expand_to_every_combination()
    {
        var content = Head + "\nlists:\n  company: [A, B]\n  products: [X, Y]\nrules:\n" + Rule("r1", "terms", "terms: ['{company} {products}']");
        var terms = ((Policy.Core.Rules.TermsRule)Load(content).Rules[0]).Terms.Terms.Select(t => t.Term);
        Assert.Equal(["a x", "a y", "b x", "b y"], terms);
    }

    [Fact]
    public void An_override_naming_a_missing_rule_is_an_error()
    {
        var content = Company.Replace("rule: base.competitors", "rule: base.competitor", StringComparison.Ordinal);
        var error = SingleError(content, Resolver(Base));
        AssertAt(error, content, "rule: base.competitor", "base.competitor", "override names a rule that does not exist");
    }

    [Fact]
    public void An_override_may_not_set_an_unknown_severity()
    {
        var content = Company.Replace("severity: block", "severity: fatal", StringComparison.Ordinal);
        var error = Assert.Single(Assert.Throws<PackLoadException>(() => PackSource.Parse(File, content)).Errors);
        AssertAt(error, content, "fatal", null, "severity must be info, warn, review or block");
    }

    [Fact]
    public void A_company_rule_may_not_reuse_a_base_rule_id()
    {
        var content = Company.Replace("id: acme.internal", "id: base.secret", StringComparison.Ordinal);
        var error = SingleError(content, Resolver(Base));
        AssertAt(error, content, "id: base.secret", "base.secret", "used twice (change a base rule with 'overrides')");
    }

    [Fact]
    public void Extending_a_missing_pack_is_an_error()
    {
        var error = SingleError(Company, _ => null);
        Assert.Equal(File, error.File);
        Assert.Contains("extends 'base', but no such pack is loaded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_circular_extends_chain_is_an_error()
    {
        var a = PackSource.Parse("a.yaml", "id: a\nversion: \"1\"\nextends: b\n");
        var b = PackSource.Parse("b.yaml", "id: b\nversion: \"1\"\nextends: a\n");
        var packs = new Dictionary<string, PackSource> { ["a"] = a, ["b"] = b };
        var error = Assert.Single(Assert.Throws<PackLoadException>(() => PackCompiler.Compile(a, id => packs.GetValueOrDefault(id))).Errors);
        Assert.Contains("circular", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_in_a_base_pack_name_the_base_file()
    {
        var broken = Base.Replace("section: secrets\n    category: confidential\n    severity: review", "section: secretz\n    category: confidential\n    severity: review", StringComparison.Ordinal);
        Assert.NotEqual(Base, broken);
        var errors = Errors(Company, Resolver(broken));
        var error = errors[0];
        Assert.Equal(("base.yaml", "base.secret"), (error.File, error.RuleId));
        Assert.Single(errors); // the root alone: the company's override of the rule that did not compile adds none
        Assert.Equal(At(broken, "secretz"), (error.Line, error.Column));
    }

    [Fact]
    public void Only_the_pack_s_own_examples_are_compiled()
    {
        var withExample = Base + "\nexamples:\n  - text: Geheimnis\n    expect: review\n";
        var company = Load(Company, Resolver(withExample));
        Assert.Empty(company.Examples);
        Assert.Single(Load(withExample).Examples);
    }

    // ---------------------------------------------------------------- when, alone, must-contain, allowlist

    [Fact]
    public void When_as_a_mapping_needs_every_condition_and_as_a_list_any()
    {
        var all = Load(PackWith(Rule("r1", "terms", "terms: [geheim]\nwhen: { account: corporate, language: de }")));
        var any = Load(PackWith(Rule("r1", "terms", "terms: [geheim]\nwhen: [{ account: corporate }, { language: de }]")));
        var corporateEn = CheckRequest.Private("geheim") with { Account = AccountKind.Corporate, Language = "en" };
        var privateDe = CheckRequest.Private("geheim", "de");

        Assert.Equal(Severity.Allow, CheckEngine.Check(all, corporateEn).Decision);
        Assert.Equal(Severity.Allow, CheckEngine.Check(all, privateDe).Decision);
        Assert.Equal(Severity.Warn, CheckEngine.Check(all, corporateEn with { Language = "de" }).Decision);
        Assert.Equal(Severity.Warn, CheckEngine.Check(any, corporateEn).Decision);
        Assert.Equal(Severity.Warn, CheckEngine.Check(any, privateDe).Decision);
        Assert.Equal(Severity.Allow, CheckEngine.Check(any, privateDe with { Language = "en" }).Decision);
    }

    [Fact]
    public void Proximity_first_near_group_wins_and_alone_false_stays_silent()
    {
        var pack = Load(PackWith(Rule("p1", "proximity", """
            anchor: [Umsatz]
            alone: false
            near:
              - { terms: [Geschäftsbericht], within: 6, severity: none }
              - { terms: [vorab, Veröffentlichung], within: 4, severity: block }
            """)));
        Assert.Equal(Severity.Allow, Check(pack, "Der Umsatz steigt."));
        Assert.Equal(Severity.Block, Check(pack, "Den Umsatz gibt es vorab."));
        Assert.Equal(Severity.Allow, Check(pack, "Den Umsatz gibt es vorab im Geschäftsbericht."));
        Assert.Equal(Severity.Allow, Check(pack, "Umsatz eins zwei drei vier fünf sechs vorab."));

        var alone = Load(PackWith(Rule("p1", "proximity", "anchor: [Umsatz]\nnear: [{ terms: [vorab], severity: block }]", severity: "info")));
        Assert.Equal(Severity.Info, Check(alone, "Der Umsatz steigt."));
    }

    [Fact]
    public void Must_contain_fires_on_the_trigger_unless_a_required_phrase_is_present()
    {
        var pack = Load(PackWith(Rule("m1", "must-contain", """
            trigger: [ACME]
            near: [empfehle, bewerbt]
            within: 3
            require: [meine Meinung]
            insert: { de: "(Meine Meinung)", en: "(My own views)" }
            """)));
        var result = CheckEngine.Check(pack, CheckRequest.Private("Ich empfehle ACME!", "de"));
        Assert.Equal("(Meine Meinung)", Assert.Single(result.Findings).Insert);
        Assert.Equal(Severity.Allow, Check(pack, "Ich empfehle ACME, meine Meinung."));
        Assert.Equal(Severity.Allow, Check(pack, "ACME war heute in der Zeitung."));
    }

    [Fact]
    public void An_allowlist_drops_findings_of_its_categories_inside_allowed_values()
    {
        var pack = Load(PackWith(
            Rule("r1", "terms", "terms: [hotline]"),
            "  - id: al\n    kind: allowlist\n    section: s\n    category: allowed\n    values: [ACME Hotline]\n    appliesTo: [confidential]\n"));
        Assert.Equal(Severity.Allow, Check(pack, "Ruf die ACME Hotline an"));
        Assert.Equal(Severity.Warn, Check(pack, "Ruf die Hotline an"));
    }

    // ---------------------------------------------------------------- term matching through the engine

    private static CompiledPack TermPack(string terms) => Load(PackWith(Rule("t", "terms", terms)));

    [Theory]
    [InlineData("Das ist ein Arsch.", Severity.Warn)]
    [InlineData("ARSCH!", Severity.Warn)]
    [InlineData("Marschmallow schmeckt.", Severity.Allow)]
    [InlineData("Wir marschieren.", Severity.Allow)]
    [InlineData("Arschloch", Severity.Allow)]
    public void A_word_term_never_fires_inside_another_word(string text, Severity expected) =>
        Assert.Equal(expected, Check(TermPack("terms: [arsch]"), text));

    [Theory]
    [InlineData("Ein Geheimnis.", Severity.Warn)]
    [InlineData("Zwei Geheimnisse.", Severity.Warn)]
    [InlineData("Des Geheimnisses wegen.", Severity.Warn)]
    [InlineData("Geheimniskrämer", Severity.Allow)]
    public void A_word_term_takes_the_default_inflection_endings(string text, Severity expected) =>
        Assert.Equal(expected, Check(TermPack("terms: [Geheimnis]"), text));

    [Fact]
    public void Endings_none_or_a_custom_list_replace_the_default_endings()
    {
        Assert.Equal(Severity.Allow, Check(TermPack("terms: [Geheimnis]\nendings: none"), "Zwei Geheimnisse."));
        Assert.Equal(Severity.Warn, Check(TermPack("terms: [Geheimnis]\nendings: none"), "Ein Geheimnis."));
        Assert.Equal(Severity.Warn, Check(TermPack("terms: [leak]\nendings: [ed]"), "It leaked."));
        Assert.Equal(Severity.Allow, Check(TermPack("terms: [leak]\nendings: [ed]"), "It is leaking."));
        Assert.Equal(Severity.Warn, Check(TermPack("terms: [leak]\nendings: default"), "It is leaking."));
        Assert.Equal(Severity.Allow, Check(TermPack("terms: [{ term: Geheimnis, endings: none }]"), "Zwei Geheimnisse."));
    }

    [Theory]
    [InlineData("terms: [Projekt Falke]", "Start von #ProjektFalke", Severity.Allow)]
    [InlineData("terms: [Projekt Falke]", "Start von Projekt Falke", Severity.Warn)]
    [InlineData("terms: [Projekt Falke]\nmatch: hashtag", "Start von #ProjektFalke", Severity.Warn)]
    [InlineData("terms: [{ term: Projekt Falke, match: hashtag }]", "Start von #ProjektFalke", Severity.Warn)]
    [InlineData("terms: [Projekt Falke]\nmatch: hashtag", "Start von Projekt Falke", Severity.Warn)]
    [InlineData("terms: [Projekt Falke]\nmatch: hashtag", "Start von ProjektFalke", Severity.Warn)]
    [InlineData("terms: [Falke]\nmatch: hashtag", "Start von #ProjektFalke", Severity.Warn)]
    [InlineData("terms: [Falke]\nmatch: hashtag", "Der Projektfalke fliegt", Severity.Allow)]
    [InlineData("terms: [Falke]", "Der Projektfalke fliegt", Severity.Allow)]
    [InlineData("terms: [Falke]\nmatch: compound", "Der Projektfalke fliegt", Severity.Warn)]
    [InlineData("terms: [Falke]\nmatch: compound", "Falkenstart", Severity.Warn)]
    [InlineData("terms: [ghp_]\nmatch: substring", "token xghp_abc", Severity.Warn)]
    [InlineData("terms: [ghp_]", "token xghp_abc", Severity.Allow)]
    public void Compound_hashtag_and_substring_matching_are_opt_in(string terms, string text, Severity expected) =>
        Assert.Equal(expected, Check(TermPack(terms), text));

    [Theory]
    [InlineData("Das ist streng vertraulich.")]
    [InlineData("Das ist streng\n   vertraulich.")]
    [InlineData("Das ist STRENG\tVertraulich.")]
    [InlineData("Das ist streng\u00A0vertraulich.")]
    public void A_multiword_term_matches_across_any_whitespace(string text) =>
        Assert.Equal(Severity.Warn, Check(TermPack("terms: [streng vertraulich]"), text));

    [Theory]
    [InlineData("V E R T R A U L I C H")]
    [InlineData("vertr\u0430ulich")]
    [InlineData("ver\u200Btraulich")]
    [InlineData("Geschaeftsgeheimnis und vertraulich")]
    public void Terms_match_after_normalization(string text) =>
        Assert.Equal(Severity.Warn, Check(TermPack("terms: [vertraulich]"), text));

    [Fact]
    public void Umlauts_in_terms_and_texts_fold_alike()
    {
        var pack = TermPack("terms: [Geschäftsgeheimnis]");
        Assert.Equal(Severity.Warn, Check(pack, "Ein Geschaeftsgeheimnis"));
        Assert.Equal(Severity.Warn, Check(pack, "Ein GESCHÄFTSGEHEIMNIS"));
    }

    [Fact]
    public void The_decision_is_the_highest_severity()
    {
        var pack = Load(PackWith(
            Rule("i", "terms", "terms: [eins]", severity: "info"),
            Rule("w", "terms", "terms: [zwei]", severity: "warn"),
            Rule("r", "terms", "terms: [drei]", severity: "review"),
            Rule("b", "terms", "terms: [vier]", severity: "block")));
        Assert.Equal(Severity.Allow, Check(pack, "null"));
        Assert.Equal(Severity.Info, Check(pack, "eins"));
        Assert.Equal(Severity.Review, Check(pack, "eins zwei drei"));
        Assert.Equal(Severity.Block, Check(pack, "vier eins"));
    }
}
