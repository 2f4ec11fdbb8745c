using System.Globalization;
using System.Xml.Linq;
using Policy.Core.Decision;
using Policy.Core.Evaluation;
using Policy.Core.Model;
using Policy.Core.Packs;

namespace Policy.Cli;

/// <summary>
/// <c>policy test PACK…</c>: runs each pack's examples (the pack's own tests, as every upload does)
/// and, with --corpus, a labelled corpus through the first pack with the evaluation of
/// <c>policy eval</c>. JUnit XML for CI with --junit.
/// </summary>
internal static class TestCommand
{
    public const string Help = """
        policy test [--packs DIR] [--corpus FILE.jsonl]… [--min-in-band PCT] [--max-clean-warned PCT]
                    [--junit FILE.xml] [--progress] PACK…
            Runs the examples of each pack (file or folder) and prints each failing one: expected and
            actual decision, rules missing or firing that must not.
            --corpus runs labelled drafts (the tests/corpus format) through the first pack and prints
            the evaluation: in band, recall and precision per category, clean drafts warned, misses.
            Without a floor every draft must be in band; with --min-in-band 90 (percent) and/or
            --max-clean-warned 3 the corpus passes when the shares hold.
            --junit writes JUnit XML: a suite per pack's examples and per corpus file.
            --progress shows progress on stderr even when it is not a terminal.
            Exit code: 0 all pass, 1 an example fails or the corpus misses, 2 usage or load error.
        """;

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var a = Arguments.Parse(args, ["--packs", "--corpus", "--junit", "--min-in-band", "--max-clean-warned"], ["--progress"]);
        if (a.Help)
        {
            output.WriteLine(Help);
            return ExitCodes.Clean;
        }

        var minInBand = Percent(a, "--min-in-band");
        var maxCleanWarned = Percent(a, "--max-clean-warned");
        var corpora = a.Values("--corpus");
        foreach (var c in corpora.Where(c => !File.Exists(c)))
        {
            throw new UsageException($"--corpus: no file '{c}'");
        }

        var set = PackSet.For(a.Value("--packs"));
        var (packs, errors) = set.Load(PackSet.Files(a.Positional));
        if (errors.Count > 0)
        {
            foreach (var e in errors)
            {
                error.WriteLine(e);
            }

            error.WriteLine($"policy test: {errors.Count} load error(s); run 'policy lint' for details");
            return ExitCodes.Error;
        }

        var suites = new List<XElement>();
        var failed = false;
        foreach (var pack in packs)
        {
            var results = PackExamples.Run(pack.Pack);
            var failures = results.Where(r => !r.Passed).ToList();
            failed |= failures.Count > 0;
            foreach (var f in failures)
            {
                output.WriteLine($"{pack.Path}:{f.Line}: example fails: expected {f.Expected.ToWire()}, got {f.Actual.ToWire()}"
                    + (f.MissingRules.Count > 0 ? $"; missing rules {string.Join(", ", f.MissingRules)}" : string.Empty)
                    + (f.UnexpectedRules.Count > 0 ? $"; rules that must not fire fired: {string.Join(", ", f.UnexpectedRules)}" : string.Empty));
            }

            output.WriteLine($"{pack.Path}: {pack.Source.Id} {pack.Source.Version}: {results.Count - failures.Count} of {results.Count} examples pass");
            suites.Add(ExampleSuite(pack, results));
        }

        if (corpora.Count > 0)
        {
            var pack = packs[0];
            foreach (var file in corpora)
            {
                IReadOnlyList<CorpusPost> posts;
                try
                {
                    posts = CorpusPost.Load(file, CorpusLimits.Unbounded, requireLabels: true);
                }
                catch (InvalidDataException ex)
                {
                    throw new UsageException("--corpus: " + ex.Message);
                }

                var progress = new Progress(error, a.Flag("--progress"), Path.GetFileName(file), posts.Count);
                var evaluation = CorpusEvaluation.Run(pack.Pack, posts, progress.Report);
                output.WriteLine();
                output.WriteLine(evaluation.Report($"{pack.Source.Id} {pack.Source.Version} on {Path.GetFileName(file)}", withMisses: true));
                var (passed, verdicts) = Judge(evaluation, minInBand, maxCleanWarned);
                foreach (var v in verdicts)
                {
                    output.WriteLine(v.Message);
                }

                failed |= !passed;
                suites.Add(CorpusSuite(file, pack, evaluation, minInBand, maxCleanWarned, verdicts));
            }
        }

