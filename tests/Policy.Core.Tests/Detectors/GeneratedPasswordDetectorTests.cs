using Policy.Core.Match.Detectors;
using Policy.Core.Match.Detectors.Secrets;
using Xunit;

namespace Policy.Core.Tests.Detectors;

/// <summary>generated-password: a word shaped like a password, with or without a word for it.</summary>
public sealed class GeneratedPasswordDetectorTests
{
    private static List<string> Found(string text)
    {
        var detector = SecretDetectors.All.Single(d => d.Name == "generated-password");
        var hits = new List<DetectorHit>();
        if (SecretDetectors.KeywordsPresent(detector, text))
        {
            detector.Scan(text, hits);
        }

        return [.. hits.Select(h => text.Substring(h.Start, h.Length))];
    }

    [Theory]
    [InlineData("For the temps: log into the appointment system with praxis.temp / Rhein#Med77. Please don't change it!", "Rhein#Med77")]
    [InlineData("remote diagnostics VPN is still hk-remote / Quay!Side_65, please don't lock it out again.", "Quay!Side_65")]
    [InlineData("dasselbe wie letztes Jahr, nur hinten 2025 statt 2024. Also L@s3r!2025 😅", "L@s3r!2025")]
    [InlineData("…und hier Teil 2 wie versprochen: 'Kessel#88' – zusammensetzen, fertig", "Kessel#88")]
    [InlineData("Nutzt bis Montag bitte zahlsim_admin und dann Fr@nkfurt-2024!nacht.", "Fr@nkfurt-2024!nacht")]
    [InlineData("auth=('rw-partner-api', 'Xq7!mPz2#Lk9')) gibt mir 403", "Xq7!mPz2#Lk9")]
    public void Finds_a_password_shaped_word_without_a_word_for_it(string text, string value) => Assert.Equal([value], Found(text));

    [Theory]
    // The bad example of a training: the word password itself in leetspeak, with a year.
    [InlineData("Today I learned in our phishing drill that 'P@ssw0rd2024' is the most-used password. Don't be that person.")]
    // A word spelt in leetspeak to slip past a filter is a word, not a password.
    [InlineData("Kleiner T!pp: vor den Q3-Z@hl3n kaufen, die Fr@chtr@t3n sind intern besser.")]
    // Handles, hashtags, links, assignments, star ratings, a sentence's closing mark.
    [InlineData("@MrGrumpy74 thanks! #Team2024! mega.nz/file/x8Kq2#Lm93 Host=db;Port=5432 4*-Hotel Sommer2024!")]
    [InlineData("Unser neues Modell heißt E-Bike X2 und kostet 2.499 € – wow!")]
    public void Takes_no_word_a_filter_dodge_a_training_or_a_link_explains(string text) => Assert.Empty(Found(text));
}
