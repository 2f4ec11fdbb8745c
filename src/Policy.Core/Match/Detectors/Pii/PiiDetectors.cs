namespace Policy.Core.Match.Detectors.Pii;

/// <summary>The personal-data detectors (category pii).</summary>
public static class PiiDetectors
{
    public static IReadOnlyList<IDetector> All { get; } = [];
}
