using System.Globalization;
using System.Text;
using Policy.Core.Checking;
using Policy.Core.Decision;
using Policy.Core.Model;
using Policy.Core.Packs;

namespace Policy.Core.Evaluation;

/// <summary>What the engine made of one corpus post.</summary>
public sealed record PostOutcome(CorpusPost Post, Severity Decision, IReadOnlyList<Finding> Findings)
{
    public IReadOnlySet<string> Found { get; } = Findings.Select(f => f.Category).ToHashSet(StringComparer.Ordinal);

    public bool DecisionInBand => Decision >= Post.Min && Decision <= Post.Max;

    public bool InBand => DecisionInBand && Post.Categories.All(Found.Contains);

    /// <summary>A harmless post that was held back (warn or worse).</summary>
    public bool FalseAlarm => Post.IsClean && Decision >= Severity.Warn;
}

/// <summary>Per category: posts that expect it, how many of those found it and landed in band, and
/// how many posts found it at warn or above without expecting it.</summary>
public sealed record CategoryFigures(string Category, int Expected, int Found, int InBand, int FlaggedWithout)
{
    public double Recall => Expected == 0 ? double.NaN : (double)Found / Expected;

    public double InBandRate => Expected == 0 ? double.NaN : (double)InBand / Expected;

    public double Precision => Found + FlaggedWithout == 0 ? double.NaN : (double)Found / (Found + FlaggedWithout);
}

/// <summary>
/// Runs a labelled corpus through the engine as the API would, and reports in-band share, per
/// category recall and precision, the clean false-alarm rate, a confusion table of decisions and
/// the misses. The figures of held-out parts are reported without their misses, so that tuning
/// cannot read them.
/// </summary>
public sealed class CorpusEvaluation
{
    private CorpusEvaluation(IReadOnlyList<PostOutcome> outcomes) => Outcomes = outcomes;

    public IReadOnlyList<PostOutcome> Outcomes { get; }

    public int Posts => Outcomes.Count;

    public int InBand => Outcomes.Count(o => o.InBand);

    public double InBandRate => Posts == 0 ? double.NaN : (double)InBand / Posts;

    /// <summary>Posts whose decision lies in the expected band, whether or not every expected
    /// category was named (the reading of "in band"; <see cref="InBand"/> is the stricter one).</summary>
    public int DecisionInBand => Outcomes.Count(o => o.DecisionInBand);

    public double DecisionInBandRate => Posts == 0 ? double.NaN : (double)DecisionInBand / Posts;

    public int CleanPosts => Outcomes.Count(o => o.Post.IsClean);

    public int FalseAlarms => Outcomes.Count(o => o.FalseAlarm);

    public double FalseAlarmRate => CleanPosts == 0 ? double.NaN : (double)FalseAlarms / CleanPosts;

    public static CorpusEvaluation Run(CompiledPack pack, IEnumerable<CorpusPost> posts, Action<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(pack);
        var outcomes = new List<PostOutcome>();
        foreach (var post in posts)
        {
            var result = CheckEngine.Check(pack, post.ToRequest(pack));
            outcomes.Add(new PostOutcome(post, result.Decision, result.Findings));
            if (progress is not null && outcomes.Count % 50 == 0)
            {
                progress(outcomes.Count);
            }
        }

        progress?.Invoke(outcomes.Count);

        return new CorpusEvaluation(outcomes);
    }

    /// <summary>The evaluation of outcomes already computed (e.g. by a <see cref="PackSimulation"/>).</summary>
    public static CorpusEvaluation FromOutcomes(IReadOnlyList<PostOutcome> outcomes) => new(outcomes);

    /// <summary>One evaluation of several runs' outcomes (e.g. the folds of a cross-validation).</summary>
    public static CorpusEvaluation Combine(IEnumerable<CorpusEvaluation> parts) => new([.. parts.SelectMany(p => p.Outcomes)]);

    public IReadOnlyList<CategoryFigures> ByCategory() =>
        [.. CorpusPost.AllCategories.Select(c => new CategoryFigures(
            c,
            Outcomes.Count(o => o.Post.Categories.Contains(c)),
            Outcomes.Count(o => o.Post.Categories.Contains(c) && o.Found.Contains(c)),
            Outcomes.Count(o => o.Post.Categories.Contains(c) && o.InBand),
            Outcomes.Count(o => !o.Post.Categories.Contains(c) && o.Findings.Any(f => f.Category == c && f.Severity >= Severity.Warn)))),
         new CategoryFigures("clean", CleanPosts, CleanPosts - FalseAlarms, Outcomes.Count(o => o.Post.IsClean && o.InBand), 0)];

    /// <summary>The report as Markdown; misses only when asked (never for held-out parts).</summary>
    public string Report(string title, bool withMisses)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(inv, $"## {title}");
        sb.AppendLine();
        sb.AppendLine(inv, $"posts {Posts}: in band {InBand} ({Pct(InBandRate)}); clean posts warned or worse {FalseAlarms} of {CleanPosts} ({Pct(FalseAlarmRate)})");
        sb.AppendLine();
        sb.AppendLine(inv, $"\"In band\" asks for the decision in the expected band and every expected category named; the decision alone is in band for {DecisionInBand} ({Pct(DecisionInBandRate)}).");
        sb.AppendLine();
        sb.AppendLine("| category | posts | found (recall) | in band | precision (warn+) |");
        sb.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var c in ByCategory())
        {
            sb.AppendLine(c.Category == "clean"
                ? string.Create(inv, $"| clean | {c.Expected} | – | {c.InBand} ({Pct(c.InBandRate)}) | – |")
                : string.Create(inv, $"| {c.Category} | {c.Expected} | {c.Found} ({Pct(c.Recall)}) | {c.InBand} ({Pct(c.InBandRate)}) | {Pct(c.Precision)} |"));
        }

        sb.AppendLine();
        sb.AppendLine("Decisions: rows are the lowest acceptable decision, columns what the engine answered.");
        sb.AppendLine();
        var levels = Enum.GetValues<Severity>();
        sb.AppendLine("| expected ≥ \\ got | " + string.Join(" | ", levels.Select(l => l.ToWire())) + " |");
        sb.AppendLine("|---|" + string.Concat(levels.Select(_ => "---:|")));
        foreach (var row in levels)
        {
            sb.AppendLine($"| {row.ToWire()} | " + string.Join(" | ", levels.Select(col => Outcomes.Count(o => o.Post.Min == row && o.Decision == col).ToString(inv))) + " |");
        }

        if (withMisses)
        {
            sb.AppendLine();
            sb.AppendLine("Misses:");
            foreach (var o in Outcomes.Where(o => !o.InBand))
            {
                var expected = o.Post.IsClean ? "clean" : string.Join(",", o.Post.Categories);
                var got = string.Join(", ", o.Findings.Select(f => $"{f.RuleId}:{f.Severity.ToWire()}"));
                sb.AppendLine(inv, $"- {o.Post.Id} [{expected} {o.Post.Min.ToWire()}..{o.Post.Max.ToWire()}] got {o.Decision.ToWire()} ({got}): {OneLine(o.Post.Text)}");
            }
        }

        return sb.ToString();
    }

    private static string Pct(double v) => double.IsNaN(v) ? "–" : v.ToString("0.0 %", CultureInfo.InvariantCulture);

    private static string OneLine(string s)
    {
        var line = s.ReplaceLineEndings(" ⏎ ");
        return line.Length > 220 ? line[..220] + "…" : line;
    }
}
