using System.Globalization;
using System.Text.Json;
using Policy.Core.Model;
using Policy.Core.Decision;
using Policy.Core.Evaluation;
using Policy.Core.Packs;

namespace Policy.Cli;

/// <summary>
/// <c>policy diff OLD NEW</c>: rules, sections, overrides and lists added, removed and changed (the
/// comparison the API's diff answers with), and on a corpus the drafts whose decision changes
/// (the simulation the HR console runs before an activation).
/// </summary>
internal static class DiffCommand
{
    public const string Help = """
        policy diff [--packs DIR] [--corpus FILE.jsonl]… [--format text|json] [--fail-on-change] [--progress] OLD NEW
            Compares two versions of a pack file: rules, sections, overrides and lists added, removed and
            changed, with each changed field. With --corpus (labelled or unlabelled JSON Lines: at least
            'text', optionally 'context' and 'expect') both versions check every draft: the drafts whose
            decision changes (line, id, from → to, rules added and removed; never the text), the hits
            per rule under each version and, for labelled drafts, the evaluation of both.
            Exit code: 0, or 1 with --fail-on-change when a decision on the corpus changes; 2 usage or load error.
        """;

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var a = Arguments.Parse(args, ["--packs", "--corpus", "--format"], ["--progress", "--fail-on-change"]);
        if (a.Help)
        {
            output.WriteLine(Help);
            return ExitCodes.Clean;
        }

        if (a.Positional.Count != 2)
        {
            throw new UsageException("name two pack files: policy diff OLD NEW");
        }

        var format = a.Choice("--format", "text", "text", "json");
        var oldPath = a.Positional[0];
        var newPath = a.Positional[1];
        foreach (var p in a.Positional.Where(p => !File.Exists(p)))
        {
            throw new UsageException($"no pack file '{p}'");
        }

        var changes = PackComparison.Compare(oldPath, PackSet.ReadText(oldPath), newPath, PackSet.ReadText(newPath), PackLimits.Default);
        var simulations = new List<(string File, PackSimulation Simulation)>();
        if (a.Values("--corpus").Count > 0)
        {
            // Each version compiles on its own: both files are named, so the same base resolves for both.
            var oldPack = PackSet.For(a.Value("--packs")).LoadOne(oldPath).Pack;
            var newPack = PackSet.For(a.Value("--packs")).LoadOne(newPath).Pack;
            foreach (var file in a.Values("--corpus"))
            {
                if (!File.Exists(file))
                {
                    throw new UsageException($"--corpus: no file '{file}'");
                }

                IReadOnlyList<CorpusPost> posts;
                try
                {
                    posts = CorpusPost.Load(file, CorpusLimits.Unbounded, requireLabels: false);
                }
                catch (InvalidDataException ex)
                {
                    throw new UsageException("--corpus: " + ex.Message);
                }

                var progress = new Progress(error, a.Flag("--progress"), Path.GetFileName(file), posts.Count);
                simulations.Add((file, PackSimulation.Run(oldPack, newPack, posts, progress.Report)));
            }
        }

        if (format == "json")
        {
            output.WriteLine(JsonSerializer.Serialize(
                new
                {
                    from = oldPath,
                    to = newPath,
                    rules = changes.Rules,
                    sections = changes.Sections,
                    overrides = changes.Overrides,
                    lists = changes.Lists,
                    corpora = simulations.Select(s => SimulationJson(s.File, s.Simulation)),
                },
                CliJson.Options));
        }
        else
        {
            WriteChanges(output, changes);
            foreach (var (file, s) in simulations)
            {
                WriteSimulation(output, file, s);
            }
        }

