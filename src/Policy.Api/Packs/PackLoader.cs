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
        RefuseHugeCollections(fileName, content, ct);
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
        for (string? id = packId; id is not null && chain.Count <= 5; )
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

    /// <summary>
    /// Stops at the first list or mapping with more entries than any pack may have, while
    /// streaming: the Core counts a list only after the whole document is loaded, which for
    /// 100,000 items costs more than the moment an upload may take. Nesting is checked as each
    /// collection opens: past the limit the Core reports it, and YamlDotNet's cost per event grows with
    /// the number of open collections, so reading on was quadratic (10,000 '[' took 0.21 s, 80,000
    /// 22.8 s, 1 MB over 35 minutes).
    /// </summary>
    private static void RefuseHugeCollections(string fileName, string content, CancellationToken ct)
    {
        if (content.Length > Limits.MaxBytes)
        {
            return; // the Core refuses it before parsing
        }

        var counts = new Stack<(int Count, YamlDotNet.Core.Mark Start)>();
        try
        {
            var parser = new YamlDotNet.Core.Parser(new StringReader(content));
            while (parser.MoveNext())
            {
                ct.ThrowIfCancellationRequested();
                var e = parser.Current!;
                if (e is YamlDotNet.Core.Events.AnchorAlias || counts.Count > Limits.MaxDepth)
                {
                    return; // the Core reports aliases and nesting with their positions
                }

                if (counts.Count > 0 && e is YamlDotNet.Core.Events.Scalar or YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart or YamlDotNet.Core.Events.AnchorAlias)
                {
                    var (count, start) = counts.Pop();
                    if (++count > 2 * Limits.MaxItemsPerList)
                    {
                        // Mapping keys and values both count: twice the limit is the same bound for both kinds.
                        throw new PackLoadException(new PackError(fileName, (int)start.Line, (int)start.Column, null, $"a list or mapping has more than {Limits.MaxItemsPerList} items"));
                    }

                    counts.Push((count, start));
                }

                if (e is YamlDotNet.Core.Events.MappingStart or YamlDotNet.Core.Events.SequenceStart)
                {
                    counts.Push((e is YamlDotNet.Core.Events.SequenceStart ? Limits.MaxItemsPerList : 0, e.Start));
                }
                else if (e is YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd && counts.Count > 0)
                {
                    counts.Pop();
                }
            }
        }
        catch (YamlDotNet.Core.YamlException)
        {
            // Syntax errors are the Core's to report, with their position.
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this for some unclosed flow collections; the Core reports it.
        }
    }

    private PackVersionRow? Row(string id, IReadOnlyDictionary<string, string>? pinned) =>
        pinned is not null && pinned.TryGetValue(id, out var version) ? store.Find(id, version) : store.ActiveRow(id);

    private PackSource? ResolveSource(string id, IReadOnlyDictionary<string, string>? pinned, CancellationToken ct) =>
        Row(id, pinned) is { } row ? PackSource.Read(row.FileName, row.Content, Limits, ct) : null;
}
