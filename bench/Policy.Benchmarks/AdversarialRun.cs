using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Policy.Core.Checking;
using Policy.Core.Decision;
using Policy.Core.Match.Detectors;
using Policy.Core.Match;
using Policy.Core.Model;
using Policy.Core.Normalize;
using Policy.Core.Packs;
using Policy.Core.Rules;
using Policy.Core.Tests.Adversarial;

namespace Policy.Benchmarks;

/// <summary>
/// adversarial [length] [--detector NAME] [--part detectors|regexes|checks]: the worst case of every detector and every pack regex over
/// the drafts of <see cref="AdversarialInputs"/> (repeated separators, keyword runs, nested optional
/// parts), in µs per 1,000 characters, and the slowest drafts of <paramref name="length"/> characters
/// through the whole check with the default pack. Each figure is the fastest of several runs of the same
/// input, so a moment when another process had the core does not make an input look slow. Detectors
/// run without their keyword gate: the worst case an attacker can force, since the keyword is theirs to add.
/// </summary>
internal static class AdversarialRun
{
    private const int Repeats = 3;

    public static int Run(string[] args)
    {
        var length = args.FirstOrDefault(a => a.All(char.IsDigit)) is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : 10_000;
        var only = args.SkipWhile(a => a != "--detector").Skip(1).FirstOrDefault();
        var part = args.SkipWhile(a => a != "--part").Skip(1).FirstOrDefault();
        Console.WriteLine($".NET {Environment.Version}, {Environment.ProcessorCount} logical CPUs, drafts of {length:N0} characters, fastest of {Repeats} runs per input");
#if DEBUG
        Console.WriteLine("WARNING: Debug build; run with -c Release");
#endif

        if (part is null or "detectors")
        {
            Detectors(length, only);
        }

        if (only is not null || part == "detectors")
        {
            return 0;
        }

        var library = PackLibrary.LoadDirectory(BenchPacks.PoliciesDirectory);
        var drafts = DraftsFor(library.Packs[BenchPacks.DefaultPackId], length);
        if (part is null or "regexes")
        {
            Regexes(library, drafts);
        }

        if (part is null or "checks")
        {
            Checks(library.Packs[BenchPacks.DefaultPackId], drafts, length);
        }

        return 0;
    }

