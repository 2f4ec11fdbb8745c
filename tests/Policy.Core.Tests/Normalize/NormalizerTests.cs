using FsCheck;
using FsCheck.Fluent;
using Policy.Core.Normalize;

namespace Policy.Core.Tests.Normalize;

public sealed class NormalizerTests
{
    [Theory]
    [InlineData("VERTRAULICH", "vertraulich")]
    [InlineData("ver\u200Btrau\u200Dlich", "vertraulich")]                 // zero-width space and joiner
    [InlineData("ver\u202Etrau\u202Clich", "vertraulich")]                 // bidi override
    [InlineData("vertr\u0430ulich", "vertraulich")]                        // Cyrillic а
    [InlineData("V\u0415RTR\u0410ULICH", "vertraulich")]                 // Cyrillic Е and А in capitals
    [InlineData("ｖｅｒｔｒａｕｌｉｃｈ", "vertraulich")]                  // fullwidth
    [InlineData("V E R T R A U L I C H", "vertraulich")]                  // spaced out
    [InlineData("g-e-h-e-i-m", "geheim")]
    [InlineData("ver-trau-lich", "vertraulich")]                          // syllables
    [InlineData("Ver-trau-li-che Zahlen", "vertrauliche zahlen")]
    [InlineData("IN-TER-NAL:", "internal:")]                              // syllables in capitals
    [InlineData("con-fi-den-tial", "confidential")]
    [InlineData("v3r-tr4u-l1ch", "vertraulich")]                          // syllables, then leetspeak
    [InlineData("Geschäftsgeheimnis", "geschaeftsgeheimnis")]
    [InlineData("Geschaeftsgeheimnis", "geschaeftsgeheimnis")]
    [InlineData("Gescha\u0308ftsgeheimnis", "geschaeftsgeheimnis")]       // decomposed umlaut
    [InlineData("Straße", "strasse")]
    [InlineData("ﬁnanzen", "finanzen")]                                  // ligature via NFKC
    [InlineData("𝐯𝐞𝐫𝐭𝐫𝐚𝐮𝐥𝐢𝐜𝐡", "vertraulich")]                        // mathematical bold
    [InlineData("a  \t\n b", "a b")]                                      // whitespace runs collapse
    public void Folds_evasions_to_the_plain_word(string input, string expected) =>
        Assert.Equal(expected, Normalizer.Normalize(input).Text);

    [Theory]
    [InlineData("Ich bin in Berlin")]                                     // single letters in prose stay
    [InlineData("a b c")]                                                 // too short to be a spaced word
    [InlineData("Plan A, B oder C")]
    [InlineData("Unser Drei-Tage-Bart")]                                  // compounds of nouns keep their hyphens
    [InlineData("der Check-in-Code")]
    [InlineData("die E-Mail-Adresse")]                                    // a one-letter part
    [InlineData("ein Kopf-an-Kopf-Rennen")]
    [InlineData("das Wi-Fi")]                                             // two parts are no syllable chain
    [InlineData("alt-neu-alt2")]                                          // a digit ends no syllable
    public void Leaves_ordinary_prose_alone(string input) =>
        Assert.Equal(input.ToLowerInvariant(), Normalizer.Normalize(input).Text);

    [Fact]
    public void Maps_a_spaced_word_back_to_the_whole_original_run()
    {
        const string text = "Achtung: V E R T R A U L I C H bitte";
        var n = Normalizer.Normalize(text);
        var at = n.Text.IndexOf("vertraulich", StringComparison.Ordinal);
        var (start, length) = n.ToOriginal(at, "vertraulich".Length);
        Assert.Equal("V E R T R A U L I C H", text.Substring(start, length));
    }

    [Fact]
    public void Maps_a_word_joined_from_syllables_back_to_the_hyphenated_original()
    {
        const string text = "Kurz: ver-trau-lich, aber egal";
        var n = Normalizer.Normalize(text);
        var at = n.Text.IndexOf("vertraulich", StringComparison.Ordinal);
        var (start, length) = n.ToOriginal(at, "vertraulich".Length);
        Assert.Equal("ver-trau-lich", text.Substring(start, length));
    }

    [Fact]
    public void Maps_an_expanded_umlaut_back_to_one_character()
    {
        const string text = "Das Geschäft läuft";
        var n = Normalizer.Normalize(text);
        var at = n.Text.IndexOf("geschaeft", StringComparison.Ordinal);
        var (start, length) = n.ToOriginal(at, "geschaeft".Length);
        Assert.Equal("Geschäft", text.Substring(start, length));
    }

    [Fact]
    public void Maps_across_removed_zero_width_characters()
    {
        const string text = "x ver\u200Btraulich y";
        var n = Normalizer.Normalize(text);
        var (start, length) = n.ToOriginal(2, "vertraulich".Length);
        Assert.Equal("ver\u200Btraulich", text.Substring(start, length));
    }

    [Fact]
    public void Every_normalized_span_maps_inside_the_original() =>
        Prop.ForAll(
            ArbMap.Default.ArbFor<string>().Filter(s => s is not null),
            original =>
            {
                var n = Normalizer.Normalize(original);
                for (var i = 0; i < n.Text.Length; i++)
                {
                    for (var len = 1; i + len <= n.Text.Length && len <= 4; len++)
                    {
                        var (s, l) = n.ToOriginal(i, len);
                        if (s < 0 || l < 0 || s + l > original.Length)
                        {
                            return false;
                        }
                    }
                }

                return true;
            }).QuickCheckThrowOnFailure();

    [Fact]
    public void Normalizing_twice_changes_nothing_more() =>
        Prop.ForAll(
            ArbMap.Default.ArbFor<string>().Filter(s => s is not null),
            original =>
            {
                var once = Normalizer.Normalize(original).Text;
                return Normalizer.Normalize(once).Text == once;
            }).QuickCheckThrowOnFailure();
}
