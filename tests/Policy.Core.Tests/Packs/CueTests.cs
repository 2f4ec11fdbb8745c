using Policy.Core.Checking;
using Policy.Core.Decision;
using Policy.Core.Model;
using Policy.Core.Packs;

namespace Policy.Core.Tests.Packs;

/// <summary>
/// Intent cues (<c>cues:</c>): a phrase list written once at the top of a pack and named by any
/// term set (<c>cues: [metaTalk]</c>). What a cue is for: a phrase added to it reaches every rule
/// that names it, a company pack extends the base's cue, and mistakes are errors at their place.
/// </summary>
public sealed class CueTests
{
    private const string Base = """
        id: base
        version: "1"
        cues:
          metaTalk: [Schulung, training, Richtlinie]
          trainingCompounds: [schulung]
        sections:
          - id: secrets
            title: Geheimnisse
        rules:
          - id: base.marker
            kind: proximity
            section: secrets
            category: confidential
            severity: block
            anchor: [vertraulich, confidential]
            near:
              - cues: [metaTalk]
                within: 10
                severity: none
            message: M
            suggestion: S
          - id: base.meta
            kind: terms
            section: secrets
            category: confidential
            severity: info
            cues: [metaTalk]
            message: M
            suggestion: S
          - id: base.compound
            kind: terms
            section: secrets
            category: confidential
            severity: info
            cues: [trainingCompounds]
            match: compound
            message: M
            suggestion: S
        """;

    private static CompiledPack Compile(string content, string file = "base.yaml", Func<string, PackSource?>? resolve = null) =>
        PackCompiler.Compile(PackSource.Parse(file, content), resolve ?? (_ => null));

    private static Func<string, PackSource?> BaseResolver() => id => id == "base" ? PackSource.Parse("base.yaml", Base) : null;

    private static CompiledPack Company(string body) =>
        Compile("id: acme\nversion: \"1\"\nextends: base\n" + body, "acme.yaml", BaseResolver());

    private static IReadOnlyList<Finding> Findings(CompiledPack pack, string text) =>
        CheckEngine.Check(pack, CheckRequest.Private(text)).Findings;

    private static bool Fires(CompiledPack pack, string rule, string text) => Findings(pack, text).Any(f => f.RuleId == rule);

    private static PackError SingleError(string content) =>
        Assert.Single(Assert.Throws<PackLoadException>(() => Compile(content)).Errors);

