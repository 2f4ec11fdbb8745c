using Policy.Core.Match.Detectors;
using Policy.Core.Match.Detectors.Pii;
using Policy.Core.Normalize;
using Xunit;

namespace Policy.Core.Tests.Detectors;

/// <summary>iban-shaped: a value given as an IBAN whose check digits fail (a typo or an invented
/// number is still meant as an account); the valid ones stay the checked detector's.</summary>
public sealed class IbanShapedDetectorTests
{
    private static List<string> Found(string draft)
    {
        var text = Normalizer.Normalize(draft).Text;
        var hits = new List<DetectorHit>();
        new IbanShapedDetector().Scan(text, hits);
        return [.. hits.Select(h => text.Substring(h.Start, h.Length))];
    }

    private static List<string> FoundChecked(string draft)
    {
        var text = Normalizer.Normalize(draft).Text;
        var hits = new List<DetectorHit>();
        new IbanDetector().Scan(text, hits);
        return [.. hits.Select(h => text.Substring(h.Start, h.Length))];
    }

    [Theory]
    [InlineData("Die Karte lautet auf Marlene Ohst, IBAN DE44 8105 3272 0641 0283 99. Melde dich!", "de44 8105 3272 0641 0283 99")]
    [InlineData("Customer's IBAN got mistyped again: DE44 2005 0550 1234 5678 90 should end in 91.", "de44 2005 0550 1234 5678 90")]
    [InlineData("Überweist es auf mein Konto DE12 5001 0517 0648 4898 91, danke", "de12 5001 0517 0648 4898 91")]
    public void Finds_a_value_given_as_an_iban_whose_check_digits_fail(string draft, string value)
    {
        Assert.Equal([value], Found(draft));
        Assert.Empty(FoundChecked(draft));
    }

    [Theory]
    [InlineData("IBAN DE89 3704 0044 0532 0130 00 bitte")] // valid: the checked detector's
    [InlineData("Die IBAN DE44 8105 3272 0641 0283 99 aus dem Beispiel ist ungültig.")] // called an example
    [InlineData("Spendenkonto: Förderverein Zoo e.V., IBAN DE61 6835 0048 0001 2345 67. Danke!")] // donation account
    [InlineData("Bestellnummer DE44 8105 3272 0641 0283 99 ist unterwegs")] // not given as an account
    [InlineData("IBAN DE44 8105 3272 0641 0283")] // too short for Germany
    public void Stays_quiet_on_values_that_are_not_an_unchecked_account(string draft) =>
        Assert.Empty(Found(draft));

    [Fact]
    public void The_checked_detector_still_finds_the_valid_one() =>
        Assert.Equal(["de89 3704 0044 0532 0130 00"], FoundChecked("IBAN DE89 3704 0044 0532 0130 00 bitte"));
}
