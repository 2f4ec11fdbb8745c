using BenchmarkDotNet.Attributes;
using Policy.Core.Checking;
using Policy.Core.Decision;
using Policy.Core.Match;
using Policy.Core.Model;
using Policy.Core.Normalize;
using Policy.Core.Packs;

namespace Policy.Benchmarks;

/// <summary>
/// One benchmark operation is a pass over the whole <see cref="Size"/>-post corpus; with
/// OperationsPerInvoke the tables show time and allocations per single post (per check).
/// Short job (8 warm-up, 5 measured iterations; the check path needs seconds of warm-up for tiered
/// JIT, PGO and lazily built regex DFAs) so a full run fits in about 5 minutes on 2 cores.
/// </summary>
public static class BenchCorpus
{
    public const int Size = 2_000;

    public static IReadOnlyList<string> Posts { get; } = CorpusGenerator.Posts(Size);

    public static CheckRequest[] Requests() => [.. Posts.Select(p => CheckRequest.Private(p))];

    public static string[] Normalized() => [.. Posts.Select(p => Normalizer.Normalize(p).Text)];

    /// <summary>The posts of <see cref="Posts"/> the pack has no finding for (about 91 % with the default pack).</summary>
    public static CheckRequest[] Clean(CompiledPack pack) =>
        [.. Requests().Where(r => CheckEngine.Check(pack, r).Findings.Count == 0)];
}

/// <summary>The default pack (policies/social-media-guideline.yaml) and its stages, single thread.</summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
[SimpleJob(warmupCount: 8, iterationCount: 5)]
public class PipelineBenchmarks
{
    /// <summary>Clean posts per operation of <see cref="CheckCleanPosts"/> (the 2,000-post corpus has about 1,800).</summary>
    public const int CleanCount = 1_500;

    private CompiledPack _pack = null!;
    private TermIndex _index = null!;
    private CheckRequest[] _requests = [];
    private CheckRequest[] _clean = [];
    private string[] _normalized = [];

    [GlobalSetup]
    public void Setup()
    {
        _pack = BenchPacks.Default();
        _index = _pack.Terms;
        _requests = BenchCorpus.Requests();
        var clean = BenchCorpus.Clean(_pack);
        if (clean.Length < CleanCount)
        {
            throw new InvalidOperationException($"only {clean.Length} clean posts in the corpus, {CleanCount} needed");
        }

        _clean = clean[..CleanCount];
        _normalized = BenchCorpus.Normalized();
    }

    /// <summary>The whole pipeline: normalize, scan, language guess, rules, decision.</summary>
    [Benchmark(OperationsPerInvoke = BenchCorpus.Size)]
    public int CheckDefaultPack()
    {
        var flagged = 0;
        foreach (var r in _requests)
        {
            if (CheckEngine.Check(_pack, r).Decision != Severity.Allow)
            {
                flagged++;
            }
        }

        return flagged;
    }

    /// <summary>
    /// The first <see cref="CleanCount"/> clean posts (no finding), so time and bytes are per clean
    /// check: the allocation target of issue "Performance" is under 1 KB per clean check.
    /// </summary>
    [Benchmark(OperationsPerInvoke = CleanCount)]
    public int CheckCleanPosts()
    {
        var flagged = 0;
        foreach (var r in _clean)
        {
            if (CheckEngine.Check(_pack, r).Decision != Severity.Allow)
            {
                flagged++;
            }
        }

        return flagged;
    }

    [Benchmark(OperationsPerInvoke = BenchCorpus.Size)]
    public int Normalize()
    {
        var total = 0;
        foreach (var r in _requests)
        {
            total += Normalizer.Normalize(r.Text).Text.Length;
        }

        return total;
    }

    /// <summary>Term scan of the default pack's index (its terms plus detector keywords) on pre-normalized text.</summary>
    [Benchmark(OperationsPerInvoke = BenchCorpus.Size)]
    public int ScanDefaultPack()
    {
        var any = 0;
        foreach (var t in _normalized)
        {
            var hits = _index.Scan(t);
            if (hits.Any(0))
            {
                any++;
            }
        }

        return any;
    }

    [Benchmark(OperationsPerInvoke = BenchCorpus.Size)]
    public int LanguageGuess()
    {
        var de = 0;
        foreach (var t in _normalized)
        {
            if (Core.Checking.LanguageGuess.Guess(t) == "de")
            {
                de++;
            }
        }

        return de;
    }
}

/// <summary>The default pack plus a terms rule of 100, 1,000 or 10,000 generated terms.</summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
[SimpleJob(warmupCount: 8, iterationCount: 5)]
public class TermListBenchmarks
{
    private CompiledPack _pack = null!;
    private TermIndex _termsOnly = null!;
    private CheckRequest[] _requests = [];
    private string[] _normalized = [];

    [Params(100, 1_000, 10_000)]
    public int Terms { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _pack = BenchPacks.WithTerms(Terms);
        _termsOnly = BenchPacks.TermIndexOf(CorpusGenerator.Terms(Terms));
        _requests = BenchCorpus.Requests();
        _normalized = BenchCorpus.Normalized();
    }

    [Benchmark(OperationsPerInvoke = BenchCorpus.Size)]
    public int CheckWithTermsRule()
    {
        var flagged = 0;
        foreach (var r in _requests)
        {
            if (CheckEngine.Check(_pack, r).Decision != Severity.Allow)
            {
                flagged++;
            }
        }

        return flagged;
    }

    /// <summary>TermIndex.Scan of the pack's whole index (default terms, detector keywords, N terms) on pre-normalized text.</summary>
    [Benchmark(OperationsPerInvoke = BenchCorpus.Size)]
    public int ScanPackIndex()
    {
        var sets = _pack.Terms.SetCount;
        var any = 0;
        foreach (var t in _normalized)
        {
            var hits = _pack.Terms.Scan(t);
            for (var s = 0; s < sets; s++)
            {
                if (hits.Any(s))
                {
                    any++;
                    break;
                }
            }
        }

        return any;
    }

    /// <summary>TermIndex.Scan of an index holding only the N terms (what bench/rg-compare.sh measures).</summary>
    [Benchmark(OperationsPerInvoke = BenchCorpus.Size)]
    public int ScanTermsOnly()
    {
        var any = 0;
        foreach (var t in _normalized)
        {
            if (_termsOnly.Scan(t).Any(0))
            {
                any++;
            }
        }

        return any;
    }
}
