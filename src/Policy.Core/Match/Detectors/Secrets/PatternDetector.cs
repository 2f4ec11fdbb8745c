using System.Text.RegularExpressions;

namespace Policy.Core.Match.Detectors.Secrets;

/// <summary>
/// A secret format given by one regular expression. The hit is the named group <c>s</c> (the value
/// alone), or the whole match when the pattern has no such group. A value is kept when its Shannon
/// entropy reaches <see cref="MinEntropy"/>, it is not a placeholder (unless
/// <see cref="AllowPlaceholders"/>), and <see cref="Validate"/> (if any) accepts it.
/// </summary>
/// <remarks>
/// <para>Every pattern runs on the non-backtracking engine: its cost is linear in the draft by
/// construction, whatever an attacker sends. That engine has no lookarounds, so a token's edges are
/// characters the match consumes, in named groups:</para>
/// <list type="bullet">
/// <item><c>b</c>: exactly one character before the token (what a lookbehind would have looked at). The
/// draft is scanned with a line break in front, so a token at its start has one too; the next search
/// starts one character before the end of the previous token, so that character can be the next one's
/// <c>b</c>, exactly where a lookbehind would have looked.</item>
/// <item><c>t</c>: the characters after the token (what a lookahead would have looked at); the token ends
/// where <c>t</c> starts, and the next search starts there.</item>
/// <item><c>eq</c>: a plain "=" that must not be followed by a second "=" (checked here after the match;
/// a rejected match is searched again one character further, as the backtracking engine would have).</item>
/// </list>
/// <para>The regex is built on first use (most detectors never run: their keywords are absent), with a
/// match timeout as a last resort. On a timeout the detector keeps the hits found so far.</para>
/// </remarks>
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

    /// <summary>The compiled regex (non-backtracking).</summary>
    internal Regex Regex => _regex.Value;

    public void Scan(string text, List<DetectorHit> hits) => Each(text, hits, null);

    /// <summary>Where group <c>s</c> (or the match) lies in each match, before entropy, placeholder and
    /// validation checks: what the tests compare with the backtracking originals.</summary>
    internal List<(int Index, int Length)> Spans(string text)
    {
        var spans = new List<(int Index, int Length)>();
        Each(text, null, spans);
        return spans;
    }

    private void Each(string text, List<DetectorHit>? hits, List<(int Index, int Length)>? spans)
    {
        var regex = _regex.Value;
        if (regex.GroupNumberFromName("b") < 0)
        {
            for (var m = regex.Match(text); m.Success; m = m.NextMatch())
            {
                Keep(m, 0, hits, spans);
            }

            return;
        }

        // Positions in the padded text are one more than in the draft.
        var padded = string.Concat("\n", text);
        var at = 0;
        while (at < padded.Length)
        {
            var m = regex.Match(padded, at);
            if (!m.Success)
            {
                return;
            }

            var start = m.Index + 1;
            var eq = m.Groups["eq"];
            if (eq.Success && eq.Index + 1 < padded.Length && padded[eq.Index + 1] == '=')
            {
                // No match starts here; the next start is one further (its b is this start).
                at = start;
                continue;
            }

            Keep(m, 1, hits, spans);
            var t = m.Groups["t"];
            var end = t.Success ? t.Index : m.Index + m.Length;
            at = Math.Max(end, start + 1) - 1;
        }
    }

    private void Keep(System.Text.RegularExpressions.Match m, int offset, List<DetectorHit>? hits, List<(int Index, int Length)>? spans)
    {
        var g = m.Groups["s"];
        var span = g.Success ? g : (Group)m;
        if (spans is not null)
        {
            spans.Add((span.Index - offset, span.Length));
            return;
        }

        var value = span.ValueSpan;
        if (MinEntropy > 0 && SecretText.Entropy(value) < MinEntropy)
        {
            return;
        }

        if (!AllowPlaceholders && SecretText.IsPlaceholder(value))
        {
            return;
        }

        if (Validate is not null && !Validate(span.Value))
        {
            return;
        }

        hits!.Add(new DetectorHit(span.Index - offset, span.Length, Name));
    }

    public override string ToString() => Name;

    /// <summary>Non-backtracking; a pattern the engine cannot run (a lookaround, a backreference, an
    /// atomic group) is a programming error, reported when the detector first runs.</summary>
    internal static Regex Compile(string pattern) =>
        new(pattern, (SecretText.Options & ~RegexOptions.Compiled) | RegexOptions.NonBacktracking, SecretText.Timeout);
}
