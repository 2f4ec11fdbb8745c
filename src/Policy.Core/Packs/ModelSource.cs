using System.Globalization;
using Policy.Core.Match.Model;
using YamlDotNet.RepresentationModel;

namespace Policy.Core.Packs;

/// <summary>
/// Reads a pack's <c>model:</c> block, the trained layer written by <c>policy train</c>:
/// <code>
/// model:
///   version: 2026-12-06.1
///   about: trained on 2,211 posts of tests/corpus dev-*.jsonl
///   heads: [insider, confidential, tone]
///   bias: [-3.2, -2.7, -4.0]
///   weights: |
///     b:nicht_weitergeben 1=2.31
///     w:aktie 0=1.04 1=0.12
/// </code>
/// Each weight line is a feature name (see <see cref="ModelFeatures"/>) and <c>head=weight</c> pairs
/// for the heads it moves. The block is part of the pack file, so the pack's SHA-256 covers it.
/// Untrusted like the rest of an upload: bounded in features and heads, every weight finite.
/// </summary>
internal static class ModelSource
{
    public const int MaxFeatures = 60_000;
    public const int MaxHeads = 32;
    private const float MaxWeight = 100f;

    public static TextModel Parse(YamlNodes y, YamlNode node)
    {
        var m = y.Keys(node, ["version", "about", "heads", "bias", "weights"], "the model");
        var version = y.NonEmpty(y.Required(m, "version", node, "the model"), "version");
        var headsNode = y.Required(m, "heads", node, "the model");
        var heads = y.Strings(headsNode, "heads", MaxHeads);
        if (heads.Count == 0 || heads.Distinct(StringComparer.Ordinal).Count() != heads.Count
            || heads.Exists(h => h.Length == 0 || !h.All(c => char.IsAsciiLetterLower(c) || c == '-')))
        {
            throw y.Error(headsNode, "heads are distinct lower-case category names such as insider, tone");
        }

        var biasNode = y.Required(m, "bias", node, "the model");
        var bias = y.Strings(biasNode, "bias", MaxHeads).Select(b => Number(y, biasNode, b)).ToArray();
        if (bias.Length != heads.Count)
        {
            throw y.Error(biasNode, $"bias has {bias.Length} values for {heads.Count} heads");
        }

        var weightsNode = y.Required(m, "weights", node, "the model");
        var text = y.String(weightsNode, "weights");
        var features = new List<string>();
        var weights = new List<float>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (features.Count == MaxFeatures)
            {
                throw Error(y, weightsNode, lineNumber, $"the model has more than {MaxFeatures} features");
            }

            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var name = parts[0];
            if (name.Length < 3 || name[1] != ':' || "wpsdbce".IndexOf(name[0], StringComparison.Ordinal) < 0)
            {
                throw Error(y, weightsNode, lineNumber, $"'{name}' is not a feature name (w:, p:, s:, d:, b:, c: or e: and the feature)");
            }

            if (!seen.Add(name))
            {
                throw Error(y, weightsNode, lineNumber, $"feature '{name}' is listed twice");
            }

            var row = new float[heads.Count];
            foreach (var pair in parts.AsSpan(1))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0 || !int.TryParse(pair.AsSpan(0, eq), NumberStyles.None, CultureInfo.InvariantCulture, out var head) || head >= heads.Count
                    || !float.TryParse(pair.AsSpan(eq + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var w) || !float.IsFinite(w) || Math.Abs(w) > MaxWeight)
                {
                    throw Error(y, weightsNode, lineNumber, $"'{pair}' is not head=weight with a head below {heads.Count} and a weight within ±{MaxWeight}");
                }

                row[head] = w;
            }

            features.Add(name);
            weights.AddRange(row);
        }

        return new TextModel(version, heads, bias, features, [.. weights]);
    }

    private static float Number(YamlNodes y, YamlNode node, string value) =>
        float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && float.IsFinite(f) && Math.Abs(f) <= MaxWeight
            ? f
            : throw y.Error(node, $"'{value}' is not a finite number within ±{MaxWeight}");

    // A literal block starts on the line after its indicator.
    private static PackLoadException Error(YamlNodes y, YamlNode block, int line, string message) =>
        new(new PackError(y.File, (int)block.Start.Line + line, (int)block.Start.Column, y.RuleId, message));

    /// <summary>The model as a pack's <c>model:</c> block, for the trainer.</summary>
    public static string Write(string version, string about, IReadOnlyList<string> heads, IReadOnlyList<float> bias, IEnumerable<(string Feature, float[] Weights)> rows)
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine("model:");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  version: \"{version}\"");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  about: \"{about.Replace("\"", "'", StringComparison.Ordinal)}\"");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  heads: [{string.Join(", ", heads)}]");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  bias: [{string.Join(", ", bias.Select(b => b.ToString("0.###", CultureInfo.InvariantCulture)))}]");
        sb.AppendLine("  weights: |");
        foreach (var (feature, w) in rows)
        {
            sb.Append("    ").Append(feature);
            for (var h = 0; h < w.Length; h++)
            {
                // Weights this small change a score by less than the rounding of the rest; leaving them out
                // keeps twice the features within the pack's size limit (measured: the same figures).
                // "#.##" drops the leading zero ("-.07", not "-0.07"): a byte for most of the ~80,000
                // weights, room the default pack needs under the 1 MiB every uploaded pack has.
                var rounded = MathF.Round(w[h], 2);
                if (MathF.Abs(rounded) >= 0.05f)
                {
                    sb.Append(' ').Append(h.ToString(CultureInfo.InvariantCulture)).Append('=').Append(rounded.ToString("#.##", CultureInfo.InvariantCulture));
                }
            }

            sb.AppendLine();
        }

        return sb.ToString();
    }
}
