namespace Policy.Core.Evaluation;

/// <summary>Bounds for a corpus read from an untrusted upload; the shell's own files are unbounded.</summary>
public sealed record CorpusLimits
{
    public static CorpusLimits Unbounded { get; } = new() { MaxPosts = int.MaxValue, MaxTextLength = int.MaxValue };

    public int MaxPosts { get; init; } = 5_000;

    /// <summary>The same bound as a draft sent to the checks endpoint.</summary>
    public int MaxTextLength { get; init; } = 10_000;
}
