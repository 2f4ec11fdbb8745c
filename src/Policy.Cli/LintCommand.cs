using System.Text.Json;
using Policy.Core.Model;
using Policy.Core.Packs;
using YamlDotNet.RepresentationModel;

namespace Policy.Cli;

/// <summary>A problem lint found, where the author has to look.</summary>
internal sealed record LintProblem(string File, int Line, int Column, string Level, string? RuleId, string Message)
{
    public override string ToString() =>
        $"{File}:{Line}:{Column}: {Level}: " + (RuleId is null ? Message : $"rule '{RuleId}': {Message}");
}

/// <summary>
/// <c>policy lint PACK…</c>: loads and compiles each pack as the API would (the format's schema
/// and consistency checks are the loader's: unknown keys, types, references, limits), then looks
/// for what loads but is probably a mistake: a section no rule cites, a rule no example shows,
/// a pack without examples. Errors fail; warnings fail only with --strict.
/// </summary>
internal static class LintCommand
{
    public const string Help = """
        policy lint [--packs DIR] [--strict] [--format text|json] PACK…
            Loads and compiles each pack file (or every pack in a folder) as the API does: the format's
            schema, references between rules, sections, lists and topics, the limits for uploads. Then
            warns about what loads but is probably a mistake: a section no rule cites, a rule no example
            names, a pack without examples. A company pack's base ('extends') is looked up among the
            packs named, then in --packs DIR, then in the packs shipped with the tool.
            Exit code: 0 no errors, 1 errors (or warnings with --strict), 2 usage error or unreadable file.
        """;

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var a = Arguments.Parse(args, ["--packs", "--format"], ["--strict"]);
        if (a.Help)
        {
            output.WriteLine(Help);
            return ExitCodes.Clean;
        }

        var format = a.Choice("--format", "text", "text", "json");
        var set = PackSet.For(a.Value("--packs"));
        var files = PackSet.Files(a.Positional);
        var (packs, errors) = set.Load(files);
        var problems = errors.Select(e => new LintProblem(e.File, e.Line, e.Column, "error", e.RuleId, e.Message)).ToList();
        foreach (var pack in packs)
        {
            problems.AddRange(Warnings(pack));
        }

        var failed = problems.Any(p => p.Level == "error" || a.Flag("--strict"));
        if (format == "json")
        {
            output.WriteLine(JsonSerializer.Serialize(
                new
                {
                    ok = !failed,
                    packs = packs.Select(p => new { file = p.Path, id = p.Source.Id, version = p.Source.Version, extends = p.Source.Extends, rules = p.Pack.Rules.Count, sections = p.Pack.Sections.Count, examples = p.Pack.Examples.Count, sha256 = p.Pack.Sha256 }),
                    problems = problems.Select(p => new { file = p.File, line = p.Line, column = p.Column, level = p.Level, ruleId = p.RuleId, message = p.Message }),
                },
                CliJson.Options));
        }
        else
        {
            foreach (var p in problems)
            {
                output.WriteLine(p);
            }

            foreach (var p in packs)
            {
                var mine = problems.Count(x => x.File == p.Path);
                output.WriteLine($"{p.Path}: {p.Source.Id} {p.Source.Version}" + (p.Source.Extends is { } b ? $" (extends {b})" : string.Empty)
                    + $": {p.Pack.Rules.Count} rules, {p.Pack.Sections.Count} sections, {p.Pack.Examples.Count} examples"
                    + (mine == 0 ? ", ok" : $", {mine} warning(s)"));
            }

            var errorCount = problems.Count(p => p.Level == "error");
            error.WriteLine(errorCount > 0
                ? $"policy lint: {errorCount} error(s) in {files.Count} file(s)"
                : $"policy lint: {files.Count} file(s) loaded, {problems.Count} warning(s)");
        }

        return failed ? ExitCodes.Findings : ExitCodes.Clean;
    }

    private static IEnumerable<LintProblem> Warnings(LoadedPack pack)
    {
        var root = Yaml(pack.Content);
        if (root is null)
        {
            yield break;
        }

        var cited = pack.Pack.Rules.Select(r => r.Section.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, node) in Items(root, "sections", "id"))
        {
            if (!cited.Contains(id))
            {
                yield return At(pack.Path, node, "warning", null, $"section '{id}' is cited by no rule: findings can never point to it (remove it, or name it in a rule's 'section')");
            }
        }

        if (pack.Pack.Examples.Count == 0)
        {
            yield return new LintProblem(pack.Path, 1, 1, "warning", null, "the pack has no examples: add 'examples:' with drafts and the decision you expect, so 'policy test' and every upload can show the rules work");
            yield break;
        }

        var shown = pack.Pack.Examples.SelectMany(e => e.ExpectedRules).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, node) in Items(root, "rules", "id"))
        {
            if (!shown.Contains(id) && pack.Pack.Rules.Any(r => r.Id == id))
            {
                yield return At(pack.Path, node, "warning", id, "no example names this rule in 'rules:': add a draft it must catch, so a change that breaks it fails 'policy test'");
            }
        }
    }

    private static LintProblem At(string file, YamlNode node, string level, string? ruleId, string message) =>
        new(file, (int)node.Start.Line, (int)node.Start.Column, level, ruleId, message);

    private static YamlMappingNode? Yaml(string content)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(content));
        return stream.Documents.Count > 0 ? stream.Documents[0].RootNode as YamlMappingNode : null;
    }

    private static IEnumerable<(string Id, YamlNode Node)> Items(YamlMappingNode root, string key, string idKey)
    {
        if (root.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlSequenceNode seq)
        {
            foreach (var item in seq.Children.OfType<YamlMappingNode>())
            {
                if (item.Children.TryGetValue(new YamlScalarNode(idKey), out var id) && id is YamlScalarNode { Value: { } name })
                {
                    yield return (name, item);
                }
            }
        }
    }
}
