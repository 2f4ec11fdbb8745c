using Policy.Core.Checking;
using Policy.Core.Decision;
using Policy.Core.Model;
using Policy.Core.Packs;

namespace Policy.Core.Tests.Packs;

/// <summary>
/// A list value with a context (<c>{ value: Falke, context: { near: [...], within: 8 } }</c>): a code
/// name that is also an ordinary word counts only near project words. Loading with its errors,
/// matching in every rule kind that reads lists, merging with <c>extends</c> and overrides, and the
/// diff.
/// </summary>
public sealed class ListValueContextTests
{
    private const string File = "acme.yaml";

    private const string Base = """
        id: base
        version: "1"
        sections:
          - id: secrets
            title: Geheimnisse
        rules:
          - id: base.codenames
            kind: terms
            section: secrets
            category: confidential
            severity: review
            lists: [codenames]
            match: hashtag
            message: Codename
            suggestion: S
          - id: base.behalf
            kind: terms
            section: secrets
            category: spokesperson
            severity: warn
            terms: ["im Namen von {company}", "on behalf of {company}"]
            message: M
            suggestion: S
          - id: base.customer-contract
            kind: co-occurrence
            section: secrets
            category: confidential
            severity: warn
            all:
              - { lists: [customers] }
              - [Vertrag, contract]
            message: M
            suggestion: S
        """;

    private const string Falke = "{ value: Falke, context: { near: [Projekt, Launch, Prototyp, project], within: 8 } }";

    private static Func<string, PackSource?> Resolver() =>
        id => id == "base" ? PackSource.Parse("base.yaml", Base) : null;

    private static CompiledPack Load(string content) => PackCompiler.Compile(PackSource.Parse(File, content), Resolver());

    private static string Company(string body) => "id: acme\nversion: \"1\"\nextends: base\n" + body;

    private static CompiledPack Codenames(string values) => Load(Company("lists:\n  codenames: " + values + "\n"));

    private static IReadOnlyList<Finding> Findings(CompiledPack pack, string rule, string text, string language = "auto") =>
        [.. CheckEngine.Check(pack, CheckRequest.Private(text) with { Language = language }).Findings.Where(f => f.RuleId == rule)];

    private static bool Fires(CompiledPack pack, string rule, string text) => Findings(pack, rule, text).Count > 0;

