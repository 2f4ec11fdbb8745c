using Policy.Core.Evaluation;
using Policy.Core.Packs;

namespace Policy.Cli;

internal static class EvalCommand
{
    public const string Help = """
        policy eval [--packs DIR] [--pack ID] [--misses] [--cv] [--progress] [--dump FILE] CORPUS.jsonl ...
            Runs labelled posts through the engine as the API would and prints in-band share, recall and
            precision per category, the clean false-alarm rate and a confusion table; --misses lists the
            posts out of band (never use it on held-out parts while tuning); --cv judges each post by a
            model trained without it; --dump writes one line per post (part, id, decision, in band, the
            rule@severity of every finding; no text, no evidence) to FILE, so two builds or two packs can
            be compared post by post with diff. --packs defaults to ./policies, --pack to
            social-media-guideline.
            Exit code: 0, or 2 for a usage error or a corpus or pack that does not load.
        """;

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            output.WriteLine(Help);
            return ExitCodes.Clean;
        }

        try
        {
            var line = CommandLine.Parse(args, "--dump");
            var library = line.LoadLibrary();
            var pack = line.PackOf(library);
            var posts = line.LoadPosts();
            CorpusEvaluation all;
            if (line.Flags.Contains("--cv"))
            {
                // Judge each post by a model trained without it: the figure to tune rules against.
                // A source knows its file by the name it was loaded under, inside the packs directory.
                var file = Path.Combine(line.PacksDirectory, library.Sources[pack.Id].File);
                all = CrossValidation.Run(file, File.ReadAllText(file), id => library.Sources.GetValueOrDefault(id), posts, TrainingOptions.Default);
            }
            else
            {
                all = CorpusEvaluation.Run(pack, posts, new Progress(error, line.Flags.Contains("--progress"), "eval", posts.Count).Report);
            }

            if (line.Values.TryGetValue("--dump", out var dump))
            {
                File.WriteAllLines(dump, all.Outcomes.Select(DumpLine));
            }

            output.WriteLine($"# {pack.Id} {pack.Version} on {string.Join(", ", line.Files.Select(Path.GetFileName))}");
            output.WriteLine();
            output.WriteLine(all.Report("all", line.Flags.Contains("--misses")));
            if (line.Files.Count > 1 && !line.Flags.Contains("--cv"))
            {
                foreach (var part in posts.GroupBy(p => p.Part))
                {
                    var e = CorpusEvaluation.Run(pack, part);
                    output.WriteLine($"- {part.Key}: {e.Posts} posts, in band {e.InBandRate:P1}, clean warned or worse {e.FalseAlarms}/{e.CleanPosts}");
                }
            }

            return ExitCodes.Clean;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidDataException or IOException or PackLoadException or UnauthorizedAccessException)
        {
            error.WriteLine("policy eval: " + ex.Message);
            return ExitCodes.Error;
        }
    }

    // Rule ids and severities only: a dump of a corpus with secrets in it stays shareable.
    private static string DumpLine(PostOutcome o) =>
        string.Join('\t', o.Post.Part, o.Post.Id, o.Decision.ToString().ToLowerInvariant(), o.InBand ? "in" : "out",
            string.Join(',', o.Findings.Select(f => f.RuleId + "@" + f.Severity.ToString().ToLowerInvariant())));
}
