using System.Text.RegularExpressions;

namespace Policy.Core.Match.Detectors.Secrets;

/// <summary>
/// A secret format given by one regular expression. The hit is the named group <c>s</c> (the value
/// alone), or the whole match when the pattern has no such group. A value is kept when its Shannon
/// entropy reaches <see cref="MinEntropy"/>, it is not a placeholder (unless
/// <see cref="AllowPlaceholders"/>), and <see cref="Validate"/> (if any) accepts it.
/// </summary>
/// <remarks>The regex is built on first use (most detectors never run: their keywords are absent),
/// non-backtracking where the pattern allows, else compiled, with a match timeout. On a timeout the
/// detector keeps the hits found so far.</remarks>
public sealed class PatternDetector : IDetector
{
    private readonly Lazy<Regex> _regex;

    public PatternDetector(string name, string pattern, IReadOnlyList<string> keywords, double minEntropy = 0,
        Func<string, bool>? validate = null, bool allowPlaceholders = false)
    {
        Name = name;
        Pattern = pattern;
        Keywords = keywords;
        MinEntropy = minEntropy;
        Validate = validate;
        AllowPlaceholders = allowPlaceholders;
        _regex = new Lazy<Regex>(() => Compile(pattern), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Name { get; }

    public string Pattern { get; }

    public DetectorInput Input => DetectorInput.Original;

    public IReadOnlyList<string> Keywords { get; }

    public double MinEntropy { get; }

    public Func<string, bool>? Validate { get; }

    public bool AllowPlaceholders { get; }

    public void Scan(string text, List<DetectorHit> hits)
    {
        for (var m = _regex.Value.Match(text); m.Success; m = m.NextMatch())
        {
            var g = m.Groups["s"];
            var span = g.Success ? g : (Group)m;
            var value = span.ValueSpan;
            if (MinEntropy > 0 && SecretText.Entropy(value) < MinEntropy)
            {
                continue;
            }

            if (!AllowPlaceholders && SecretText.IsPlaceholder(value))
            {
                continue;
            }

            if (Validate is not null && !Validate(span.Value))
            {
                continue;
            }

            hits.Add(new DetectorHit(span.Index, span.Length, Name));
        }
    
    }

    public override string ToString() => Name;

    /// <summary>Non-backtracking where the pattern allows it (no lookarounds, backreferences or atomic
    /// groups), so its cost is linear by construction; otherwise the backtracking engine, on a pattern
    /// written to be linear and held to it by the adversarial benchmark.</summary>
    internal static Regex Compile(string pattern)
    {
        try
        {
            return new Regex(pattern, (SecretText.Options & ~RegexOptions.Compiled) | RegexOptions.NonBacktracking, SecretText.Timeout);
        }
        catch (NotSupportedException)
        {
            return new Regex(pattern, SecretText.Options, SecretText.Timeout);
        }
    }
}
