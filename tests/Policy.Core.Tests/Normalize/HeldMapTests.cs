using Policy.Core.Decision;
using Policy.Core.Evaluation;
using Policy.Core.Model;
using Policy.Core.Normalize;
using Policy.Core.Packs;

namespace Policy.Core.Tests.Normalize;

/// <summary>
/// A check keeps its fold's pooled offsets as the draft's map (<see cref="Normalizer.NormalizeHeld"/>)
/// instead of folding again for its findings. The held map must map every span exactly as the
/// rebuilt one does, refuse spans past the text as the rebuilt one does, and after
/// <see cref="NormalizedText.Release"/> the text must map as any other.
/// </summary>
public sealed class HeldMapTests
{
    private static readonly Lazy<CompiledPack> DefaultPack = new(() => PackLibrary.LoadDirectory(RepoPaths.Policies).Packs["social-media-guideline"]);

    public static TheoryData<string> Drafts =>
    [
        "Schöne Grüße aus Köln – bis Mittwoch 😅🚀 ☕",
        "Das P a s s w o r t ist Sommer, v-e-r-t-r-a-u-l-i-c-h!",
        "ver-trau-lich und con-fi-den-tial, Drei-Tage-Bart, E-Mail-Adresse",
        "Code 2️⃣0️⃣2️⃣4️⃣✳️ an der Tür",
        "Passwоrt mit kyrillischem о und Ｆｕｌｌｗｉｄｔｈ und ﬁ-Ligatur … und ²",
        "Pass\u200Bwort mit unsichtbarem Zeichen, so\u00ADft hyphen, Mu\u0308ller",
        "Mathematisch: 𝐏𝐚𝐬𝐬𝐰𝐨𝐫𝐭 und 🅿🅰🆂🆂",
        "v3r-tr4u-l1ch GEHEIM",
        // Ligatures that fold to three letters each: the fold outgrows its pooled offsets.
        string.Concat(Enumerable.Repeat("ﬃ", 300)) + " vertraulich",
        string.Concat(Enumerable.Repeat("ﬃ", 40)) + " vertraulich ä",
        "plain ascii prose with nothing to fold",
        string.Empty,
    ];

    [Theory]
    [MemberData(nameof(Drafts))]
    public void The_held_map_maps_as_the_rebuilt_one(string draft) => AssertSameMaps(draft);

    [Fact]
    public void The_held_map_maps_as_the_rebuilt_one_on_every_dev_post()
    {
        var posts = Directory.GetFiles(Path.Combine(RepoPaths.Root, "tests", "corpus"), "dev-*.jsonl")
            .Order(StringComparer.Ordinal)
            .SelectMany(CorpusPost.Load)
            .ToList();
        Assert.NotEmpty(posts);
        foreach (var post in posts)
        {
            AssertSameMaps(post.Text, everySpan: false);
        }
    }

    [Theory]
    [MemberData(nameof(Drafts))]
    public void A_check_finds_what_it_finds_on_a_text_normalized_apart(string draft)
    {
        var pack = DefaultPack.Value;
        var request = CheckRequest.Private(draft);
        var held = CheckEngine.Check(pack, request);
        var apart = CheckEngine.Check(pack, request, Normalizer.Normalize(draft));
        Assert.Equal(apart.Decision, held.Decision);
        Assert.Equal(apart.Findings.Select(f => (f.RuleId, f.Start, f.Length, f.Message)), held.Findings.Select(f => (f.RuleId, f.Start, f.Length, f.Message)));
    }

    [Theory]
    [InlineData(300)]
    [InlineData(40)]
    public void A_word_after_ligatures_maps_back_to_itself(int ligatures)
    {
        // 300 ligatures fold to 900 letters, more than the fold's first offsets hold: the offsets grow.
        var draft = string.Concat(Enumerable.Repeat("ﬃ", ligatures)) + " vertraulich!";
        foreach (var text in new[] { Normalizer.Normalize(draft), Normalizer.NormalizeHeld(draft) })
        {
            var at = text.Text.IndexOf("vertraulich", StringComparison.Ordinal);
            Assert.Equal((draft.IndexOf("vertraulich", StringComparison.Ordinal), "vertraulich".Length), text.ToOriginal(at, "vertraulich".Length));
            Assert.Equal((0, 1), text.ToOriginal(0, 3));
            Assert.Equal((ligatures - 1, 1), text.ToOriginal(at - 4, 3));
            text.Release();
        }
    }

    private static void AssertSameMaps(string draft, bool everySpan = true)
    {
        var rebuilt = Normalizer.Normalize(draft);
        var held = Normalizer.NormalizeHeld(draft);
        Assert.Equal(rebuilt.Text, held.Text);
        var n = rebuilt.Text.Length;
        for (var round = 0; round < 2; round++)
        {
            // First with the map held, then after Release (the map rebuilt by folding again).
            for (var start = -1; start <= n + 1; start++)
            {
                var lengths = everySpan ? Enumerable.Range(-1, n - Math.Max(start, 0) + 3) : [0, 1, 3, n - start];
                foreach (var length in lengths)
                {
                    Assert.Equal(Outcome(() => rebuilt.ToOriginal(start, length)), Outcome(() => held.ToOriginal(start, length)));
                }
            }

            for (var position = -1; position <= draft.Length + 1; position++)
            {
                Assert.Equal(rebuilt.FromOriginal(position), held.FromOriginal(position));
            }

            held.Release();
        }
    }

    // A span past the text throws in both, or maps to the same range in both.
    private static string Outcome(Func<(int Start, int Length)> map)
    {
        try
        {
            return map().ToString();
        }
        catch (IndexOutOfRangeException)
        {
            return "out of range";
        }
    }
}
