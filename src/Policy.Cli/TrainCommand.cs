using Policy.Core.Evaluation;
using Policy.Core.Packs;

namespace Policy.Cli;

internal static class TrainCommand
{
    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
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

            return 0;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidDataException or IOException or PackLoadException)
        {
            output.WriteLine("policy train: " + ex.Message);
            return 1;
        }
    }
}
