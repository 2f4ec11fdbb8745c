using Microsoft.Extensions.Options;
using Policy.Api.Store;
using Policy.Core.Evaluation;
using Policy.Core.Match;
using Policy.Core.Model;
using Policy.Core.Packs;

namespace Policy.Api.Packs;

/// <summary>What an upload or a dry run came to.</summary>
public enum UploadStatus
{
    /// <summary>A dry run: the pack loads; nothing was stored.</summary>
    Valid,

    /// <summary>A new version was stored.</summary>
    Created,

    /// <summary>The same version with the same content was stored before.</summary>
    Unchanged,

    /// <summary>The version exists with other content; stored versions never change.</summary>
    VersionExists,

    /// <summary>The pack does not load (<see cref="UploadOutcome.Errors"/>).</summary>
    Invalid,

    /// <summary>Its id or version breaks the naming rules of uploads (<see cref="UploadOutcome.NameProblems"/>).</summary>
    BadNames,
}

public sealed record UploadOutcome(
    UploadStatus Status,
    PackReport? Report = null,
    IReadOnlyList<PackError>? Errors = null,
    IDictionary<string, string[]>? NameProblems = null,
    PackVersionRow? Existing = null);

/// <summary>What an activation or rollback came to.</summary>
public enum SwitchStatus
{
    /// <summary>The version is active now (and its pack checks drafts, unless it is a base under the checking pack).</summary>
    Switched,

    /// <summary>Nothing to do: the version was already active and the checking pack stays.</summary>
    Unchanged,

    NoSuchPack,

    NoSuchVersion,

    /// <summary>A rollback of a pack that had only one active version.</summary>
    NoEarlierVersion,

    /// <summary>The caller's expected active version no longer holds.</summary>
    StaleActive,

    /// <summary>The caller's expected checking pack no longer holds.</summary>
    StaleChecking,

    /// <summary>The version's examples fail (<see cref="SwitchOutcome.Examples"/>).</summary>
    ExamplesFail,

    /// <summary>The version, or the checking pack on it, does not compile (<see cref="SwitchOutcome.Errors"/>).</summary>
    DoesNotCompile,
}

/// <param name="Version">The version switched to (for a rollback: the target).</param>
/// <param name="Before">The pack's active version before.</param>
public sealed record SwitchOutcome(
    SwitchStatus Status,
    string? Version = null,
    string? Before = null,
    CheckingState? CheckingBefore = null,
    CheckingState? CheckingAfter = null,
    ExamplesReport? Examples = null,
    IReadOnlyList<PackError>? Errors = null);

