using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using Policy.Core.Checking;
using Policy.Core.Decision;
using Policy.Core.Model;
using Policy.Core.Normalize;

namespace Policy.Benchmarks;

/// <summary>
/// paired CORE_DIR_A CORE_DIR_B [check|flagged|clean|normalize|scan|model|guess|fold|remap] [windows] [operations per window]:
/// two builds of Policy.Core (each directory holds a Policy.Core.dll, e.g. the Release output of two
/// worktrees) measured in one process, each loaded with this assembly into its own load context,
/// in short alternating windows (A B B A …) on the process's CPU time. On a shared machine whose load
/// comes and goes, both builds see the same minutes, so the per-window ratio B/A is the figure to
/// read; separate runs a minute apart differ by more than a change is worth.
/// </summary>
internal static class PairedRun
{
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: paired CORE_DIR_A CORE_DIR_B [check|flagged|clean|normalize|scan|model|guess|fold|remap] [windows, default 60] [operations per window, default 4000]");
            return 2;
        }

        var mode = args.Length > 2 ? args[2] : "check";
        var windows = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 60;
        var ops = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 4_000;
        var dirs = new[] { Path.GetFullPath(args[0]), Path.GetFullPath(args[1]) };
        var runners = dirs.Select(d => Load(d, mode)).ToArray();
        foreach (var runner in runners)
        {
            // Warm-up: tiered compilation and the regexes' lazily built automata.
            var until = Environment.TickCount64 + 4_000;
            for (var i = 0; Environment.TickCount64 < until; i += 1_000)
            {
                runner(i, 1_000);
            }
        }

        var samples = new[] { new List<double>(), new List<double>() };
        for (var w = 0; w < windows; w++)
        {
            for (var k = 0; k < 2; k++)
            {
                var v = w % 2 == 0 ? k : 1 - k;
                var t0 = CpuNs();
                runners[v](w * ops, ops);
                samples[v].Add((CpuNs() - t0) / (double)ops);
            }
        }

        Console.WriteLine(QuickRun.LoadAverage());
        for (var v = 0; v < 2; v++)
        {
            var s = samples[v].Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(v == 0 ? "A" : "B")} {dirs[v]}: {mode} CPU ns/op min {s[0]:F0}, p25 {s[s.Length / 4]:F0}, median {s[s.Length / 2]:F0} ({1e9 / s[s.Length / 4]:N0} per CPU-second at p25)"));
        }

        var ratios = samples[1].Zip(samples[0], (b, a) => b / a).Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"B/A per window: median {ratios[ratios.Length / 2]:F3}, p25 {ratios[ratios.Length / 4]:F3}, p75 {ratios[3 * ratios.Length / 4]:F3} ({windows} windows of {ops:N0})"));
        return 0;
    }

    /// <summary>Called in a build's own load context: an operation over drafts [from, from + count).</summary>
    public static Action<int, int> Operation(string mode)
    {
        var pack = BenchPacks.Default();
        var posts = CorpusGenerator.Posts(20_000);
        var requests = posts.Select(p => CheckRequest.Private(p)).ToArray();
        var normalized = posts.Select(p => Normalizer.Normalize(p).Text).ToArray();
        var n = posts.Count;
        if (mode is "remap" or "fold")
        {
            // The drafts with a finding: both views folded (fold), and both folded and then mapped back
            // once each (remap), which rebuilds an offset map by folding again where it is not the
            // identity. remap minus fold is what reporting a finding costs in offset maps (run each
            // mode with the same build on both sides, or two builds in one mode).
            var flaggedPosts = requests.Where(r => CheckEngine.Check(pack, r).Findings.Count > 0).Select(r => r.Text).ToArray();
            return mode == "remap"
                ? (from, count) =>
                {
                    for (var i = from; i < from + count; i++)
                    {
                        var text = Normalizer.Normalize(flaggedPosts[i % flaggedPosts.Length]);
                        text.ToOriginal(0, 1);
                        Normalizer.Clean(text.Original).ToOriginal(0, 1);
                    }
                }
                : (from, count) =>
                {
                    for (var i = from; i < from + count; i++)
                    {
                        Normalizer.Clean(Normalizer.Normalize(flaggedPosts[i % flaggedPosts.Length]).Original);
                    }
                };
        }

        if (mode is "flagged" or "clean")
        {
            // The drafts with a finding, or those without one, as this build decides: the two paths apart.
            var part = requests.Where(r => CheckEngine.Check(pack, r).Findings.Count > 0 == (mode == "flagged")).ToArray();
            return (from, count) => { for (var i = from; i < from + count; i++) { CheckEngine.Check(pack, part[i % part.Length]); } };
        }

        return mode switch
        {
            "check" => (from, count) => { for (var i = from; i < from + count; i++) { CheckEngine.Check(pack, requests[i % n]); } },
            "normalize" => (from, count) => { for (var i = from; i < from + count; i++) { Normalizer.Normalize(posts[i % n]); } },
            "scan" => (from, count) => { for (var i = from; i < from + count; i++) { pack.Terms.Scan(normalized[i % n]); } },
            "model" => (from, count) => { for (var i = from; i < from + count; i++) { pack.Model!.Score(normalized[i % n], requests[i % n]); } },
            // The language guess alone (a draft with a finding guesses it for its messages), over 500
            // drafts that stay in the cache, as a check's draft is when it guesses (it was just scanned):
            // over all 20,000 the figure is mostly reading them from memory.
            "guess" => (from, count) => { for (var i = from; i < from + count; i++) { LanguageGuess.Guess(normalized[i % 500]); } },
            _ => throw new ArgumentException($"unknown mode '{mode}'", nameof(mode)),
        };
    }

    private static Action<int, int> Load(string coreDirectory, string mode)
    {
        var context = new BuildContext(coreDirectory);
        var bench = context.LoadFromAssemblyPath(typeof(PairedRun).Assembly.Location);
        var operation = bench.GetType(typeof(PairedRun).FullName!, throwOnError: true)!.GetMethod(nameof(Operation))!;
        return (Action<int, int>)operation.Invoke(null, [mode])!;
    }

    // The process's CPU time (getrusage, microseconds): the windows run on one thread, and a
    // collection on another thread is part of what a window costs.
    private static long CpuNs() => Environment.CpuUsage.TotalTime.Ticks * 100;

    /// <summary>Policy.Core from one build's directory, this assembly afresh (so it binds to that
    /// Policy.Core); everything else shared with the default context.</summary>
    private sealed class BuildContext(string coreDirectory) : AssemblyLoadContext("build " + coreDirectory)
    {
        protected override Assembly? Load(AssemblyName assemblyName) =>
            assemblyName.Name == "Policy.Core" ? LoadFromAssemblyPath(Path.Combine(coreDirectory, "Policy.Core.dll")) : null;
    }
}
