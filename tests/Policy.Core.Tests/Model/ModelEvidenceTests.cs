using Policy.Core.Evaluation;
using Policy.Core.Normalize;
using Policy.Core.Packs;
using Xunit;

namespace Policy.Core.Tests.Model;

/// <summary>
/// A classifier rule explains a head that fired from the features <see cref="Match.Model.TextModel.Score"/>
/// found, instead of extracting the draft's features a second time. Both ways must give the same
/// word count and span for every head of every draft.
/// </summary>
public sealed class ModelEvidenceTests
{
    private static readonly Lazy<CompiledPack> DefaultPack = new(() => PackLibrary.LoadDirectory(RepoPaths.Policies).Packs["social-media-guideline"]);

    [Fact]
    public void Evidence_from_the_scored_features_equals_a_second_pass_on_every_dev_post()
    {
        var pack = DefaultPack.Value;
        var model = pack.Model!;
        var posts = Directory.GetFiles(Path.Combine(RepoPaths.Root, "tests", "corpus"), "dev-*.jsonl")
            .Order(StringComparer.Ordinal)
            .SelectMany(CorpusPost.Load)
            .ToList();
        var explained = 0;
        foreach (var post in posts)
        {
            var request = post.ToRequest(pack);
            var text = Normalizer.Normalize(post.Text).Text;
            var scores = model.Score(text, request);
            for (var head = 0; head < model.Heads.Count; head++)
            {
                var expected = model.Evidence(text, request, head);
                Assert.Equal(expected, model.Evidence(scores, head));
                explained += expected.Words > 0 ? 1 : 0;
            }
        }

        // Not a vacuous comparison: most drafts have words that weigh for some head.
        Assert.True(explained > posts.Count, $"{explained} explanations with words over {posts.Count} drafts");
    }

    [Fact]
    public void Evidence_refuses_scores_of_another_model()
    {
        var model = DefaultPack.Value.Model!;
        var other = PackLibrary.LoadDirectory(RepoPaths.Policies).Packs["social-media-guideline"].Model!;
        var scores = other.Score("wir zahlen quartal", Policy.Core.Model.CheckRequest.Private("Wir Zahlen Quartal"));
        Assert.Throws<ArgumentException>(() => model.Evidence(scores, 0));
    }
}