        return a.Flag("--fail-on-change") && simulations.Exists(s => s.Simulation.Changed.Count > 0) ? ExitCodes.Findings : ExitCodes.Clean;
    }

    public static object SimulationJson(string file, PackSimulation s) => new
    {
        file,
        drafts = s.Posts,
        labelled = s.Labelled,
        changed = s.Changed.Count,
        transitions = s.Transitions.Select(t => new { from = t.From.ToWire(), to = t.To.ToWire(), count = t.Count }),
        items = s.Changed.Select(c => new { index = c.Index, line = c.Line, id = c.Id, from = c.From.ToWire(), to = c.To.ToWire(), rulesAdded = c.RulesAdded, rulesRemoved = c.RulesRemoved }),
        rules = s.Rules.Select(r => new { ruleId = r.RuleId, old = r.Current, @new = r.Candidate }),
        evaluation = s.Current is null ? null : new { old = Figures(s.Current), @new = Figures(s.Candidate!) },
    };

    private static object Figures(CorpusEvaluation e) => new
    {
        posts = e.Posts,
        inBand = e.InBand,
        inBandRate = Nullable(e.InBandRate),
        cleanPosts = e.CleanPosts,
        cleanWarned = e.FalseAlarms,
        cleanWarnedRate = Nullable(e.FalseAlarmRate),
        categories = e.ByCategory().Where(c => c.Category != "clean").Select(c => new { category = c.Category, expected = c.Expected, found = c.Found, recall = Nullable(c.Recall), precision = Nullable(c.Precision) }),
    };

    private static double? Nullable(double v) => double.IsNaN(v) ? null : Math.Round(v, 4);

    private static void WriteChanges(TextWriter output, PackChanges changes)
    {
        if (changes.IsEmpty)
        {
            output.WriteLine("no rule, section, override or list changed");
        }

        foreach (var (name, part) in new[] { ("rule", changes.Rules), ("section", changes.Sections), ("override", changes.Overrides), ("list", changes.Lists) })
        {
            foreach (var id in part.Added)
            {
                output.WriteLine($"+ {name} {id}");
            }

            foreach (var id in part.Removed)
            {
                output.WriteLine($"- {name} {id}");
            }

            foreach (var item in part.Changed)
            {
                output.WriteLine($"~ {name} {item.Id}");
                foreach (var f in item.Fields)
                {
                    output.WriteLine($"    {f.Field}: {Short(f.From?.ToJsonString() ?? "(absent)")} → {Short(f.To?.ToJsonString() ?? "(absent)")}");
                }
            }
        }
    }

    private static void WriteSimulation(TextWriter output, string file, PackSimulation s)
    {
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine(string.Create(inv, $"corpus {file}: {s.Posts} drafts, {s.Changed.Count} decisions change"));
        foreach (var t in s.Transitions)
        {
            output.WriteLine(string.Create(inv, $"  {t.From.ToWire()} → {t.To.ToWire()}: {t.Count}"));
        }

        foreach (var c in s.Changed)
        {
            output.WriteLine($"  {file}:{c.Line} {c.Id}: {c.From.ToWire()} → {c.To.ToWire()}"
                + (c.RulesAdded.Count > 0 ? $" +{string.Join(" +", c.RulesAdded)}" : string.Empty)
                + (c.RulesRemoved.Count > 0 ? $" -{string.Join(" -", c.RulesRemoved)}" : string.Empty));
        }

        var moved = s.Rules.Where(r => r.Delta != 0).Take(15).ToList();
        if (moved.Count > 0)
        {
            output.WriteLine("  rule hits (old → new):");
            foreach (var r in moved)
            {
                output.WriteLine(string.Create(inv, $"    {r.RuleId}: {r.Current} → {r.Candidate}"));
            }
        }

        if (s.Current is { } before && s.Candidate is { } after)
        {
            output.WriteLine(string.Create(inv, $"  labelled {before.Posts}: in band {Pct(before.InBandRate)} → {Pct(after.InBandRate)}, clean warned {Pct(before.FalseAlarmRate)} → {Pct(after.FalseAlarmRate)}"));
        }
    }

    private static string Pct(double v) => double.IsNaN(v) ? "–" : v.ToString("0.0 %", CultureInfo.InvariantCulture);

    private static string Short(string s) => s.Length > 160 ? s[..160] + "…" : s;
}
