using System.Diagnostics;
using System.Globalization;
using Policy.Core.Checking;
using Policy.Core.Decision;
using Policy.Core.Match.Detectors;
using Policy.Core.Model;
using Policy.Core.Normalize;
using Policy.Core.Packs;
using Policy.Core.Rules;

namespace Policy.Benchmarks;

/// <summary>
/// profile [terms]: where the time of a check goes. Runs the same steps as
/// <see cref="CheckEngine.Check"/> with a timestamp and an allocation counter around each stage and
/// each rule (a detector's cost lands on the first rule that asks for it), then times every detector
/// of the pack on its own, with and without its keyword gate. Timestamps add ~20–40 ns per stage,
/// so the per-stage sum is a little above the plain check time.
/// </summary>
internal static class ProfileRun
{
    private const int CorpusSize = 20_000;
    private const int Passes = 5;
    private const int WarmupPasses = 4;

    public static int Run(int terms, bool cleanOnly, bool flaggedOnly = false)
    {
        var pack = terms > 0 ? BenchPacks.WithTerms(terms) : BenchPacks.Default();
        IReadOnlyList<string> posts = CorpusGenerator.Posts(CorpusSize);
        if (cleanOnly)
        {
            // Only the posts the pack has no finding for: where the bytes of a clean check go.
            posts = [.. posts.Where(p => CheckEngine.Check(pack, CheckRequest.Private(p)).Findings.Count == 0)];
        }
        else if (flaggedOnly)
        {
            // Only the posts with a finding: where a draft with findings spends its extra time.
            posts = [.. posts.Where(p => CheckEngine.Check(pack, CheckRequest.Private(p)).Findings.Count > 0)];
        }

        var requests = posts.Select(p => CheckRequest.Private(p)).ToArray();
        Console.WriteLine($"pack {pack.Id}: {pack.Rules.Count} rules, {pack.TermPatternCount:N0} term patterns; corpus {requests.Length:N0} {(cleanOnly ? "clean " : flaggedOnly ? "flagged " : string.Empty)}posts x {Passes} passes");

        var stages = new[] { "normalize", "term scan", "language guess", "scope", "decision" };
        var stageTicks = new long[stages.Length];
        var stageBytes = new long[stages.Length];
        var ruleTicks = new long[pack.Rules.Count];
        var ruleBytes = new long[pack.Rules.Count];
        var ruleFindings = new long[pack.Rules.Count];

        for (var pass = -WarmupPasses; pass < Passes; pass++)
        {
            // Negative passes warm up (tiered JIT, PGO, lazily built regex DFAs) and are not counted.
            var counted = pass >= 0;
            foreach (var request in requests)
            {
                var m = new Meter(counted);
                var normalized = Normalizer.Normalize(request.Text);
                m.Lap(stageTicks, stageBytes, 0);
                var termHits = pack.Terms.Scan(normalized.Text);
                m.Lap(stageTicks, stageBytes, 1);
                var language = request.Language is "de" or "en" ? request.Language : LanguageGuess.Guess(normalized.Text);
                m.Lap(stageTicks, stageBytes, 2);
                var scope = new CheckScope(request, normalized, termHits, pack.Topics);
                m.Lap(stageTicks, stageBytes, 3);
                for (var r = 0; r < pack.Rules.Count; r++)
                {
                    var rule = pack.Rules[r];
                    var before = scope.Findings.Count;
                    // As CheckEngine.Check: a rule whose terms are absent is skipped before its conditions.
                    if ((!rule.FindsNothingIn(scope) || rule.When.ReadLanguage()) && rule.When.Hold(scope))
                    {
                        rule.Evaluate(scope);
                    }

                    m.Lap(ruleTicks, ruleBytes, r);
                    if (counted)
                    {
                        ruleFindings[r] += scope.Findings.Count - before;
                    }
                }

                m.Reset();
                _ = DecisionMaker.Decide(scope.Findings, scope.Allowed, language);
                m.Lap(stageTicks, stageBytes, 4);
            }
        }

        var checks = (double)requests.Length * Passes;
        var total = stageTicks.Sum() + ruleTicks.Sum();
        Console.WriteLine();
        Console.WriteLine($"{"stage / rule",-40} {"ns/check",9} {"share",7} {"bytes/check",12} {"findings",9}");
        for (var s = 0; s < stages.Length - 1; s++)
        {
            Row(stages[s], stageTicks[s], stageBytes[s], null);
        }

        for (var r = 0; r < pack.Rules.Count; r++)
        {
            var rule = pack.Rules[r];
            Row($"rule {rule.Id} ({rule.Kind})", ruleTicks[r], ruleBytes[r], ruleFindings[r]);
        }

        Row(stages[^1], stageTicks[^1], stageBytes[^1], null);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"total (with timer overhead)",-40} {Ns(total),9:F0} {"100%",7} {(stageBytes.Sum() + ruleBytes.Sum()) / checks,12:F0}"));

