using System.Collections.Frozen;
using Policy.Core.Match.Detectors;
using Policy.Core.Match.Detectors.Pii;
using Policy.Core.Match.Detectors.Secrets;

namespace Policy.Core.Match;

/// <summary>Every built-in detector by name. Packs refer to detectors by these names.</summary>
public static class DetectorCatalog
{
    public static FrozenDictionary<string, IDetector> ByName { get; } =
        PiiDetectors.All.Concat(SecretDetectors.All).ToFrozenDictionary(d => d.Name, StringComparer.Ordinal);

    public static IEnumerable<string> PiiNames => PiiDetectors.All.Select(d => d.Name);

    public static IEnumerable<string> SecretNames => SecretDetectors.All.Select(d => d.Name);
}
