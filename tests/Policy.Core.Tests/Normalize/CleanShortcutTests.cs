using Policy.Core.Evaluation;
using Policy.Core.Normalize;

namespace Policy.Core.Tests.Normalize;

/// <summary>
/// <see cref="Normalizer.Clean"/> hands back the draft itself when its fold would change nothing
/// (a per-character table worked out from the fold). The shortcut must give exactly what the full
/// fold gives: the same text and the same original range for every character.
/// </summary>
public sealed class CleanShortcutTests
{
    [Theory]
    [InlineData("Schöne Grüße aus Köln – bis Mittwoch 😅🚀 ☕")]
    [InlineData("Das P a s s w o r t ist Sommer")]
    [InlineData("ä b c d sind vier einzelne Buchstaben")]
    [InlineData("Ü B E R R A S C H U N G")]
    [InlineData("Code 2️⃣0️⃣2️⃣4️⃣✳️ an der Tür")]
    [InlineData("Code 3⃣ und 4\u20E3")]
    [InlineData("Passwоrt mit kyrillischem о")]
    [InlineData("Ｆｕｌｌｗｉｄｔｈ und ﬁ-Ligatur … und ²")]
    [InlineData("geschütztes\u00A0Leerzeichen und\u2009schmales")]
    [InlineData("Pass\u200Bwort mit unsichtbarem Zeichen, so\u00ADft hyphen")]
    [InlineData("Kombinierte Umlaute: Mu\u0308ller, Cafe\u0301")]
    [InlineData("Mathematisch: 𝐏𝐚𝐬𝐬𝐰𝐨𝐫𝐭 und 🅿🅰🆂🆂")]
    [InlineData("Flaggen 🇩🇪 und Tags 🏴\U000E0067\U000E0062\U000E007F")]
    [InlineData("einzelnes Surrogat \uD83D hier und \uDE05 da")]
    [InlineData("Ελληνικά και кириллица")]
    public void The_shortcut_gives_what_the_full_fold_gives(string draft) => AssertSame(draft);

    [Fact]
    public void The_shortcut_gives_what_the_full_fold_gives_on_every_dev_post()
    {
        var posts = Directory.GetFiles(Path.Combine(RepoPaths.Root, "tests", "corpus"), "dev-*.jsonl")
            .Order(StringComparer.Ordinal)
            .SelectMany(CorpusPost.Load)
            .ToList();
        var keptAsIs = 0;
        foreach (var post in posts)
        {
            AssertSame(post.Text);
            keptAsIs += ReferenceEquals(Normalizer.Clean(post.Text).Text, post.Text) ? 1 : 0;
        }

        // Most drafts take the shortcut, or it would not be worth having.
        Assert.True(keptAsIs > posts.Count / 2, $"{keptAsIs} of {posts.Count} drafts kept as they are");
    }

    /// <summary>The spaced-letter test reads a bit per space, 64 characters a word: a run wherever it
    /// stands (across a word's edge too), runs of three letters and double spaces that are none, and
    /// drafts longer than the masked ones.</summary>
    [Fact]
    public void The_shortcut_finds_spaced_letters_wherever_they_stand()
    {
        foreach (var filler in new[] { "x", "Straße ", "ab ", "a  " })
        {
            for (var at = 0; at < 150; at++)
            {
                var before = string.Concat(Enumerable.Repeat(filler, 150))[..at];
                AssertSame(before + "p a s s und weiter");
                AssertSame(before + "a b c nur drei");
                AssertSame(before + "a  b  c  d doppelt");
                AssertSame(before + "e n d");
            }
        }

        AssertSame(new string('x', 5_000) + " k e n n w o r t");
        AssertSame(new string('y', 4_090) + " q r s t");
        Assert.NotSame("prefix c o d e", Normalizer.Clean("prefix c o d e").Text);
    }

    private static void AssertSame(string draft)
    {
        var shortcut = Normalizer.Clean(draft);
        var folded = Normalizer.CleanByFolding(draft);
        Assert.Equal(folded.Text, shortcut.Text);
        for (var i = 0; i < folded.Text.Length; i++)
        {
            Assert.Equal(folded.ToOriginal(i, 1), shortcut.ToOriginal(i, 1));
            Assert.Equal(folded.ToOriginal(i, folded.Text.Length - i), shortcut.ToOriginal(i, folded.Text.Length - i));
        }
    }
}
