using BenchmarkDotNet.Running;
using Policy.Benchmarks;

// dotnet run -c Release --project bench/Policy.Benchmarks -- [command]
//   (no args)                       all BenchmarkDotNet benchmarks (short job, ~5 min on 2 cores)
//   --filter '*Pipeline*' …         any BenchmarkDotNet arguments
//   --quick [seconds]               Stopwatch loop: checks/s single thread, 10,000 vs 100 terms ratio
//   profile [terms] [--clean|--flagged]  per-stage / per-rule / per-detector time and allocations of a check
//                                   (--clean: only the posts without a finding; --flagged: only those with one;
//                                   --rules: each rule over all posts in turn, one clock read per rule)
//   corpus OUT.txt [TERMS.txt] [--count N] [--terms N]   write the corpus (one post a line) and terms
//   scan TERMS.txt CORPUS.txt [--no-endings]  raw term scan of a file: lines with a hit, elapsed time
//   paired CORE_DIR_A CORE_DIR_B [check|flagged|clean|normalize|scan|model|guess|fold|remap] [windows] [ops]   two Policy.Core builds in
//                                   one process, alternating windows on thread CPU time: the B/A ratio
//   dump OUT.txt                    decisions, findings, normalized texts, offset maps, term hits and model
//                                   logits for the corpus, bench and random drafts: cmp two builds' files
//   adversarial [length] [--detector NAME] [--part detectors|regexes|checks]   worst case per detector and pack regex (µs per 1,000
//                                   characters) and the slowest adversarial drafts through the whole check
return args switch
{
    ["--quick", ..] => QuickRun.Run(args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3.0),
    ["profile", ..] when args.Contains("--rules") => ProfileRun.RunRuleMajor(args.Contains("--clean"), args.Contains("--flagged")),
    ["profile", ..] => ProfileRun.Run(
        args.Skip(1).Where(a => a is not "--clean" and not "--flagged").Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault(),
        args.Contains("--clean"),
        args.Contains("--flagged")),
    ["corpus", ..] => FileCommands.WriteCorpus(args[1..]),
    ["adversarial", ..] => AdversarialRun.Run(args[1..]),
    ["dump", ..] => DumpCommand.Run(args[1..]),
    ["paired", ..] => PairedRun.Run(args[1..]),
    ["scan", var terms, var corpus, ..] => FileCommands.Scan(terms, corpus, args.Contains("--no-endings")),
    [] => RunAll(["--filter", "*"]),
    _ => RunAll(args),
};

static int RunAll(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(PipelineBenchmarks).Assembly).Run(args);
    return 0;
}