    private static void Detectors(int length, string? only)
    {
        Console.WriteLine();
        Console.WriteLine("| detector | worst µs per 1,000 chars | worst input | inputs |");
        Console.WriteLine("|---|---:|---|---:|");
        var rows = new List<(string Name, double PerK, string Shape, int Inputs)>();
        foreach (var detector in DetectorCatalog.ByName.Values.Where(d => only is null || d.Name == only).OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            var worst = (PerK: 0.0, Shape: string.Empty);
            var inputs = 0;
            foreach (var (shape, raw) in AdversarialInputs.For(detector, length))
            {
                var text = detector.Input == DetectorInput.Normalized ? Normalizer.Normalize(raw).Text : raw;
                var us = Fastest(() => detector.Scan(text, new List<DetectorHit>()));

                // Per 1,000 characters of the draft as sent: normalizing can shrink it (runs of blanks).
                var perK = us * 1000 / Math.Max(1, raw.Length);
                inputs++;
                if (perK > worst.PerK)
                {
                    worst = (perK, shape);
                }
            }

            rows.Add((detector.Name, worst.PerK, worst.Shape, inputs));
        }

        foreach (var r in rows.OrderByDescending(r => r.PerK))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Name} | {r.PerK:F1} | `{r.Shape}` | {r.Inputs} |"));
        }
    }

    private static void Regexes(PackLibrary library, List<(string Shape, string Text)> drafts)
    {
        Console.WriteLine();
        Console.WriteLine($"pack regexes over {drafts.Count:N0} drafts:");
        Console.WriteLine("| pack | rule | worst µs per 1,000 chars | worst input |");
        Console.WriteLine("|---|---|---:|---|");
        foreach (var pack in library.Packs.Values.OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            foreach (var (rule, regex) in PackRegexes(pack))
            {
                var worst = (PerK: 0.0, Shape: string.Empty);
                foreach (var (shape, raw) in drafts)
                {
                    var text = Normalizer.Normalize(raw).Text;
                    var us = Fastest(() => Count(regex, text));
                    var perK = us * 1000 / Math.Max(1, raw.Length);
                    if (perK > worst.PerK)
                    {
                        worst = (perK, shape);
                    }
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {pack.Id} | {rule} | {worst.PerK:F1} | `{worst.Shape}` |"));
            }
        }
    }

    private static void Checks(CompiledPack defaultPack, List<(string Shape, string Text)> drafts, int length)
    {
        var timed = new List<(double Us, string Shape, string Decision)>();
        foreach (var (shape, text) in drafts)
        {
            var request = CheckRequest.Private(text);
            var decision = CheckEngine.Check(defaultPack, request).Decision.ToString().ToLowerInvariant();
            timed.Add((Fastest(() => CheckEngine.Check(defaultPack, request), 1), shape, decision));
        }

        // The slowest ones again with more runs: one slow run is more often noise than the input.
        var slowest = timed.OrderByDescending(t => t.Us).Take(20)
            .Select(t => (Us: Fastest(() => CheckEngine.Check(defaultPack, CheckRequest.Private(drafts.First(d => d.Shape == t.Shape).Text)), 5), t.Shape, t.Decision))
            .OrderByDescending(t => t.Us).Take(10).ToList();
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"whole check, default pack, {drafts.Count:N0} drafts of up to {length:N0} characters: median {Median(timed.Select(t => t.Us)):F0} µs; slowest:"));
        Console.WriteLine("| ms per check | decision | input |");
        Console.WriteLine("|---:|---|---|");
        foreach (var t in slowest)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {t.Us / 1000:F2} | {t.Decision} | `{t.Shape}` |"));
        }
    }

    /// <summary>The drafts for the whole check: every piece alone and after the first keyword of each
    /// detector the pack uses (the keyword opens the gate, the piece does the damage).</summary>
    private static List<(string Shape, string Text)> DraftsFor(CompiledPack pack, int length)
    {
        var detectors = pack.Rules.OfType<DetectorRule>().Select(r => r.Detector)
            .Concat(DetectorCatalog.ByName.Values).DistinctBy(d => d.Name);
        var keywords = detectors.SelectMany(d => d.Keywords.Take(1)).Distinct(StringComparer.Ordinal).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var drafts = new List<(string, string)>();
        foreach (var piece in AdversarialInputs.Pieces)
        {
            Add($"{piece} × n", AdversarialInputs.Repeat(piece, length));
            foreach (var k in keywords)
            {
                var text = k + AdversarialInputs.Repeat(piece, length);
                Add($"{k} + ({piece}) × n", text[..Math.Min(length, text.Length)]);
            }
        }

        return drafts;

        void Add(string shape, string text)
        {
            if (seen.Add(text))
            {
                drafts.Add((shape.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal), text));
            }
        }
    }

    private static IEnumerable<(string Rule, Regex Regex)> PackRegexes(CompiledPack pack)
    {
        foreach (var rule in pack.Rules)
        {
            if (rule is RegexRule { Regex: var regex })
            {
                yield return (rule.Id, regex);
            }
            else if (rule is AllowlistRule allow)
            {
                foreach (var p in allow.Patterns)
                {
                    yield return (rule.Id, p);
                }
            }
        }
    }

    private static int Count(Regex regex, string text)
    {
        var n = 0;
        foreach (var _ in regex.EnumerateMatches(text))
        {
            n++;
        }

        return n;
    }

    private static double Fastest(Action action, int repeats = Repeats)
    {
        var best = double.MaxValue;
        for (var i = 0; i < repeats; i++)
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                action();
            }
            catch (RegexMatchTimeoutException)
            {
                // A timed-out match counts with the time it took: that is what a check paid for it.
            }

            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }

        return best;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }
}
