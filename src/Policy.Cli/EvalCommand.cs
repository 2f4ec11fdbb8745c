using Policy.Core.Evaluation;
using Policy.Core.Packs;

namespace Policy.Cli;

internal static class EvalCommand
{
    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        try
        {
            var line = CommandLine.Parse(args, "--beta");
            var pack = line.LoadPack();
            var posts = line.LoadPosts();
            CorpusEvaluation all;
            if (line.Flags.Contains("--cv"))
            {
                // Judge each post by a model trained without it: the figure to tune rules against.
                var (file, _) = line.LoadSource();
                var library = PackLibrary.LoadDirectory(line.PacksDirectory);
                all = CrossValidation.Run(file, File.ReadAllText(file), id => library.Sources.GetValueOrDefault(id), posts, new TrainingOptions
                {
                    Heads = TrainCommand.Heads,
                    Beta = line.Values.TryGetValue("--beta", out var beta) ? double.Parse(beta, System.Globalization.CultureInfo.InvariantCulture) : new TrainingOptions { Heads = [] }.Beta,
                });
            }
            else
            {
                all = CorpusEvaluation.Run(pack, posts);
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

            return 0;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidDataException or IOException or PackLoadException)
        {
            output.WriteLine("policy eval: " + ex.Message);
            return 1;
        }
    }
}
