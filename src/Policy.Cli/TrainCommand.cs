using Policy.Core.Evaluation;
using Policy.Core.Packs;

namespace Policy.Cli;

internal static class TrainCommand
{
    public const string Help = """
        policy train [--packs DIR] [--pack ID] [--version V] [--write] CORPUS.jsonl ...
            Trains the pack's model block from labelled posts (fixed seed), prints the cross-validated
            threshold per head, and with --write replaces the 'model:' block of the pack file.
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
            var line = CommandLine.Parse(args, "--version");
            var (file, source) = line.LoadSource();
            var posts = line.LoadPosts();
            var version = line.Values.GetValueOrDefault("--version", source.Version);
            var about = $"{posts.Count} posts of {string.Join(", ", line.Files.Select(Path.GetFileName))}";
            var result = ModelTrainer.Train(posts, source.TopicIds, TrainingOptions.Default, version, about);
            output.WriteLine($"trained on {result.Posts} posts, {result.Features} features kept");
            output.WriteLine(ModelTrainer.Describe(result.Heads));
            if (line.Flags.Contains("--write"))
            {
                File.WriteAllText(file, ModelTrainer.ReplaceThresholds(ModelTrainer.ReplaceModelBlock(File.ReadAllText(file), result.ModelBlock), result.Heads));
                output.WriteLine($"wrote the model block and the classifier thresholds of {file}");
            }

            return ExitCodes.Clean;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidDataException or IOException or PackLoadException)
        {
            error.WriteLine("policy train: " + ex.Message);
            return ExitCodes.Error;
        }
    }
}
