using System.Collections.Frozen;

namespace Policy.Core.Match;

/// <summary>Inflection endings a whole-word term may carry unless the pack says otherwise.</summary>
public static class TermDefaults
{
    /// <summary>German noun and adjective endings plus the English plural and verb forms:
    /// "Geheimnis" matches "Geheimnisse", "vertraulich" matches "vertraulichen", "leak" matches "leaked".</summary>
    public static FrozenSet<string> Endings { get; } = FrozenSet.ToFrozenSet(
        ["e", "en", "em", "er", "es", "n", "s", "ern", "ens", "nen", "se", "sen", "ses", "ed", "ing", "d"],
        StringComparer.Ordinal);

    public static FrozenSet<string> NoEndings { get; } = FrozenSet<string>.Empty;
}
