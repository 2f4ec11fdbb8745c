namespace Policy.Core.Match.Detectors;

/// <summary>
/// The ASCII digits a detector's text must hold before the detector can find anything: at least
/// <see cref="Digits"/> of them, and a run of at least <see cref="Run"/> in a row (0: no need).
/// Worked out once per check from the normalized text (<see cref="Checking.CheckScope.HasDigits"/>),
/// so the engine skips such a detector on a draft without them instead of calling it, where each of
/// ten personal-data detectors counted the draft's digits again itself.
/// </summary>
internal readonly record struct DigitNeed(int Digits, int Run)
{
    public bool IsNone => Digits <= 0 && Run <= 0;
}

/// <summary>A detector that reads the normalized text and finds nothing in one without
/// <see cref="Needs"/>: its Scan begins by returning on exactly that test (PiiText.HasDigits /
/// HasDigitRun, or a weaker one such as a length no text without the digits can reach).</summary>
internal interface INeedsDigits
{
    DigitNeed Needs { get; }
}