    private static (int Line, int Column) At(string content, string needle)
    {
        var index = content.IndexOf(needle, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{needle}' not in the test pack");
        return (1 + content.AsSpan(0, index).Count('\n'), index - (content.LastIndexOf('\n', Math.Max(0, index - 1)) + 1) + 1);
    }

    [Theory]
    [InlineData("Das Angebot ist vertraulich.", true)]
    [InlineData("Heute Schulung: was ist vertraulich und was nicht.", false)]
    [InlineData("The training said: confidential means ask first.", false)]
    public void A_cue_in_a_near_group_acts_as_its_phrases_would(string text, bool fires)
    {
        Assert.Equal(fires, Fires(Compile(Base), "base.marker", text));
    }

    [Fact]
    public void A_cue_is_a_term_set_of_its_own_for_every_rule_that_names_it()
    {
        var pack = Compile(Base);
        Assert.True(Fires(pack, "base.meta", "Morgen ist Schulung."));
        Assert.True(Fires(pack, "base.meta", "Trainings all day.")); // the rule's default endings apply to cue phrases
        Assert.False(Fires(pack, "base.meta", "Pflichtschulung morgen.")); // word match: no compound
    }

    [Fact]
    public void The_referencing_term_set_decides_how_cue_phrases_match()
    {
        var pack = Compile(Base);
        Assert.True(Fires(pack, "base.compound", "Pflichtschulung morgen."));
        Assert.False(Fires(pack, "base.meta", "Pflichtschulung morgen."));
    }

    [Fact]
    public void A_phrase_added_to_a_company_pack_cue_reaches_every_base_rule_that_names_it()
    {
        const string Text = "Nach dem Kurs SecureMinds weiß ich: vertraulich heißt fragen.";
        Assert.True(Fires(Compile(Base), "base.marker", Text));
        Assert.False(Fires(Compile(Base), "base.meta", Text));

        var company = Company("cues:\n  metaTalk: [SecureMinds]\n");

        Assert.False(Fires(company, "base.marker", Text));
        Assert.True(Fires(company, "base.meta", Text));
        Assert.True(Fires(company, "base.meta", "Morgen ist Schulung.")); // the base's phrases stay
        Assert.Equal(["Richtlinie", "Schulung", "SecureMinds", "training"], company.Lists.Cues["metaTalk"].Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_company_pack_may_name_a_cue_it_defines_itself_beside_the_base_cues()
    {
        var company = Company("""
            cues:
              employeeNote: [views are my own]
            rules:
              - id: acme.note
                kind: terms
                section: secrets
                category: disclaimer
                severity: info
                cues: [employeeNote, metaTalk]
                message: M
                suggestion: S
            """);
        Assert.True(Fires(company, "acme.note", "Great launch, views are my own."));
        Assert.True(Fires(company, "acme.note", "Great training today."));
    }

    [Fact]
    public void An_unknown_cue_is_an_error_at_its_place_naming_the_cues_there_are()
    {
        var content = Base.Replace("- cues: [metaTalk]", "- cues: [metaTalks]", StringComparison.Ordinal);
        var error = SingleError(content);
        Assert.Equal((error.Line, error.Column), At(content, "[metaTalks]"));
        Assert.Equal("base.marker", error.RuleId);
        Assert.Contains("unknown cue 'metaTalks'", error.Message, StringComparison.Ordinal);
        Assert.Contains("metaTalk, trainingCompounds", error.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'metaTalk'", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("  Meta-Talk: [x]", "Meta-Talk", "camelCase name")]
    [InlineData("  competitors: [x]", "competitors", "name of a company list")]
    [InlineData("  metaTalk: ['im Namen von {company}']", "'im Namen", "take no placeholders")]
    [InlineData("  metaTalk: ['']", "''", "a phrase of cue metaTalk")]
    [InlineData("  metaTalk: Schulung", "Schulung", "cue metaTalk")]
    public void A_malformed_cue_is_an_error_at_its_place(string entry, string needle, string message)
    {
        var content = "id: p\nversion: \"1\"\ncues:\n" + entry + "\n";
        var error = Assert.Single(Assert.Throws<PackLoadException>(() => PackSource.Parse("p.yaml", content)).Errors);
        Assert.Equal("p.yaml", error.File);
        Assert.Equal(At(content, needle), (error.Line, error.Column));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cue_defined_twice_is_an_error()
    {
        var content = "id: p\nversion: \"1\"\ncues:\n  a: [x]\n  a: [y]\n";
        Assert.Throws<PackLoadException>(() => PackSource.Parse("p.yaml", content));
    }

    [Fact]
    public void Cue_phrases_count_against_the_packs_term_budget_at_every_use()
    {
        // Three phrases named by three rules are nine terms: a cue is no way around the limit.
        var limits = PackLimits.Default with { MaxTermsPerPack = 8 };
        var error = Assert.Single(Assert.Throws<PackLoadException>(() =>
            PackCompiler.Compile(PackSource.Parse("base.yaml", Base, limits), _ => null, limits)).Errors);
        Assert.Contains("more than 8 terms", error.Message, StringComparison.Ordinal);
        Assert.NotNull(PackCompiler.Compile(PackSource.Parse("base.yaml", Base, limits), _ => null, limits with { MaxTermsPerPack = 9 }));
    }

    [Fact]
    public void A_changed_cue_shows_in_the_diff_with_the_lists()
    {
        var after = Base.Replace("metaTalk: [Schulung, training, Richtlinie]", "metaTalk: [Schulung, training, Richtlinie, Leitfaden]", StringComparison.Ordinal);

        var changes = PackComparison.Compare("a.yaml", Base, "b.yaml", after, PackLimits.Default);

        var changed = Assert.Single(changes.Lists.Changed);
        Assert.Equal("cues.metaTalk", changed.Id);
        Assert.Empty(changes.Rules.Changed);
    }

    [Fact]
    public void The_default_pack_names_each_of_its_cues_in_more_than_one_rule()
    {
        // A cue used once is a term list with extra indirection; the default pack's cues exist to be shared.
        var source = PackSource.Parse("social-media-guideline.yaml", System.IO.File.ReadAllText(Path.Combine(RepoPaths.Policies, "social-media-guideline.yaml")));
        Assert.NotEmpty(source.Lists.Cues);
        var text = System.IO.File.ReadAllText(Path.Combine(RepoPaths.Policies, "social-media-guideline.yaml"));
        foreach (var name in source.Lists.Cues.Keys)
        {
            var uses = System.Text.RegularExpressions.Regex.Matches(text, @"cues: \[[^\]]*\b" + name + @"\b").Count;
            Assert.True(uses >= 2, $"cue {name} is named {uses} time(s)");
        }
    }
}
