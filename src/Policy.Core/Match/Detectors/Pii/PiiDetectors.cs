namespace Policy.Core.Match.Detectors.Pii;

/// <summary>The personal-data detectors (category pii). See docs/detectors-pii.md.</summary>
public static class PiiDetectors
{
    public static IReadOnlyList<IDetector> All { get; } =
    [
        new IbanDetector(),
        new IbanShapedDetector(),
        new CreditCardDetector(),
        new EmailDetector(),
        new PhoneDetector(),
        new IpAddressDetector(),
        new MacAddressDetector(),
        new UrlDetector(),
        new CryptoDetector(),
        new DeTaxIdDetector(),
        new DeVatIdDetector(),
        new DeIdCardDetector(),
        new DePassportDetector(),
        new DeSocialSecurityDetector(),
        new DeHealthInsuranceDetector(),
        new DeHandelsregisterDetector(),
        new DeTaxNumberDetector(),
        new HomeAddressDetector(),
    ];
}