        ProfileTermSets(pack, requests);
        ProfileDetectors(pack, posts);
        return 0;

        void Row(string name, long ticks, long bytes, long? findings) =>
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-40} {Ns(ticks),9:F0} {100.0 * ticks / total,6:F1}% {bytes / checks,12:F0} {(findings is { } f ? f / Passes : null),9}"));

        double Ns(long ticks) => ticks * 1e9 / Stopwatch.Frequency / checks;
    }

    /// <summary>
    /// profile --rules: each rule on its own over all posts in turn (rule-major: one clock read per
    /// rule and pass, not per draft, so the ~30 ns of a timestamp does not swamp rules that cost less),
    /// as the engine runs it (skipped when its terms are absent, then its conditions). A detector's cost
    /// lands on the first rule that asks for it, as in a check; the scopes are made anew each pass.
    /// Classifier rules are left out: the model's scores are per-thread scratch, valid for the latest
    /// draft scored only (`paired … model` measures the layer).
    /// </summary>
    public static int RunRuleMajor(bool cleanOnly, bool flaggedOnly)
    {
        var pack = BenchPacks.Default();
        IReadOnlyList<string> posts = CorpusGenerator.Posts(CorpusSize);
        if (cleanOnly || flaggedOnly)
        {
            posts = [.. posts.Where(p => CheckEngine.Check(pack, CheckRequest.Private(p)).Findings.Count > 0 == flaggedOnly)];
        }

        var requests = posts.Select(p => CheckRequest.Private(p)).ToArray();
        var normalized = requests.Select(r => Normalizer.Normalize(r.Text)).ToArray();
        var scans = normalized.Select(n => pack.Terms.Scan(n.Text)).ToArray();
        var run = pack.Run;
        var ticks = new long[run.Length];
        var bytes = new long[run.Length];
        for (var pass = -2; pass < Passes; pass++)
        {
            var scopes = new CheckScope[requests.Length];
            for (var i = 0; i < requests.Length; i++)
            {
                scopes[i] = new CheckScope(requests[i], normalized[i], scans[i], pack.Topics);
            }

            for (var r = 0; r < run.Length; r++)
            {
                var rule = run[r].Rule;
                if (rule is ClassifierRule)
                {
                    continue;
                }

                var b0 = GC.GetAllocatedBytesForCurrentThread();
                var t0 = Stopwatch.GetTimestamp();
                foreach (var scope in scopes)
                {
                    if ((!rule.FindsNothingIn(scope) || run[r].ReadsLanguage) && (run[r].Always || rule.When.Hold(scope)))
                    {
                        rule.Evaluate(scope);
                    }
                }

                if (pass >= 0)
                {
                    ticks[r] += Stopwatch.GetTimestamp() - t0;
                    bytes[r] += GC.GetAllocatedBytesForCurrentThread() - b0;
                }
            }
        }

        var checks = (double)requests.Length * Passes;
        var total = ticks.Sum();
        Console.WriteLine($"{requests.Length:N0} {(cleanOnly ? "clean " : flaggedOnly ? "flagged " : string.Empty)}posts x {Passes} passes, rule-major; rules total {total * 1e9 / Stopwatch.Frequency / checks:F0} ns/check");
        foreach (var r in Enumerable.Range(0, run.Length).OrderByDescending(r => ticks[r]))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{run[r].Rule.Id + " (" + run[r].Rule.Kind + ")",-50} {ticks[r] * 1e9 / Stopwatch.Frequency / checks,8:F1} ns {100.0 * ticks[r] / total,6:F1}% {bytes[r] / checks,8:F0} B"));
        }

        ProfilePatterns(pack, normalized, scans);
        return 0;
    }

    /// <summary>Per pattern rule: how often its keywords and its regex prefilter let a draft through,
    /// and what the prefilter and the regex cost per draft where each runs (post by post, warm).</summary>
    private static void ProfilePatterns(CompiledPack pack, NormalizedText[] normalized, Policy.Core.Match.TermHits[] scans)
    {
        Console.WriteLine();
        Console.WriteLine($"{"pattern rule",-36} {"keywords",9} {"prefilter",10} {"matched",8} {"ns filter",10} {"ns regex",9}  prefilter strings");
        foreach (var rule in pack.Rules.OfType<RegexRule>())
        {
            string Text(int i) => rule.Input == DetectorInput.Original ? normalized[i].Original : normalized[i].Text;
            var open = Enumerable.Range(0, normalized.Length).Where(i => rule.Keywords is null || scans[i].Any(rule.Keywords.Id)).ToArray();
            var pass = open.Where(i => rule.Prefilter is null || rule.Prefilter.MayMatch(Text(i))).ToArray();
            var matched = pass.Count(i => rule.Regex.IsMatch(Text(i)));
            long filterTicks = 0, regexTicks = 0;
            for (var round = 0; round < 3; round++)
            {
                foreach (var i in open)
                {
                    var text = Text(i);
                    var t0 = Stopwatch.GetTimestamp();
                    var may = rule.Prefilter is null || rule.Prefilter.MayMatch(text);
                    var t1 = Stopwatch.GetTimestamp();
                    if (may)
                    {
                        foreach (var m in rule.Regex.EnumerateMatches(text))
                        {
                            _ = m;
                        }
                    }

                    var t2 = Stopwatch.GetTimestamp();
                    if (round > 0)
                    {
                        filterTicks += t1 - t0;
                        regexTicks += t2 - t1;
                    }
                }
            }

            double Per(long t) => t * 1e9 / Stopwatch.Frequency / (2.0 * normalized.Length);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{rule.Id,-36} {100.0 * open.Length / normalized.Length,8:F1}% {100.0 * pass.Length / normalized.Length,9:F1}% {100.0 * matched / normalized.Length,7:F2}% {Per(filterTicks),10:F0} {Per(regexTicks),9:F0}  {(rule.Prefilter is null ? "(none)" : string.Join(" | ", rule.Prefilter.Strings.Take(12).Select(x => "'" + x + "'")))}"));
        }

        foreach (var rule in pack.Rules.OfType<AllowlistRule>().Where(r => r.Patterns.Count > 0))
        {
            var open = Enumerable.Range(0, normalized.Length).Where(i => rule.Keywords is null || scans[i].Any(rule.Keywords.Id)).ToArray();
            for (var p = 0; p < rule.Patterns.Count; p++)
            {
                var filter = rule.Prefilters[p];
                var regex = rule.Patterns[p];
                var pass = open.Where(i => filter is null || filter.MayMatch(normalized[i].Text)).ToArray();
                var matched = pass.Count(i => regex.IsMatch(normalized[i].Text));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{rule.Id + " #" + p,-36} {100.0 * open.Length / normalized.Length,8:F1}% {100.0 * pass.Length / normalized.Length,9:F1}% {100.0 * matched / normalized.Length,7:F2}%  {(filter is null ? "(none)" : string.Join(" | ", filter.Strings.Take(12).Select(x => "'" + x + "'")))}"));
            }
        }
    }

    /// <summary>Which term sets of the pack's automaton produce the accepted hits (each hit is a list entry).</summary>
    private static void ProfileTermSets(CompiledPack pack, CheckRequest[] requests)
    {
        var names = new Dictionary<int, string>();
        foreach (var (detector, set) in pack.DetectorKeywordSets)
        {
            names[set] = "keywords of detector " + detector;
        }

        foreach (var rule in pack.Rules)
        {
            if (rule is TermsRule t && t.Terms.Id >= 0)
            {
                names.TryAdd(t.Terms.Id, "terms of rule " + rule.Id);
            }
        }

        var hits = new long[pack.Terms.SetCount];
        var posts = new long[pack.Terms.SetCount];
        foreach (var r in requests)
        {
            var th = pack.Terms.Scan(Normalizer.Normalize(r.Text).Text);
            for (var s = 0; s < hits.Length; s++)
            {
                var n = th.Of(s).Length;
                hits[s] += n;
                posts[s] += n > 0 ? 1 : 0;
            }
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"term sets: {hits.Length}; accepted hits per post, all sets: {hits.Sum() / (double)requests.Length:F2}; top sets:"));
        foreach (var s in Enumerable.Range(0, hits.Length).OrderByDescending(s => hits[s]).Take(8))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  set {s,3} {names.GetValueOrDefault(s, "(proximity/must-contain/allowlist set)"),-50} {hits[s] / (double)requests.Length,6:F2} hits/post, in {100.0 * posts[s] / requests.Length,5:F1}% of posts"));
        }
    }

    /// <summary>Each detector of the pack on its own: cost when it runs, how often its keyword gate opens.</summary>
    private static void ProfileDetectors(CompiledPack pack, IReadOnlyList<string> posts)
    {
        var detectors = pack.Rules
            .SelectMany(r => r switch
            {
                DetectorRule d => [d.Detector],
                SecretRule s => s.Detectors,
                _ => (IEnumerable<IDetector>)[],
            })
            .DistinctBy(d => d.Name)
            .ToList();
        if (detectors.Count == 0)
        {
            Console.WriteLine("\nno detectors in the pack");
            return;
        }

        var normalized = posts.Select(p => Normalizer.Normalize(p)).ToArray();
        var scans = normalized.Select(n => pack.Terms.Scan(n.Text)).ToArray();
        Console.WriteLine();
        Console.WriteLine($"{"detector",-28} {"input",-10} {"gate open",10} {"ns/post run",12} {"ns/post gated",14} {"bytes/post",11} {"posts hit",10}");
        var hits = new List<DetectorHit>();
        foreach (var d in detectors)
        {
            var hasGate = pack.DetectorKeywordSets.TryGetValue(d.Name, out var set);
            var open = Enumerable.Range(0, posts.Count).Select(i => !hasGate || scans[i].Any(set)).ToArray();
            string Input(int i) => d.Input == DetectorInput.Original ? normalized[i].Original : normalized[i].Text;

            // Warm-up, then ungated (every post) and gated (as the engine runs it).
            for (var i = 0; i < posts.Count; i++)
            {
                hits.Clear();
                d.Scan(Input(i), hits);
            }

            var postsHit = 0;
            var alloc0 = GC.GetAllocatedBytesForCurrentThread();
            var t0 = Stopwatch.GetTimestamp();
            for (var pass = 0; pass < Passes; pass++)
            {
                for (var i = 0; i < posts.Count; i++)
                {
                    hits.Clear();
                    d.Scan(Input(i), hits);
                    if (pass == 0 && hits.Count > 0)
                    {
                        postsHit++;
                    }
                }
            }

            var t1 = Stopwatch.GetTimestamp();
            var bytes = GC.GetAllocatedBytesForCurrentThread() - alloc0;
            for (var pass = 0; pass < Passes; pass++)
            {
                for (var i = 0; i < posts.Count; i++)
                {
                    if (open[i])
                    {
                        hits.Clear();
                        d.Scan(Input(i), hits);
                    }
                }
            }

            var t2 = Stopwatch.GetTimestamp();
            var n = (double)posts.Count * Passes;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{d.Name,-28} {d.Input,-10} {(hasGate ? $"{100.0 * open.Count(o => o) / open.Length:F1}%" : "always"),10} {(t1 - t0) * 1e9 / Stopwatch.Frequency / n,12:F0} {(t2 - t1) * 1e9 / Stopwatch.Frequency / n,14:F0} {bytes / n,11:F0} {postsHit,10}"));
        }
    }

    /// <summary>Time and allocation since the last lap, added to one bucket.</summary>
    private struct Meter(bool counted)
    {
        private long _ticks = Stopwatch.GetTimestamp();
        private long _bytes = GC.GetAllocatedBytesForCurrentThread();

        public void Lap(long[] ticks, long[] bytes, int bucket)
        {
            var t = Stopwatch.GetTimestamp();
            var b = GC.GetAllocatedBytesForCurrentThread();
            if (counted)
            {
                ticks[bucket] += t - _ticks;
                bytes[bucket] += b - _bytes;
            }

            _ticks = t;
            _bytes = b;
        }

        public void Reset()
        {
            _ticks = Stopwatch.GetTimestamp();
            _bytes = GC.GetAllocatedBytesForCurrentThread();
        }
    }
}
