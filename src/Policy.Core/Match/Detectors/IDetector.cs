namespace Policy.Core.Match.Detectors;

/// <summary>A span a detector found: start and length in the text it was given.</summary>
/// <param name="Entity">What was found, e.g. "IBAN" or "aws-access-token"; used in messages, never the value.</param>
public readonly record struct DetectorHit(int Start, int Length, string Entity);

/// <summary>Which view of the draft a detector reads.</summary>
public enum DetectorInput
{
    /// <summary>The normalized text: lower case, zero-width and bidi removed, look-alikes folded,
    /// ä → ae, ö → oe, ü → ue, ß → ss. Evasions are gone, but case is lost.</summary>
    Normalized,

    /// <summary>The text as the employee wrote it. Secrets need case and exact characters.</summary>
    Original,
}

/// <summary>
/// A built-in detector for a kind of personal datum or secret: a pattern plus whatever validation
/// (checksum, entropy, context) keeps it precise. Stateless and thread-safe: one instance serves
/// every check in the process.
/// </summary>
public interface IDetector
{
    /// <summary>Stable id a pack names, e.g. "iban", "credit-card", "aws-access-token".</summary>
    string Name { get; }

    DetectorInput Input { get; }

    /// <summary>Lower-case ASCII substrings of which at least one must occur (case-insensitively)
    /// in the text for the detector to be worth running; empty means always run.
    /// The engine finds them in its single automaton pass, so a detector with keywords costs nothing
    /// on texts without them.</summary>
    IReadOnlyList<string> Keywords { get; }

    /// <summary>Appends every hit in <paramref name="text"/> to <paramref name="hits"/>.</summary>
    void Scan(string text, List<DetectorHit> hits);
}
