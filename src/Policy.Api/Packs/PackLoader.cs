using Policy.Core.Evaluation;
using Policy.Core.Packs;

namespace Policy.Api.Packs;

/// <summary>
/// Parses and compiles packs against the store: a company pack's <c>extends</c> resolves to the
/// active version of its base pack (or, to try a switch before making it, to a pinned version).
/// Every pack goes through the Core limits, so a hostile pack costs a moment, never more.
/// </summary>
public sealed class PackLoader(PackStore store)
{
    public static PackLimits Limits { get; } = PackLimits.Default;

    /// <summary>Parses and compiles; throws <see cref="PackLoadException"/> with every problem found.</summary>
    /// <param name="pinned">Pack id → version to use instead of the active one.</param>
    /// <param name="ct">The request's token: a client that gives up, or a server that stops, ends the
    /// work (<see cref="OperationCanceledException"/>) instead of leaving it to run on.</param>
    public (PackSource Source, CompiledPack Pack) Load(
        string fileName, string content, IReadOnlyDictionary<string, string>? pinned = null, CancellationToken ct = default)
    {
        var source = PackSource.Read(fileName, content, Limits, ct);
        return (source, PackCompiler.CompileCancellable(source, id => ResolveSource(id, pinned, ct), Limits, ct));
    }

    public (PackSource Source, CompiledPack Pack) Load(
        PackVersionRow row, IReadOnlyDictionary<string, string>? pinned = null, CancellationToken ct = default) =>
        Load(row.FileName, row.Content, pinned, ct);

    /// <summary>The stored rows a pack's chain consists of (this pack first), or null if one is missing.</summary>
    public IReadOnlyList<PackVersionRow>? ResolveChain(string packId, IReadOnlyDictionary<string, string>? pinned = null)
    {
        var chain = new List<PackVersionRow>();
        for (string? id = packId; id is not null && chain.Count <= PackCompiler.MaxBases; )
        {
            var row = Row(id, pinned);
            if (row is null)
            {
                return null;
            }

            chain.Add(row);
            id = chain.Exists(r => r.PackId == row.Extends) ? null : row.Extends;
        }

        return chain;
    }

    public PackReport Report(PackSource source, CompiledPack pack, bool stored)
    {
        var results = PackExamples.Run(pack);
        if (results.Any(r => !r.Passed))
        {
            // A pack compiled a moment ago builds its regexes' automata on first use; under load that
            // first match can run into the regex timeout, which the engine reports as a review finding
            // (never an allow). Run once more, warmed up: what fails twice is a real failure.
            results = PackExamples.Run(pack);
        }

        var passed = results.Count(r => r.Passed);
        return new PackReport(
            source.Id,
            source.Version,
            source.Sha256,
            pack.Sha256,
            source.Extends,
            pack.Chain,
            pack.Rules.Count,
            pack.Sections.Count,
            new ExamplesReport(passed, results.Count - passed, [.. results.Select(ExampleResultDto.From)]),
            stored);
    }

    private PackVersionRow? Row(string id, IReadOnlyDictionary<string, string>? pinned) =>
        pinned is not null && pinned.TryGetValue(id, out var version) ? store.Find(id, version) : store.ActiveRow(id);

    private PackSource? ResolveSource(string id, IReadOnlyDictionary<string, string>? pinned, CancellationToken ct) =>
        Row(id, pinned) is { } row ? PackSource.Read(row.FileName, row.Content, Limits, ct) : null;
}
