using System.Text.Json;
using Policy.Core.Match.Detectors;
using Policy.Core.Match;
using Xunit;

namespace Policy.Core.Tests.Conformance;

/// <summary>
/// Runs the public Presidio test vectors (tests/vectors, see its README.md) through the pii
/// detectors. Some vectors are out of scope on purpose (Presidio phone leniency variants, low-score
/// matches that need context words, the unspecified IPv6 address "::"), so single lines may fail;
/// instead each entity's pass rate must stay at or above a floor just below what the detectors
/// achieve, so that any regression fails. The numbers are in docs/detectors-pii.md.
/// </summary>
public sealed class PresidioVectorTests
{
    private static readonly Dictionary<string, string> DetectorByEntity = new(StringComparer.Ordinal)
    {
        ["IBAN_CODE"] = "iban",
        ["CREDIT_CARD"] = "credit-card",
        ["EMAIL_ADDRESS"] = "email",
        ["PHONE_NUMBER"] = "phone",
        ["IP_ADDRESS"] = "ip-address",
        ["MAC_ADDRESS"] = "mac-address",
        ["URL"] = "url",
        ["CRYPTO"] = "crypto",
        ["DE_TAX_ID"] = "de-tax-id",
        ["DE_VAT_ID"] = "de-vat-id",
        ["DE_ID_CARD"] = "de-id-card",
        ["DE_PASSPORT"] = "de-passport",
        ["DE_SOCIAL_SECURITY"] = "de-social-security",
        ["DE_HEALTH_INSURANCE"] = "de-health-insurance",
        ["DE_HANDELSREGISTER"] = "de-handelsregister",
        ["DE_TAX_NUMBER"] = "de-tax-number",
    };

    /// <summary>Minimum share of passing lines (positives and negatives together) per entity.</summary>
    private static readonly Dictionary<string, double> Floors = new(StringComparer.Ordinal)
    {
        ["IBAN_CODE"] = 0.99,
        ["CREDIT_CARD"] = 1.00,
        ["EMAIL_ADDRESS"] = 1.00,
        ["PHONE_NUMBER"] = 0.85,
        ["IP_ADDRESS"] = 0.95,
        ["MAC_ADDRESS"] = 1.00,
        ["URL"] = 1.00,
        ["CRYPTO"] = 1.00,
        ["DE_TAX_ID"] = 1.00,
        ["DE_VAT_ID"] = 0.88,
        ["DE_ID_CARD"] = 0.68,
        ["DE_PASSPORT"] = 1.00,
        ["DE_SOCIAL_SECURITY"] = 1.00,
        ["DE_HEALTH_INSURANCE"] = 1.00,
        ["DE_HANDELSREGISTER"] = 1.00,
        ["DE_TAX_NUMBER"] = 0.62,
    };

    /// <summary>Minimum share of passing validate_result() lines per entity (True → hit, False → no hit).</summary>
    private static readonly Dictionary<string, double> ValidateFloors = new(StringComparer.Ordinal)
    {
        ["DE_TAX_ID"] = 1.00,
        ["DE_VAT_ID"] = 1.00,
        ["DE_ID_CARD"] = 1.00,
        ["DE_PASSPORT"] = 1.00,
        ["DE_SOCIAL_SECURITY"] = 1.00,
        ["DE_HEALTH_INSURANCE"] = 1.00,
    };

    [Fact]
    public void Presidio_vectors_pass_rates_stay_above_floors()
    {
        var stats = new SortedDictionary<string, Stat>(StringComparer.Ordinal);
        var failures = new List<string>();
        foreach (var line in ReadLines("vectors-presidio.jsonl"))
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var entity = root.GetProperty("entity").GetString()!;
            if (!DetectorByEntity.TryGetValue(entity, out var name))
            {
                continue;
            }

            var detector = DetectorCatalog.ByName[name];
            var text = root.GetProperty("text").GetString()!;
            var count = root.GetProperty("expected_count").GetInt32();
            var spans = root.GetProperty("expected_spans");
            var ok = Variants(detector, text).All(v => Passes(detector, entity, v, count, spans));
            var stat = stats.TryGetValue(entity, out var s) ? s : new Stat();
            stats[entity] = count > 0
                ? stat with { Positives = stat.Positives + 1, PositivesFound = stat.PositivesFound + (ok ? 1 : 0) }
                : stat with { Negatives = stat.Negatives + 1, NegativesClean = stat.NegativesClean + (ok ? 1 : 0) };
            if (!ok)
            {
                failures.Add($"{entity} expected {count}: {JsonSerializer.Serialize(text)}");
            }
        }

