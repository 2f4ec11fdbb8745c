namespace Policy.Core.Match.Detectors.Secrets;

/// <summary>The secret detectors (category credential).</summary>
public static class SecretDetectors
{
    public static IReadOnlyList<IDetector> All { get; } = [];
}
