using System.Text;
using System.Text.Json;
using Policy.Core.Match.Detectors;
using Policy.Core.Match.Detectors.Secrets;
using Xunit;

namespace Policy.Core.Tests.Conformance;

/// <summary>
/// Conformance against the gitleaks test vectors (tests/vectors/vectors-gitleaks.jsonl, see
/// tests/vectors/README.md). Positive lines: at least one secret detector (keyword-gated like the engine)
/// must hit, and where the line names its <c>secret</c>, a hit must cover it. Negative lines: our
/// detector of the same rule name, if we have one, must stay quiet. Lines whose verdict depends only on
/// the file path are skipped. The test never fails per line; it asserts pass-rate floors just below
/// what the detectors reach, so a regression fails.
/// </summary>
public sealed class GitleaksVectorTests
{
    // Floors: a little below the achieved rates (see docs/detectors-secrets.md).
    private const double PositiveRecallFloor = 0.985;
    private const double NegativePrecisionFloor = 0.93;

    private sealed record Vector(int Line, string Rule, string Text, bool Positive, string? Secret, string? Note, string[] AlsoPositiveFor);

    private sealed class Tally
    {
        public int Pos, PosPass, Neg, NegPass, NegUnjudged, Skipped;
    }

    [Fact]
    public void Gitleaks_vectors_meet_the_pass_rate_floors()
    {
        var vectors = Load();
        var byName = SecretDetectors.All.ToDictionary(d => d.Name, StringComparer.Ordinal);
        var perRule = new SortedDictionary<string, Tally>(StringComparer.Ordinal);
        var failures = new List<string>();
        int anyFiresOnNegative = 0, negativesForAny = 0;

        foreach (var v in vectors)
        {
            var t = perRule.TryGetValue(v.Rule, out var x) ? x : perRule[v.Rule] = new Tally();
            if (IsPathOnly(v))
            {
                t.Skipped++;
                continue;
            }

            if (v.Positive)
            {
                t.Pos++;
                var hits = SecretDetectors.ScanAll(v.Text);
                if (Covers(v, hits))
                {
                    t.PosPass++;
                }
                else
                {
                    failures.Add($"FN  line {v.Line} {v.Rule}: {Short(v.Text)} hits=[{string.Join(",", hits.Select(h => h.Entity))}]");
                }

                continue;
            }

            if (v.AlsoPositiveFor.Length == 0)
            {
                negativesForAny++;
                var any = SecretDetectors.ScanAll(v.Text);
                if (any.Count > 0)
                {
                    anyFiresOnNegative++;
                    failures.Add($"info line {v.Line} {v.Rule} negative, other detector fires: {string.Join(",", any.Select(h => h.Entity).Distinct())}: {Short(v.Text)}");
                }
            }

            if (!byName.TryGetValue(v.Rule, out var detector))
            {
                t.NegUnjudged++;
                continue;
            }

            t.Neg++;
            var own = new List<DetectorHit>();
            if (SecretDetectors.KeywordsPresent(detector, v.Text))
            {
                detector.Scan(v.Text, own);
            }

            if (own.Count == 0)
            {
                t.NegPass++;
            }
            else
            {
                failures.Add($"FP  line {v.Line} {v.Rule}: {Short(v.Text)} value={Short(v.Text.Substring(own[0].Start, own[0].Length))}");
            }
        }

        int pos = perRule.Values.Sum(r => r.Pos), posPass = perRule.Values.Sum(r => r.PosPass);
        int neg = perRule.Values.Sum(r => r.Neg), negPass = perRule.Values.Sum(r => r.NegPass);
        int unjudged = perRule.Values.Sum(r => r.NegUnjudged), skipped = perRule.Values.Sum(r => r.Skipped);
        var recall = (double)posPass / pos;
        var precision = (double)negPass / neg;

        var report = new StringBuilder();
        report.AppendLine($"lines {vectors.Count}; skipped (path-only) {skipped}");
        report.AppendLine($"positives: {posPass}/{pos} = {recall:P1}");
        report.AppendLine($"negatives (same-rule detector quiet): {negPass}/{neg} = {precision:P1}; negatives without a detector of that name: {unjudged}");
        report.AppendLine($"negatives where no secret detector at all fires (informational, also_positive_for excluded): {negativesForAny - anyFiresOnNegative}/{negativesForAny}");
        report.AppendLine("| rule | tp pass | fp pass | skipped |");
        foreach (var (rule, r) in perRule)
        {
            var fp = byName.ContainsKey(rule) ? $"{r.NegPass}/{r.Neg}" : (r.NegUnjudged > 0 ? $"n/a ({r.NegUnjudged})" : "-");
            report.AppendLine($"| {rule} | {(r.Pos > 0 ? $"{r.PosPass}/{r.Pos}" : "-")} | {fp} | {r.Skipped} |");
        }

        foreach (var f in failures)
        {
            report.AppendLine(f);
        }

        TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());
        var dump = Environment.GetEnvironmentVariable("GITLEAKS_REPORT");
        if (!string.IsNullOrEmpty(dump))
        {
            File.WriteAllText(dump, report.ToString());
        }

        Assert.True(recall >= PositiveRecallFloor, $"positive recall {recall:P2} fell below {PositiveRecallFloor:P2}");
        Assert.True(precision >= NegativePrecisionFloor, $"negative precision {precision:P2} fell below {NegativePrecisionFloor:P2}");
    }

    private static bool IsPathOnly(Vector v) =>
        v.Note is not null &&
        (v.Note.Contains("only because of the file path", StringComparison.Ordinal) ||
         v.Note.Contains("the path alone is the signal", StringComparison.Ordinal));

    private static bool Covers(Vector v, List<DetectorHit> hits)
    {
        if (hits.Count == 0)
        {
            return false;
        }

        if (v.Secret is null)
        {
            return true;
        }

        // The extracted secret literal sometimes carries the closing quote of its Go string (perplexity).
        var secret = v.Secret.Trim().Trim('\'', '"', '`');
        var at = v.Text.IndexOf(secret, StringComparison.Ordinal);
        if (at < 0)
        {
            return true; // the template changed the literal; any hit counts
        }

        return hits.Exists(h => h.Start <= at && h.Start + h.Length >= at + secret.Length);
    }

    private static string Short(string s)
    {
        s = s.Replace("\n", "\\n", StringComparison.Ordinal);
        return s.Length <= 140 ? s : s[..100] + " … " + s[^30..];
    }

    private static List<Vector> Load()
    {
        var path = Path.Combine(FindVectorsDirectory(), "vectors-gitleaks.jsonl");
        var list = new List<Vector>();
        var line = 0;
        foreach (var raw in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(raw))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(raw);
            var r = doc.RootElement;
            string? Str(string name) => r.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            var also = r.TryGetProperty("also_positive_for", out var a) && a.ValueKind == JsonValueKind.Array
                ? a.EnumerateArray().Select(e => e.GetString() ?? "").ToArray()
                : [];
            list.Add(new Vector(line, Str("rule")!, Str("text") ?? "", r.GetProperty("positive").GetBoolean(), Str("secret"), Str("note"), also));
        }

        Assert.Equal(1232, list.Count);
        return list;
    }

    /// <summary>The vectors are copied into the repository (tests/vectors, with their notices).</summary>
    internal static string FindVectorsDirectory() => Path.Combine(RepoPaths.Root, "tests", "vectors");
}
