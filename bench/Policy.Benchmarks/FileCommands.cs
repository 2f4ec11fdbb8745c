using System.Diagnostics;
using System.Globalization;
using System.Text;
using Policy.Core.Normalize;

namespace Policy.Benchmarks;

/// <summary>The corpus and scan subcommands used by bench/rg-compare.sh.</summary>
internal static class FileCommands
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>corpus OUT.txt [TERMS.txt] [--count N] [--terms N]</summary>
    public static int WriteCorpus(string[] args)
    {
        var positional = new List<string>();
        var count = 200_000;
        var termCount = 10_000;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--count":
                    count = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--terms":
                    termCount = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    positional.Add(args[i]);
                    break;
            }
        }

        if (positional.Count is < 1 or > 2)
        {
            Console.Error.WriteLine("usage: corpus OUT.txt [TERMS.txt] [--count N] [--terms N]");
            return 2;
        }

        var generator = new CorpusGenerator();
        using (var writer = new StreamWriter(positional[0], append: false, Utf8NoBom))
        {
            writer.NewLine = "\n";
            for (var i = 0; i < count; i++)
            {
                writer.WriteLine(generator.Next(out _));
            }
        }

        Console.WriteLine($"wrote {count:N0} posts to {positional[0]}");
        if (positional.Count == 2)
        {
            File.WriteAllLines(positional[1], CorpusGenerator.Terms(termCount), Utf8NoBom);
            Console.WriteLine($"wrote {termCount:N0} terms to {positional[1]}");
        }

        return 0;
    }

    /// <summary>scan TERMS.txt CORPUS.txt [--no-endings]: builds a TermIndex (word mode, default endings, as a terms rule),
    /// then reads, normalizes and scans every line. Prints lines with a hit and the time.</summary>
    public static int Scan(string termsFile, string corpusFile, bool noEndings = false)
    {
        var processStart = Process.GetCurrentProcess().StartTime.ToUniversalTime();

        var t0 = Stopwatch.GetTimestamp();
        var index = BenchPacks.TermIndexOf(File.ReadLines(termsFile).Where(l => l.Trim().Length > 0), noEndings);
        var built = Stopwatch.GetTimestamp();

        long lines = 0;
        long hits = 0;
        long chars = 0;
        long normalizeTicks = 0;
        long scanTicks = 0;
        foreach (var line in File.ReadLines(corpusFile))
        {
            var a = Stopwatch.GetTimestamp();
            var text = Normalizer.Normalize(line).Text;
            var b = Stopwatch.GetTimestamp();
            var found = index.Scan(text).Any(0);
            var c = Stopwatch.GetTimestamp();
            normalizeTicks += b - a;
            scanTicks += c - b;
            lines++;
            chars += line.Length;
            if (found)
            {
                hits++;
            }
        }

        var done = Stopwatch.GetTimestamp();
        var total = DateTime.UtcNow - processStart;

        var buildMs = Stopwatch.GetElapsedTime(t0, built).TotalMilliseconds;
        var scanMs = Stopwatch.GetElapsedTime(built, done).TotalMilliseconds;
        var normMs = normalizeTicks * 1000.0 / Stopwatch.Frequency;
        var pureScanMs = scanTicks * 1000.0 / Stopwatch.Frequency;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"terms: {index.PatternCount:N0} patterns, {index.StateCount:N0} DFA states, built in {buildMs:F0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"corpus: {lines:N0} lines, {chars / 1e6:F1} M chars; lines with a hit: {hits:N0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"read+normalize+scan: {scanMs:F0} ms (normalize {normMs:F0} ms, TermIndex.Scan {pureScanMs:F0} ms, rest = reading/decoding)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"excluding process start (build + scan): {buildMs + scanMs:F0} ms; including process start: {total.TotalMilliseconds:F0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT lines={lines} hits={hits} build_ms={buildMs:F1} scan_ms={scanMs:F1} normalize_ms={normMs:F1} termscan_ms={pureScanMs:F1} total_ms={total.TotalMilliseconds:F1}"));
        return 0;
    }
}
