namespace Policy.Core.Packs;

/// <summary>A problem in a pack, at the place HR has to look: file, line and column (1-based), and the rule.</summary>
public sealed record PackError(string File, int Line, int Column, string? RuleId, string Message)
{
    public override string ToString() =>
        RuleId is null ? $"{File}:{Line}:{Column}: {Message}" : $"{File}:{Line}:{Column}: rule '{RuleId}': {Message}";
}

/// <summary>A pack was refused; it lists every problem found, not just the first.</summary>
public sealed class PackLoadException : Exception
{
    public PackLoadException(IReadOnlyList<PackError> errors)
        : base(errors.Count == 1 ? errors[0].ToString() : $"{errors.Count} problems; first: {errors[0]}") => Errors = errors;

    public PackLoadException(PackError error)
        : this([error])
    {
    }

    public PackLoadException()
        : this(new PackError("?", 0, 0, null, "unknown pack error"))
    {
    }

    public PackLoadException(string message)
        : this(new PackError("?", 0, 0, null, message))
    {
    }

    public PackLoadException(string message, Exception innerException)
        : base(message, innerException) => Errors = [new PackError("?", 0, 0, null, message)];

    public IReadOnlyList<PackError> Errors { get; }
}

/// <summary>Bounds for untrusted packs: an upload must not cost the server more than a moment.</summary>
public sealed record PackLimits
{
    public static PackLimits Default { get; } = new();

    public int MaxBytes { get; init; } = 1024 * 1024;

    public int MaxDepth { get; init; } = 64;

    public int MaxItemsPerList { get; init; } = 20_000;

    public int MaxTermsPerPack { get; init; } = 60_000;

    public int MaxRules { get; init; } = 2_000;

    public int MaxRegexLength { get; init; } = 2_000;

    /// <summary>Wall-clock time reading a pack may take before it is refused. Reading is linear in the
    /// size, so a 1 MB pack needs a fraction of this; the budget bounds what a shape nobody thought of
    /// could cost, and a slow machine under load must still accept an ordinary pack.</summary>
    public TimeSpan ParseBudget { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The clock of <see cref="ParseBudget"/>.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Pack regexes are non-backtracking, so their cost is linear in the text; the timeout is a
    /// last-resort guard. It is generous because a non-backtracking regex builds its automaton lazily,
    /// and that first match under load must not fail a check (a timeout yields review).</summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromSeconds(2);
}
