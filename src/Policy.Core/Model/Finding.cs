
namespace Policy.Core.Model;

/// <summary>
/// One reason for a decision: which rule, which guideline section, where in the original text,
/// what it saw (masked where the datum is secret or personal) and how to fix it.
/// </summary>
public sealed record Finding(
    string RuleId,
    string Category,
    Severity Severity,
    Section Section,
    int Start,
    int Length,
    string Evidence,
    string Message,
    string Suggestion,
    string? Insert = null)
{
    /// <summary>The attachment (index into the request's attachments) the finding is about; null for the text.</summary>
    public int? Attachment { get; init; }

    /// <summary>Where in that attachment's image, for a finding in text read from the image; its span is then empty.</summary>
    public ImageBox? Box { get; init; }

    /// <summary>A hit (the rule saw something) or an error (the rule could not decide).</summary>
    public FindingKind Kind { get; init; }
}

/// <summary>What a finding reports.</summary>
public enum FindingKind
{
    /// <summary>The rule saw something in the draft; span and evidence say where and what.</summary>
    Hit,

    /// <summary>The rule failed while evaluating (a regex timeout, a bug): no span, no evidence,
    /// at least review, so a rule that cannot decide never lets a draft through.</summary>
    Error,
}

/// <summary>A rectangle in an image's pixels, as the image is shown (EXIF orientation applied).</summary>
public sealed record ImageBox(int X, int Y, int Width, int Height)
{
    public ImageBox Union(ImageBox other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var x = Math.Min(X, other.X);
        var y = Math.Min(Y, other.Y);
        return new(x, y, Math.Max(X + Width, other.X + other.Width) - x, Math.Max(Y + Height, other.Y + other.Height) - y);
    }
}

/// <summary>The answer to "may I post this?" with every finding that led to it.</summary>
public sealed record CheckResult(Severity Decision, IReadOnlyList<Finding> Findings, string Language)
{
    private static readonly CheckResult AllowDe = new(Severity.Allow, [], "de");
    private static readonly CheckResult AllowEn = new(Severity.Allow, [], "en");
    private static readonly CheckResult AllowAuto = new(Severity.Allow, [], "auto");

    public IEnumerable<string> RuleIds => Findings.Select(f => f.RuleId).Distinct(StringComparer.Ordinal);

    /// <summary>"allow" without findings; shared instances for the usual languages (the record is immutable).</summary>
    internal static CheckResult Allowed(string language) => language switch
    {
        "de" => AllowDe,
        "en" => AllowEn,
        "auto" => AllowAuto,
        _ => new(Severity.Allow, [], language),
    };
}
