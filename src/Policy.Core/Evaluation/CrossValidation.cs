using Policy.Core.Packs;

namespace Policy.Core.Evaluation;

/// <summary>
/// The honest figure on data the pack is tuned on: k folds, each checked by the pack with a model
/// trained on the other folds only, so every post is judged by weights that never saw it. Rules are
/// the same in every fold; only the <c>model:</c> block changes. Folds hold whole corpus parts
/// (<see cref="TrainingOptions.FoldByPart"/>), so each post is judged by weights that never saw its
/// writer either: the figure to expect on posts of a new writer.
/// </summary>
public static class CrossValidation
{
    public static CorpusEvaluation Run(string packFile, string packText, Func<string, PackSource?> resolveBase, IReadOnlyList<CorpusPost> posts, TrainingOptions options, int folds = 5)
    {
        ArgumentNullException.ThrowIfNull(posts);
        ArgumentNullException.ThrowIfNull(options);
        var fold = ModelTrainer.AssignFolds(posts, folds, options.Seed + 1, options.FoldByPart);
        var topics = PackSource.Parse(packFile, packText).TopicIds;
        var parts = new List<CorpusEvaluation>();
        for (var f = 0; f < folds; f++)
        {
            var train = posts.Where((_, i) => fold[i] != f).ToList();
            var test = posts.Where((_, i) => fold[i] == f).ToList();
            var model = ModelTrainer.Train(train, topics, options with { Folds = 3 }, "cv", "cross-validation fold");
            var text = ModelTrainer.ReplaceThresholds(ModelTrainer.ReplaceModelBlock(packText, model.ModelBlock), model.Heads);
            var pack = PackCompiler.Compile(PackSource.Parse(packFile, text), resolveBase);
            parts.Add(CorpusEvaluation.Run(pack, test));
        }

        return CorpusEvaluation.Combine(parts);
    }
}