/// <summary>
/// The life of a pack from upload to the drafts it checks: upload and dry run (load, naming rules,
/// examples), activation and rollback (examples gate, compatibility with the checking pack when a
/// base changes under it, compare-and-set on the store), the refresh of <see cref="ActivePack"/>
/// after any switch commits, and the start-up seeding. The endpoints, the CLI and tests speak to
/// this; it knows nothing of HTTP.
/// </summary>
public sealed class PackLifecycle(
    IOptions<PackOptions> options, PackStore store, PackLoader loader, ActivePack active, StoreChanges changes, ILogger<PackLifecycle> logger)
{
    private const int CacheSize = 8;

    private readonly Lock _refresh = new();

    // Compiled packs by their chain of id@version@sha: a rollback swaps back without compiling again.
    private readonly Dictionary<string, CompiledPack> _cache = new(StringComparer.Ordinal);

    /// <summary>Loads a pack and runs its examples, storing nothing.</summary>
    public UploadOutcome Validate(string fileName, string content, CancellationToken ct = default) =>
        Load(fileName, content, stored: false, ct).Outcome;

    /// <summary>Loads a pack, runs its examples and stores the version immutable (failing examples
    /// are reported, not refused: the gate is activation).</summary>
    public UploadOutcome Upload(string actor, string fileName, string content, CancellationToken ct = default)
    {
        var (outcome, source) = Load(fileName, content, stored: true, ct);
        if (source is null)
        {
            return outcome;
        }

        var report = outcome.Report!;
        var (stored, existing) = store.Insert(
            actor,
            source.Id,
            source.Version,
            source.Sha256,
            fileName,
            content,
            source.Extends,
            new { packId = source.Id, source.Version, sha256 = source.Sha256, fileName, report.Rules, examplesFailed = report.Examples.Failed });
        return stored switch
        {
            StoreOutcome.Created => outcome with { Status = UploadStatus.Created },
            StoreOutcome.Unchanged => outcome with { Status = UploadStatus.Unchanged },
            _ => outcome with { Status = UploadStatus.VersionExists, Existing = existing },
        };
    }

    /// <summary>
    /// Activates <paramref name="version"/> if its examples pass, it compiles on the active bases and,
    /// when it is a new version of a base of the checking pack, the checking pack still compiles on it;
    /// compare-and-set on the pack's active version (<paramref name="expected"/>, null: none) and on
    /// the checking pack (<paramref name="expectedChecking"/>, optional).
    /// </summary>
    public SwitchOutcome Activate(string actor, string id, string version, string? expected, CheckingState? expectedChecking, CancellationToken ct = default)
    {
        var row = store.Find(id, version);
        if (row is null)
        {
            return new SwitchOutcome(SwitchStatus.NoSuchVersion, version);
        }

        return Switch(actor, id, version, expected, expectedChecking, "activate", ct, (source, pack) =>
            loader.Report(source, pack, stored: true).Examples is { Failed: > 0 } failed ? failed : null);
    }

    /// <summary>Returns to the version that was active before the current one, under the same
    /// compare-and-set and the same rule for the checking pack as <see cref="Activate"/>.</summary>
    public SwitchOutcome Rollback(string actor, string id, string? expected, CheckingState? expectedChecking, CancellationToken ct = default)
    {
        if (!store.Exists(id))
        {
            return new SwitchOutcome(SwitchStatus.NoSuchPack);
        }

        var target = PackStore.RollbackTarget(store.History(id));
        if (target is null)
        {
            return new SwitchOutcome(SwitchStatus.NoEarlierVersion, Before: store.ActiveVersion(id), CheckingBefore: Checking());
        }

        // The examples of an earlier version passed when it was activated; the gate is that it still compiles.
        return Switch(actor, id, target, expected, expectedChecking, "rollback", ct, (_, _) => null);
    }

    /// <summary>The pack that checks drafts, as the store records it (this instance's pack before the first record).</summary>
    public CheckingState Checking() => store.Checking() ?? new CheckingState(active.PackId, active.Current.Version);

    /// <summary>Compiles <paramref name="packId"/> as it would be with <paramref name="pinned"/> versions
    /// (pack id → version) instead of the active ones; throws <see cref="PackLoadException"/> if it does not compile.</summary>
    public CompiledPack CompileWith(string packId, IReadOnlyDictionary<string, string> pinned, CancellationToken ct = default)
    {
        var chain = loader.ResolveChain(packId, pinned)
            ?? throw new PackLoadException($"pack '{packId}' or one of its bases has no version to check with");
        return loader.Load(chain[0], pinned, ct).Pack;
    }

    /// <summary>A stored version of a pack compiled on the active versions of its bases: what it would
    /// check with if it were activated.</summary>
    public CompiledPack CompileVersion(string packId, string version, CancellationToken ct = default) =>
        CompileWith(packId, new Dictionary<string, string>(StringComparer.Ordinal) { [packId] = version }, ct);

    /// <summary>
    /// Reads the active versions from the store and swaps the checking pack if it changed. Runs after
    /// a switch commits, here or (through <see cref="StoreChanges"/>) on another instance; serialized,
    /// and each run reads the latest state, so the last one leaves the pack the store says is active.
    /// </summary>
    public void Refresh()
    {
        lock (_refresh)
        {
            var current = active.Current;
            var packId = store.Checking()?.PackId ?? current.Id;
            try
            {
                var pack = CompileFromStore(packId);
                if (pack is null)
                {
                    logger.LogError("Pack {PackId} has no active version; checks keep {Current} {Version}", packId, current.Id, current.Version);
                    return;
                }

                if (!ReferenceEquals(pack, current))
                {
                    active.Activate(pack);
                    logger.LogInformation("Checking with pack {PackId} {Version} (sha256 {Sha})", pack.Id, pack.Version, pack.Sha256);
                }
            }
            catch (PackLoadException ex)
            {
                logger.LogError("Pack {PackId} does not compile on its active base, checks keep {Current} {Version}: {Error}", packId, current.Id, current.Version, ex.Message);
            }
        }
    }

    /// <summary>
    /// The start-up step: an empty store is seeded from the pack folder (bases first), the setting
    /// names the checking pack only if the store records none, the checking pack is compiled, the
    /// detectors are warmed up and the start's garbage released. Throws
    /// <see cref="OptionsValidationException"/> naming the setting when no pack can check drafts.
    /// </summary>
    internal void Start()
    {
        var o = options.Value;
        if (store.IsEmpty())
        {
            Seed(o);
        }

        var checking = store.EnsureChecking("system", o.Active);
        if (checking != o.Active)
        {
            logger.LogInformation(
                "{Section}:Active '{Setting}' is only the first start's default; HR chose '{PackId}' through the API",
                PackOptions.Section,
                o.Active,
                checking);
        }

        var pack = CompileFromStore(checking) ?? throw new OptionsValidationException(
            PackOptions.Section,
            typeof(PackOptions),
            [checking == o.Active
                ? $"{PackOptions.Section}:Active '{o.Active}' has no active version in the pack store (or its base has none)."
                : $"The checking pack '{checking}' recorded in the store has no active version (or its base has none)."]);
        active.Activate(pack);

        WarmUp();
        ReleaseStartupGarbage();
        changes.Subscribe(StoreTopics.Packs, Refresh);
        logger.LogInformation("Checking with pack {PackId} {Version} ({Rules} rules, sha256 {Sha})", pack.Id, pack.Version, pack.Rules.Count, pack.Sha256);
    }

    private (UploadOutcome Outcome, PackSource? Source) Load(string fileName, string content, bool stored, CancellationToken ct)
    {
        try
        {
            var (source, pack) = loader.Load(fileName, content, ct: ct);
            if (PackNames.Problems(source.Id, source.Version) is { Count: > 0 } names)
            {
                return (new UploadOutcome(UploadStatus.BadNames, NameProblems: names), null);
            }

            return (new UploadOutcome(UploadStatus.Valid, loader.Report(source, pack, stored)), source);
        }
        catch (PackLoadException ex)
        {
            return (new UploadOutcome(UploadStatus.Invalid, Errors: ex.Errors), null);
        }
    }

    /// <summary>Activation and rollback alike: decide what the switch does to the checking pack, refuse
    /// a stale caller early, prove the version (and the checking pack on it) compiles, then switch
    /// compare-and-set and refresh.</summary>
    private SwitchOutcome Switch(
        string actor, string id, string version, string? expected, CheckingState? expectedChecking, string action, CancellationToken ct,
        Func<PackSource, CompiledPack, ExamplesReport?> gate)
    {
        var plan = Plan(id, version);
        if (expectedChecking is not null
            && (expectedChecking.PackId != plan.Checking.PackId || (expectedChecking.Version is not null && expectedChecking.Version != plan.Checking.Version)))
        {
            return new SwitchOutcome(SwitchStatus.StaleChecking, version, store.ActiveVersion(id), plan.Checking);
        }

        try
        {
            var (source, pack) = loader.Load(store.Find(id, version)!, ct: ct);
            if (gate(source, pack) is { } failed)
            {
                return new SwitchOutcome(SwitchStatus.ExamplesFail, version, Examples: failed);
            }

            if (plan.UnderChecking)
            {
                // A new base must not break the company pack that checks drafts.
                CompileWith(plan.Checking.PackId, new Dictionary<string, string>(StringComparer.Ordinal) { [id] = version }, ct);
            }
        }
        catch (PackLoadException ex)
        {
            return new SwitchOutcome(SwitchStatus.DoesNotCompile, version, Errors: ex.Errors);
        }

        var cas = plan.Cas(expectedChecking);
        var result = store.Switch(actor, id, version, expected, action, cas);
        var checkingMoved = result.CheckingBefore?.PackId != cas.ExpectedPack
            || (cas.ExpectedVersion is not null && result.CheckingBefore?.Version != cas.ExpectedVersion);
        switch (result.Outcome)
        {
            case StoreOutcome.Conflict when result.Before != expected || !checkingMoved:
                return new SwitchOutcome(SwitchStatus.StaleActive, version, result.Before, result.CheckingBefore, result.CheckingAfter);
            case StoreOutcome.Conflict:
                return new SwitchOutcome(SwitchStatus.StaleChecking, version, result.Before, result.CheckingBefore, result.CheckingAfter);
            case StoreOutcome.Created:
                Refresh();
                return new SwitchOutcome(SwitchStatus.Switched, version, result.Before, result.CheckingBefore, result.CheckingAfter);
            default:
                return new SwitchOutcome(SwitchStatus.Unchanged, version, result.Before, result.CheckingBefore, result.CheckingAfter);
        }
    }

    /// <summary>
    /// What switching <paramref name="id"/> to <paramref name="version"/> does to the checking pack,
    /// decided on the store's state: a new version of one of the checking pack's bases updates that
    /// base under it (a company pack keeps checking, on the new base); anything else, including the
    /// version a base already has, makes <paramref name="id"/> the pack that checks drafts.
    /// </summary>
    private SwitchPlan Plan(string id, string version)
    {
        var checking = Checking();
        var isBase = id != checking.PackId && loader.ResolveChain(checking.PackId) is { } chain && chain.Any(r => r.PackId == id);
        return new SwitchPlan(checking, isBase && store.ActiveVersion(id) != version);
    }

    private CompiledPack? CompileFromStore(string packId)
    {
        var chain = loader.ResolveChain(packId);
        if (chain is null)
        {
            return null;
        }

        var key = ChainKey(chain);
        lock (_cache)
        {
            if (_cache.TryGetValue(key, out var cached))
            {
                return cached;
            }
        }

        var pack = loader.Load(chain[0]).Pack;

        // Warm the new pack's regexes before it takes traffic (see WarmUp): its examples touch them.
        PackExamples.Run(pack);
        Remember(key, pack);
        return pack;
    }

    private void Remember(string key, CompiledPack pack)
    {
        lock (_cache)
        {
            if (_cache.Count >= CacheSize)
            {
                _cache.Clear();
            }

            _cache[key] = pack;
        }
    }

    private static string ChainKey(IEnumerable<PackVersionRow> chain) => string.Join('|', chain.Select(r => $"{r.PackId}@{r.Version}@{r.Sha256}"));

    private void Seed(PackOptions o)
    {
        var library = PackLibrary.LoadDirectory(o.FullDirectory, PackLoader.Limits);
        if (!library.Packs.TryGetValue(o.Active, out var seeded))
        {
            throw new OptionsValidationException(
                PackOptions.Section,
                typeof(PackOptions),
                [$"{PackOptions.Section}:Active '{o.Active}' is not among the packs in {o.FullDirectory}: {string.Join(", ", library.Packs.Keys)}"]);
        }

        var files = PackLibrary.PackFiles(o.FullDirectory)
            .Select(path => (Name: Path.GetFileName(path), Content: File.ReadAllText(path)))
            .Select(f => (f.Name, f.Content, Source: library.Sources.Values.First(s => s.File == f.Name)))
            .OrderBy(f => library.Packs[f.Source.Id].Chain.Count)
            .ThenBy(f => f.Source.Id, StringComparer.Ordinal);
        foreach (var (name, content, source) in files)
        {
            store.Insert("system", source.Id, source.Version, source.Sha256, name, content, source.Extends, new { source.Id, source.Version, seed = true });
            store.Switch("system", source.Id, source.Version, null, "seed");
            logger.LogInformation("Seeded pack {PackId} {Version} from {File}", source.Id, source.Version, name);
        }

        if (loader.ResolveChain(o.Active) is { } chain)
        {
            Remember(ChainKey(chain), seeded);
        }
    }

    /// <summary>
    /// Seeding compiles every pack in the folder and the examples build regex automata; what is not
    /// kept is dead large objects, and the large-object heap is never compacted on its own: its holes
    /// (13.5 of 23.9 MB, measured under load) would stay committed for the life of the process.
    /// </summary>
    private static void ReleaseStartupGarbage()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    /// <summary>
    /// Runs every detector once before traffic arrives: compiled regexes are JIT-compiled on first
    /// use, and that first match must not run into a detector's timeout under load.
    /// </summary>
    private static void WarmUp()
    {
        const string sample = "pw: Sonne123! mail a.b@example.org DE89 3704 0044 0532 0130 00 +49 30 1234567 https://example.org/x 10.0.0.1 "
            + "password=hunter2 token: ghp_0123456789abcdefghijklmnopqrstuvwxyz curl -u user:pass https://x AKIAIOSFODNN7EXAMPLE";
        var hits = new List<Policy.Core.Match.Detectors.DetectorHit>();
        foreach (var detector in Policy.Core.Match.DetectorCatalog.ByName.Values)
        {
            try
            {
                detector.Scan(detector.Input == Policy.Core.Match.Detectors.DetectorInput.Original ? sample : sample.ToLowerInvariant(), hits);
            }
            catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
            {
                // A starved machine can run the first, JIT-compiling match past its timeout; the warm-up
                // has done its job all the same, and a check that times out later fails closed anyway.
            }
        }
    }
}