        if (a.Value("--junit") is { } junit)
        {
            var doc = new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement(
                "testsuites",
                new XAttribute("name", "policy test"),
                new XAttribute("tests", suites.Sum(s => (int)s.Attribute("tests")!)),
                new XAttribute("failures", suites.Sum(s => (int)s.Attribute("failures")!)),
                suites));
            try
            {
                using var writer = System.Xml.XmlWriter.Create(junit, new System.Xml.XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false), Indent = true });
                doc.Save(writer);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"--junit: cannot write '{junit}': {ex.Message}");
            }
        }

        return failed ? ExitCodes.Findings : ExitCodes.Clean;
    }

    private sealed record Verdict(string Name, bool Passed, string Message);

    private static (bool Passed, List<Verdict> Verdicts) Judge(CorpusEvaluation e, double? minInBand, double? maxCleanWarned)
    {
        var inv = CultureInfo.InvariantCulture;
        var verdicts = new List<Verdict>();
        if (minInBand is null && maxCleanWarned is null)
        {
            var misses = e.Posts - e.InBand;
            verdicts.Add(new Verdict("every draft in band", misses == 0, misses == 0
                ? "corpus: every draft in band"
                : string.Create(inv, $"corpus: {misses} of {e.Posts} drafts out of band (give --min-in-band PCT to accept a share)")));
        }

        if (minInBand is { } min)
        {
            var ok = e.Posts > 0 && e.InBandRate * 100 >= min;
            verdicts.Add(new Verdict($"in band at least {min.ToString(inv)} %", ok, string.Create(inv, $"corpus: in band {e.InBandRate * 100:0.0} % ({(ok ? "≥" : "<")} {min} %)")));
        }

        if (maxCleanWarned is { } max)
        {
            var rate = e.CleanPosts == 0 ? 0 : e.FalseAlarmRate * 100;
            var ok = rate <= max;
            verdicts.Add(new Verdict($"clean drafts warned at most {max.ToString(inv)} %", ok, string.Create(inv, $"corpus: clean drafts warned or worse {rate:0.0} % ({(ok ? "≤" : ">")} {max} %)")));
        }

        return (verdicts.TrueForAll(v => v.Passed), verdicts);
    }

    private static XElement ExampleSuite(LoadedPack pack, IReadOnlyList<ExampleResult> results) => new(
        "testsuite",
        new XAttribute("name", $"{pack.Source.Id} {pack.Source.Version} examples"),
        new XAttribute("tests", results.Count),
        new XAttribute("failures", results.Count(r => !r.Passed)),
        new XAttribute("errors", 0),
        new XAttribute("skipped", 0),
        results.Select(r => new XElement(
            "testcase",
            new XAttribute("classname", pack.Source.Id),
            new XAttribute("name", $"{pack.Path}:{r.Line} expect {r.Expected.ToWire()}"),
            new XAttribute("file", pack.Path),
            new XAttribute("line", r.Line),
            r.Passed ? null : new XElement("failure", new XAttribute("message", r.ToString()), new XAttribute("type", "example")))));

    /// <summary>Without a floor each draft is a test case; with one, each floor is, and the misses go to system-out (ids, no text).</summary>
    private static XElement CorpusSuite(string file, LoadedPack pack, CorpusEvaluation e, double? minInBand, double? maxCleanWarned, List<Verdict> verdicts)
    {
        var strict = minInBand is null && maxCleanWarned is null;
        var cases = strict
            ? e.Outcomes.Select(o => new XElement(
                "testcase",
                new XAttribute("classname", pack.Source.Id + ".corpus"),
                new XAttribute("name", $"{o.Post.Id} expect {Band(o)}"),
                new XAttribute("file", file),
                new XAttribute("line", o.Post.Line),
                o.InBand ? null : new XElement("failure", new XAttribute("message", Miss(o)), new XAttribute("type", "out-of-band"))))
            : verdicts.Select(v => new XElement(
                "testcase",
                new XAttribute("classname", pack.Source.Id + ".corpus"),
                new XAttribute("name", v.Name),
                new XAttribute("file", file),
                v.Passed ? null : new XElement("failure", new XAttribute("message", v.Message), new XAttribute("type", "floor"))));
        var list = cases.ToList();
        return new XElement(
            "testsuite",
            new XAttribute("name", $"{pack.Source.Id} {pack.Source.Version} on {Path.GetFileName(file)}"),
            new XAttribute("tests", list.Count),
            new XAttribute("failures", list.Count(c => c.Element("failure") is not null)),
            new XAttribute("errors", 0),
            new XAttribute("skipped", 0),
            list,
            new XElement("system-out", string.Join('\n', e.Outcomes.Where(o => !o.InBand).Select(o => $"{o.Post.Id} (line {o.Post.Line}): {Miss(o)}"))));
    }

    private static string Band(PostOutcome o) =>
        $"{o.Post.Min.ToWire()}..{o.Post.Max.ToWire()}" + (o.Post.IsClean ? " clean" : " " + string.Join(",", o.Post.Categories));

    private static string Miss(PostOutcome o) =>
        $"expected {Band(o)}, got {o.Decision.ToWire()}" + (o.Findings.Count == 0 ? string.Empty : $" ({string.Join(", ", o.Findings.Select(f => $"{f.RuleId}:{f.Severity.ToWire()}").Distinct())})");

    private static double? Percent(Arguments a, string name) =>
        a.Value(name) is not { } v ? null
        : double.TryParse(v.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d is >= 0 and <= 100 ? d
        : throw new UsageException($"{name} takes a percentage between 0 and 100, not '{v}'");
}