    private static (int Line, int Column) At(string content, string needle)
    {
        var index = content.IndexOf(needle, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{needle}' not in the test pack");
        return (1 + content.AsSpan(0, index).Count('\n'), index - (content.LastIndexOf('\n', Math.Max(0, index - 1)) + 1) + 1);
    }

    // ---------------------------------------------------------------- matching

    [Theory]
    [InlineData("Der Falke kreist über dem Feld.", false)]
    [InlineData("Ein Falke über dem Feld, und erst viel später, nach vielen weiteren Worten hier, das Projekt.", false)]
    [InlineData("Der Prototyp von Falke läuft.", true)]
    [InlineData("Falke geht nächste Woche in den Launch.", true)]
    [InlineData("Die Projekte laufen, Falke auch.", true)]
    [InlineData("Falkes Projektplan ist fertig.", false)]
    [InlineData("#Falke kommt bald, das Projekt ist fast fertig.", true)]
    public void A_value_with_a_context_counts_only_near_one_of_its_words_in_German(string text, bool fires)
    {
        var pack = Codenames("[Kestrel, " + Falke + "]");
        Assert.Equal(fires, Fires(pack, "base.codenames", text));
    }

    [Theory]
    [InlineData("A falcon? No, a Falke, the German word for it.", false)]
    [InlineData("The Falke project ships next quarter.", true)]
    [InlineData("Our new project, code name Falke, is on track.", true)]
    public void A_value_with_a_context_counts_only_near_one_of_its_words_in_English(string text, bool fires)
    {
        var pack = Codenames("[" + Falke + "]");
        Assert.Equal(fires, Fires(pack, "base.codenames", text));
        Assert.Equal(fires, Findings(pack, "base.codenames", text, "en").Count > 0);
    }

    [Theory]
    [InlineData("Falke eins zwei Projekt", true)] // the next word is 1 away, the near word 3
    [InlineData("Falke eins zwei drei Projekt", false)] // 4 away
    [InlineData("Projekt eins zwei Falke", true)] // and before it
    [InlineData("Projekt eins zwei drei Falke", false)]
    public void The_reach_is_counted_in_words_on_either_side(string text, bool fires)
    {
        var pack = Codenames("[{ value: Falke, context: { near: [Projekt], within: 3 } }]");
        Assert.Equal(fires, Fires(pack, "base.codenames", text));
    }

    [Fact]
    public void Among_many_occurrences_only_those_within_reach_of_a_near_word_count()
    {
        var pack = Codenames("[{ value: Falke, context: { near: [Projekt], within: 2 } }]");
        var twenty = string.Join(' ', Enumerable.Repeat("Falke", 20));
        var text = "Projekt " + twenty + " Projekt " + twenty;

        var findings = Findings(pack, "base.codenames", text);

        // Two after the first near word, two before and two after the second.
        var words = findings.Select(f => text[..f.Start].Split(' ', StringSplitOptions.RemoveEmptyEntries).Length + 1).ToList();
        Assert.Equal([2, 3, 20, 21, 23, 24], words);
    }

    [Fact]
    public void A_value_without_within_reaches_eight_words()
    {
        var pack = Codenames("[{ value: Falke, context: { near: [Projekt] } }]");
        Assert.True(Fires(pack, "base.codenames", "Falke eins zwei drei vier fünf sechs sieben Projekt"));
        Assert.False(Fires(pack, "base.codenames", "Falke eins zwei drei vier fünf sechs sieben acht Projekt"));
    }

    [Fact]
    public void Plain_values_of_the_same_list_are_unaffected()
    {
        var pack = Codenames("[Kestrel, " + Falke + ", Projekt Reiher]");
        Assert.True(Fires(pack, "base.codenames", "Kestrel ist ein schöner Name."));
        Assert.True(Fires(pack, "base.codenames", "Bald startet #ProjektReiher!"));
        Assert.False(Fires(pack, "base.codenames", "Ein Falke."));
    }

    [Theory]
    [InlineData("Der Pr0t0typ von F4lke läuft.")] // leetspeak, in the value and in the near word
    [InlineData("Die PROTOTYPEN von FALKE laufen.")] // case and an ending of the near word
    [InlineData("Der Proto\u200Btyp von Fal\u200Bke läuft.")] // invisible characters
    [InlineData("P r o t o t y p  Falke")] // spaced-out letters
    public void The_value_and_its_near_words_are_folded_like_every_other_term(string text)
    {
        var pack = Codenames("[" + Falke + "]");
        Assert.True(Fires(pack, "base.codenames", text));
    }

    [Fact]
    public void Near_words_are_folded_like_terms_umlauts_included()
    {
        var pack = Codenames("[{ value: Orion, context: { near: [Markteinführung], within: 4 } }]");
        Assert.True(Fires(pack, "base.codenames", "Orion: Markteinfuehrung im Mai."));
        Assert.True(Fires(pack, "base.codenames", "Orion: MARKTEINFÜHRUNG im Mai."));
        Assert.False(Fires(pack, "base.codenames", "Orion steht am Himmel."));
    }

    [Fact]
    public void A_near_word_inside_the_value_itself_does_not_count()
    {
        var pack = Codenames("[{ value: Projekt Orion, context: { near: [Projekt, Launch], within: 4 } }]");
        Assert.False(Fires(pack, "base.codenames", "Projekt Orion, ein Sternbild."));
        Assert.True(Fires(pack, "base.codenames", "Launch von Projekt Orion."));
    }

    [Fact]
    public void The_finding_and_its_evidence_are_the_value_as_for_any_term()
    {
        var pack = Codenames("[" + Falke + "]");
        const string text = "Der Prototyp von Falke läuft.";
        var finding = Assert.Single(Findings(pack, "base.codenames", text));
        Assert.Equal("Falke", text.Substring(finding.Start, finding.Length));
        Assert.Equal(Severity.Review, finding.Severity);
    }

    [Fact]
    public void Near_words_may_set_their_matching_like_a_term_set()
    {
        var pack = Codenames("[{ value: Orion, context: { near: { terms: [Start, { term: go, match: word, endings: none }], match: compound }, within: 3 } }]");
        Assert.True(Fires(pack, "base.codenames", "Orion: Serienstart im Mai.")); // compound: "start" inside a word
        Assert.True(Fires(pack, "base.codenames", "Orion go!"));
        Assert.False(Fires(pack, "base.codenames", "Orion goes bright.")); // no endings for "go"
    }

    [Fact]
    public void A_placeholder_filled_with_a_value_carries_its_context()
    {
        var pack = Load(Company("""
            lists:
              company: [ACME, { value: Kranich, context: { near: [Firma, Arbeitgeber, employer], within: 6 } }]
            """));
        Assert.True(Fires(pack, "base.behalf", "Ich spreche im Namen von ACME."));
        Assert.False(Fires(pack, "base.behalf", "Ich spreche im Namen von Kranich, dem Vogel."));
        Assert.True(Fires(pack, "base.behalf", "Ich spreche im Namen von Kranich, meinem Arbeitgeber."));
    }

    [Fact]
    public void Other_kinds_that_read_lists_count_the_value_only_in_its_context()
    {
        var pack = Load(Company("""
            lists:
              customers: [{ value: Hansa, context: { near: [Kunde, customer, Auftrag], within: 5 } }]
            """));
        Assert.False(Fires(pack, "base.customer-contract", "Die Hansa-Zeit und ihr Vertrag von Stralsund."));
        Assert.True(Fires(pack, "base.customer-contract", "Unser Kunde Hansa hat den Vertrag unterschrieben."));
    }

    // ---------------------------------------------------------------- extends and overrides

    [Fact]
    public void A_base_value_keeps_its_context_unless_the_company_pack_lists_it_again()
    {
        const string guideline = "id: mid\nversion: \"1\"\nextends: base\nlists:\n  codenames: [" + Falke + "]\n";
        PackSource? Resolve(string id) => id switch
        {
            "base" => PackSource.Parse("base.yaml", Base),
            "mid" => PackSource.Parse("mid.yaml", guideline),
            _ => null,
        };

        CompiledPack On(string codenames) => PackCompiler.Compile(
            PackSource.Parse(File, "id: acme\nversion: \"1\"\nextends: mid\nlists:\n  codenames: " + codenames + "\n"), Resolve);

        var added = On("[Kestrel]");
        Assert.False(Fires(added, "base.codenames", "Ein Falke."));
        Assert.True(Fires(added, "base.codenames", "Projekt Falke läuft."));
        Assert.Equal(["Falke", "Kestrel"], added.Lists["codenames"]);

        var plain = On("[Falke]");
        Assert.True(Fires(plain, "base.codenames", "Ein Falke."));

        var other = On("[{ value: Falke, context: { near: [Flugshow], within: 3 } }]");
        Assert.True(Fires(other, "base.codenames", "Falke bei der Flugshow."));
        Assert.False(Fires(other, "base.codenames", "Projekt Falke läuft."));
    }

    [Fact]
    public void An_override_adds_the_list_with_its_contexts_and_removes_a_value_by_its_value()
    {
        var pack = Load(Company("""
            lists:
              codenames: [Kestrel, { value: Falke, context: { near: [Projekt], within: 4 } }]
              products: [{ value: Orion, context: { near: [Maschine], within: 4 } }]
            overrides:
              - rule: base.codenames
                addTerms: { lists: [products] }
                removeTerms: [Falke]
            """));
        Assert.False(Fires(pack, "base.codenames", "Projekt Falke läuft."));
        Assert.True(Fires(pack, "base.codenames", "Kestrel läuft."));
        Assert.False(Fires(pack, "base.codenames", "Orion am Himmel."));
        Assert.True(Fires(pack, "base.codenames", "Die Maschine Orion läuft."));
    }

    [Fact]
    public void Values_that_share_their_context_share_one_set_of_near_words()
    {
        var one = Codenames("[" + Falke + "]");
        var three = Codenames("[" + Falke + ", " + Falke.Replace("Falke", "Reiher", StringComparison.Ordinal) + ", " + Falke.Replace("Falke", "Kranich", StringComparison.Ordinal) + "]");
        Assert.Same(three.Lists.ContextOf("codenames", "Falke"), three.Lists.ContextOf("codenames", "Kranich"));
        Assert.Equal(one.TermPatternCount + 2, three.TermPatternCount);
    }

    // ---------------------------------------------------------------- errors

    public static TheoryData<string, string, string> Malformed() => new()
    {
        { "codenames: [{ value: Falke, context: { within: 5 } }]", "{ within", "the context of 'Falke' needs 'near': the words of which one must stand within 'within' words of the value" },
        { "codenames: [{ vlaue: Falke }]", "vlaue", "unknown key 'vlaue' in a list value; allowed: value, context; did you mean 'value'?" },
        { "codenames: [{ context: { near: [Projekt] } }]", "{ context", "a list value needs 'value'" },
        { "codenames: [{ value: Falke, context: { near: [Projekt], whithin: 5 } }]", "whithin", "did you mean 'within'?" },
        { "codenames: [{ value: Falke, context: { near: [Projekt], within: 0 } }]", "0 }", "within must be a whole number from 1 to 100, not '0'" },
        { "codenames: [{ value: Falke, context: { near: [Projekt], within: 101 } }]", "101", "within must be a whole number from 1 to 100, not '101'" },
        { "codenames: [{ value: Falke, context: { near: { lists: [products] } } }]", "lists: [p", "takes words, not lists: a list value cannot refer to lists; write the words" },
        { "codenames: [{ value: Falke, context: { near: ['{products}'] } }]", "'{products}'", "near word '{products}' may not contain '{' or '}'" },
        { "codenames: [{ value: Falke, context: { near: [Falke, Projekt] } }]", "[Falke, Projekt]", "names the value itself" },
        { "codenames: [{ value: '{Falke}' }]", "{ value", "value '{Falke}' may not contain '{' or '}'" },
        { "mailDomains: [{ value: acme.de, context: { near: [Mail] } }]", "{ value", "list mailDomains holds texts only" },
        { "codenames: [Falke, { value: Falke, context: { near: [Projekt] } }]", "{ value", "value 'Falke' is listed twice with different contexts; list it once" },
        { "codenames: [{ value: Falke, context: { near: [] } }]", "[] }", "has no word left" },
        { "codenames: [{ value: Falke, context: Projekt }]", "Projekt }", "the context of 'Falke' must be a mapping" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void A_malformed_entry_is_an_error_at_its_place_that_says_what_to_do(string list, string near, string message)
    {
        var content = "id: acme\nversion: \"1\"\nlists:\n  " + list + "\n";
        var error = Assert.Single(Assert.Throws<PackLoadException>(() => PackSource.Parse(File, content)).Errors);
        Assert.Equal((File, At(content, near)), (error.File, (error.Line, error.Column)));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unquoted_hashtag_among_the_near_words_is_an_empty_entry_that_explains_the_comment()
    {
        const string content = """
            id: acme
            version: "1"
            lists:
              codenames:
                - value: Falke
                  context:
                    near:
                      - Projekt
                      - #Launch
            """;
        var error = Assert.Single(Assert.Throws<PackLoadException>(() => PackSource.Parse(File, content)).Errors);
        Assert.Equal((File, 9), (error.File, error.Line));
        Assert.Contains("' #' starts a YAML comment", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_context_may_name_at_most_fifty_near_words()
    {
        var words = string.Join(", ", Enumerable.Range(0, 51).Select(i => "w" + i));
        var content = "id: acme\nversion: \"1\"\nlists:\n  codenames: [{ value: Falke, context: { near: [" + words + "] } }]\n";
        var error = Assert.Single(Assert.Throws<PackLoadException>(() => PackSource.Parse(File, content)).Errors);
        Assert.Equal(At(content, "[w0"), (error.Line, error.Column));
        Assert.Contains("near has 51 items; at most 50 are allowed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_near_words_of_all_contexts_count_against_the_pack_s_term_limit()
    {
        var limits = PackLimits.Default with { MaxTermsPerPack = 100 };
        var values = string.Join(", ", Enumerable.Range(0, 30).Select(i => $"{{ value: v{i}, context: {{ near: [a{i}, b{i}, c{i}, d{i}] }} }}"));
        var content = "id: acme\nversion: \"1\"\nlists:\n  codenames: [" + values + "]\n";
        var error = Assert.Single(Assert.Throws<PackLoadException>(() => PackSource.Parse(File, content, limits)).Errors);
        Assert.Contains("more than 100 near words", error.Message, StringComparison.Ordinal);
        Assert.Equal(At(content, "[a25"), (error.Line, error.Column));

        // Shared contexts count once: 30 values with the same four words are four near words.
        var shared = "id: acme\nversion: \"1\"\nlists:\n  codenames: [" + string.Join(", ", Enumerable.Range(0, 30).Select(i => $"{{ value: v{i}, context: {{ near: [a, b, c, d] }} }}")) + "]\n";
        Assert.Equal(30, PackSource.Parse(File, shared, limits).Lists["codenames"].Count);
    }

    // ---------------------------------------------------------------- diff

    [Fact]
    public void The_diff_reports_a_changed_context_of_a_value_as_that_value_s_field()
    {
        var before = Company("lists:\n  codenames: [Kestrel, " + Falke + "]\n");
        var after = Company("lists:\n  codenames: [Kestrel, { value: Falke, context: { near: [Projekt, Launch], within: 5 } }, Reiher]\n");

        var changes = PackComparison.Compare("old.yaml", before, "new.yaml", after, PackLimits.Default);

        var list = Assert.Single(changes.Lists.Changed);
        Assert.Equal("codenames", list.Id);
        Assert.Equal(["context of Falke", "values"], list.Fields.Select(f => f.Field));
        var context = list.Fields[0];
        Assert.Equal("""{"near":["Projekt","Launch","Prototyp","project"],"within":"8"}""", context.From!.ToJsonString());
        Assert.Equal("""{"near":["Projekt","Launch"],"within":"5"}""", context.To!.ToJsonString());
        Assert.Equal("""["Kestrel","Falke","Reiher"]""", list.Fields[1].To!.ToJsonString());
    }

    [Fact]
    public void The_diff_reports_a_context_added_to_or_dropped_from_a_value_and_nothing_for_the_same_list()
    {
        var plain = Company("lists:\n  codenames: [Kestrel, Falke]\n");
        var withContext = Company("lists:\n  codenames: [Kestrel, " + Falke + "]\n");

        var added = Assert.Single(PackComparison.Compare("a.yaml", plain, "b.yaml", withContext, PackLimits.Default).Lists.Changed);
        var dropped = Assert.Single(PackComparison.Compare("a.yaml", withContext, "b.yaml", plain, PackLimits.Default).Lists.Changed);

        Assert.Equal(("context of Falke", true), (Assert.Single(added.Fields).Field, Assert.Single(added.Fields).From is null));
        Assert.Equal(("context of Falke", true), (Assert.Single(dropped.Fields).Field, Assert.Single(dropped.Fields).To is null));
        Assert.True(PackComparison.Compare("a.yaml", withContext, "b.yaml", withContext.Replace("within: 8 }", "within: 8 }  ", StringComparison.Ordinal), PackLimits.Default).IsEmpty);
    }
}