        Report(stats, failures);
        Assert.Equal(DetectorByEntity.Count, stats.Count);
        foreach (var (entity, stat) in stats)
        {
            Assert.True(stat.Rate >= Floors[entity], $"{entity}: pass rate {stat.Rate:P1} below floor {Floors[entity]:P0}");
        }
    }

    [Fact]
    public void Presidio_validate_vectors_pass_rates_stay_above_floors()
    {
        var stats = new SortedDictionary<string, Stat>(StringComparer.Ordinal);
        var failures = new List<string>();
        foreach (var line in ReadLines("vectors-presidio-validate.jsonl"))
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var entity = root.GetProperty("entity").GetString()!;
            var expected = root.GetProperty("expected_validate_result");
            if (!ValidateFloors.ContainsKey(entity) || expected.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            var detector = DetectorCatalog.ByName[DetectorByEntity[entity]];
            var text = root.GetProperty("text").GetString()!;
            var valid = expected.GetBoolean();
            var ok = Variants(detector, text).All(v =>
            {
                var hits = Hits(detector, entity, v);
                return valid ? hits.Any(h => h.Start == 0 && h.Length == v.Length) : hits.Count == 0;
            });
            var stat = stats.TryGetValue(entity, out var s) ? s : new Stat();
            stats[entity] = valid
                ? stat with { Positives = stat.Positives + 1, PositivesFound = stat.PositivesFound + (ok ? 1 : 0) }
                : stat with { Negatives = stat.Negatives + 1, NegativesClean = stat.NegativesClean + (ok ? 1 : 0) };
            if (!ok)
            {
                failures.Add($"{entity} valid={valid}: {JsonSerializer.Serialize(text)}");
            }
        }

        Report(stats, failures);
        foreach (var (entity, floor) in ValidateFloors)
        {
            Assert.True(stats.ContainsKey(entity), $"no validate vectors for {entity}");
            Assert.True(stats[entity].Rate >= floor, $"{entity}: validate pass rate {stats[entity].Rate:P1} below floor {floor:P0}");
        }
    }

    private static bool Passes(IDetector detector, string entity, string text, int count, JsonElement spans)
    {
        var hits = Hits(detector, entity, text);
        if (count == 0)
        {
            return hits.Count == 0;
        }

        if (spans.ValueKind != JsonValueKind.Array)
        {
            // Count-only vectors: at least as many hits as Presidio reports.
            return hits.Count >= count;
        }

        foreach (var span in spans.EnumerateArray())
        {
            var (start, end) = Trim(text, span[0].GetInt32(), span[1].GetInt32());
            if (!hits.Any(h => h.Start <= start && end <= h.Start + h.Length))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Presidio's URL spans include surrounding quotes; a hit need not cover those.</summary>
    private static (int Start, int End) Trim(string text, int start, int end)
    {
        while (start < end && text[start] is '"' or '\'' or ' ')
        {
            start++;
        }

        while (end > start && text[end - 1] is '"' or '\'' or ' ')
        {
            end--;
        }

        return (start, end);
    }

    private static List<DetectorHit> Hits(IDetector detector, string entity, string text)
    {
        var hits = new List<DetectorHit>();
        detector.Scan(text, hits);
        hits.RemoveAll(h => h.Entity != entity);
        return hits;
    }

    /// <summary>The raw text, and for detectors that read normalized text also the lower-cased text.</summary>
    private static IEnumerable<string> Variants(IDetector detector, string text)
    {
        yield return text;
        if (detector.Input == DetectorInput.Normalized)
        {
            yield return text.ToLowerInvariant();
        }
    }

    private static void Report(SortedDictionary<string, Stat> stats, List<string> failures)
    {
        var output = TestContext.Current.TestOutputHelper;
        if (output is null)
        {
            return;
        }

        output.WriteLine("| entity | positives found | negatives clean | pass rate |");
        output.WriteLine("|---|---|---|---|");
        foreach (var (entity, s) in stats)
        {
            output.WriteLine($"| {entity} | {s.PositivesFound}/{s.Positives} | {s.NegativesClean}/{s.Negatives} | {s.Rate:P1} |");
        }

        foreach (var f in failures)
        {
            output.WriteLine("FAIL " + f);
        }
    }

    private static IEnumerable<string> ReadLines(string file)
    {
        var path = Path.Combine(FindVectorsDirectory(), file);
        return File.ReadLines(path).Where(l => !string.IsNullOrWhiteSpace(l));
    }

    /// <summary>The vectors are copied into the repository (tests/vectors, with their notices).</summary>
    private static string FindVectorsDirectory() => Path.Combine(RepoPaths.Root, "tests", "vectors");

    private sealed record Stat(int Positives = 0, int PositivesFound = 0, int Negatives = 0, int NegativesClean = 0)
    {
        public double Rate => Positives + Negatives == 0 ? 1 : (double)(PositivesFound + NegativesClean) / (Positives + Negatives);
    }
}
