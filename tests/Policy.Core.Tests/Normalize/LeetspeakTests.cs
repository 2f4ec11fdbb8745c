using Policy.Core.Normalize;
using Xunit;

namespace Policy.Core.Tests.Normalize;

/// <summary>Digits and '!' standing for letters inside a word are folded in the matching view only.</summary>
public sealed class LeetspeakTests
{
    [Theory]
    [InlineData("P4ssw0rt lautet", "passwort lautet")]
    [InlineData("v3rtr4ul1ch!", "vertraulich!")]
    [InlineData("c0nf1d3nt14l roadmap", "confidential roadmap")]
    [InlineData("n!cht w3!t3rg3b3n", "nicht weitergeben")]
    public void Look_alike_digits_inside_words_become_letters(string text, string normalized) =>
        Assert.Equal(normalized, Normalizer.Normalize(text).Text);

    [Theory]
    [InlineData("Toll!")] // a '!' at the end is punctuation
    [InlineData("DE89370400440532013000")] // no letters to speak of, and 8, 9, 2 are no look-alikes
    [InlineData("Reisepass C01X00T47")] // mostly digits: an id, not a word
    [InlineData("Win10 und Q3")] // short
    [InlineData("Sommer2026")] // 2 and 6 stand for nothing
    public void Numbers_and_ids_keep_their_digits(string text) =>
        Assert.Equal(text.ToLowerInvariant(), Normalizer.Normalize(text).Text);

    [Fact]
    public void The_detectors_view_keeps_the_value_and_spans_still_point_into_the_original()
    {
        const string text = "Das P4ssw0rt ist H4ll0W3lt";
        Assert.Equal(text, Normalizer.Clean(text).Text);
        var normalized = Normalizer.Normalize(text);
        var at = normalized.Text.IndexOf("passwort", StringComparison.Ordinal);
        Assert.Equal((4, 8), normalized.ToOriginal(at, 8));
    }
}
