using Microsoft.Extensions.Options;
using Policy.Api.Store;
using Policy.Core.Packs;

namespace Policy.Api.Packs;

/// <summary>
/// The pack that checks drafts: the active version (in the store) of the pack the store names in
/// <c>checking_pack</c>, compiled on its active base. HR chooses it by activating a version of a
/// pack; <c>Policy:Packs:Active</c> only fills that row on the first start, so a restart keeps
/// what HR chose. Swapped as one reference after an activation or rollback commits (here, or on
/// another instance through <see cref="StoreChanges"/>), so a check in flight keeps the pack it
/// started with and never sees half of a new one. On first start with an empty store the packs in
/// <c>policies/</c> are stored and activated (base packs first).
/// </summary>
public sealed class ActivePack
{
    private const int CacheSize = 8;

    private readonly PackStore _store;
    private readonly PackLoader _loader;
    private readonly ILogger<ActivePack> _logger;
    private readonly Lock _refresh = new();

    // Compiled packs by their chain of id@version: a rollback swaps back without compiling again.
    private readonly Dictionary<string, CompiledPack> _cache = new(StringComparer.Ordinal);
    private CompiledPack _current;

    public ActivePack(IOptions<PackOptions> options, PackStore store, PackLoader loader, StoreChanges changes, ILogger<ActivePack> logger)
    {
        var o = options.Value;
        _store = store;
        _loader = loader;
        _logger = logger;

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

        _current = CompileFromStore(checking) ?? throw new OptionsValidationException(
            PackOptions.Section,
            typeof(PackOptions),
            [checking == o.Active
                ? $"{PackOptions.Section}:Active '{o.Active}' has no active version in the pack store (or its base has none)."
                : $"The checking pack '{checking}' recorded in the store has no active version (or its base has none)."]);

        WarmUp();
        ReleaseStartupGarbage();
        changes.Subscribe(StoreTopics.Packs, Refresh);
        logger.LogInformation("Checking with pack {PackId} {Version} ({Rules} rules, sha256 {Sha})", _current.Id, _current.Version, _current.Rules.Count, _current.Sha256);
    }

    /// <summary>Id of the pack that checks drafts now.</summary>
    public string PackId => Current.Id;

    public CompiledPack Current => Volatile.Read(ref _current);

    public void Activate(CompiledPack pack) => Volatile.Write(ref _current, pack);

    /// <summary>
    /// Reads the active versions from the store and swaps the checking pack if it changed. Runs
    /// after a switch commits; serialized, and each run reads the latest state, so the last one
    /// always leaves the pack the store says is active.
    /// </summary>
    public void Refresh()
    {
        lock (_refresh)
        {
            var packId = _store.Checking()?.PackId ?? PackId;
            try
            {
                var pack = CompileFromStore(packId);
                if (pack is null)
                {
                    _logger.LogError("Pack {PackId} has no active version; checks keep {Current} {Version}", packId, PackId, Current.Version);
                    return;
                }

                if (!ReferenceEquals(pack, Current))
                {
                    Activate(pack);
                    _logger.LogInformation("Checking with pack {PackId} {Version} (sha256 {Sha})", pack.Id, pack.Version, pack.Sha256);
                }
            }
            catch (PackLoadException ex)
            {
                _logger.LogError("Pack {PackId} does not compile on its active base, checks keep {Current} {Version}: {Error}", packId, PackId, Current.Version, ex.Message);
            }
        }
    }

    /// <summary>Compiles <paramref name="packId"/> as it would be with <paramref name="pinned"/> versions; throws if it does not compile.</summary>
    public CompiledPack CompileWith(string packId, IReadOnlyDictionary<string, string> pinned, CancellationToken ct = default)
    {
        var chain = _loader.ResolveChain(packId, pinned)
            ?? throw new PackLoadException($"pack '{packId}' or one of its bases has no version to check with");
        return _loader.Load(chain[0], pinned, ct).Pack;
    }

    private CompiledPack? CompileFromStore(string packId)
    {
        var chain = _loader.ResolveChain(packId);
        if (chain is null)
        {
            return null;
        }

        var key = string.Join('|', chain.Select(r => $"{r.PackId}@{r.Version}@{r.Sha256}"));
        lock (_cache)
        {
            if (_cache.TryGetValue(key, out var cached))
            {
                return cached;
            }
        }

        var pack = _loader.Load(chain[0]).Pack;

        // Warm the new pack's regexes before it takes traffic (see WarmUp): its examples touch them.
        PackExamples.Run(pack);
        lock (_cache)
        {
            if (_cache.Count >= CacheSize)
            {
                _cache.Clear();
            }

            _cache[key] = pack;
        }

        return pack;
    }

    private void Seed(PackOptions o)
    {
        var library = PackLibrary.LoadDirectory(o.FullDirectory, PackLoader.Limits);
        if (!library.Packs.TryGetValue(o.Active, out var active))
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
            _store.Insert("system", source.Id, source.Version, source.Sha256, name, content, source.Extends, new { source.Id, source.Version, seed = true });
            _store.Switch("system", source.Id, source.Version, null, "seed");
            _logger.LogInformation("Seeded pack {PackId} {Version} from {File}", source.Id, source.Version, name);
        }

        var chain = _loader.ResolveChain(o.Active);
        if (chain is not null)
        {
            lock (_cache)
            {
                _cache[string.Join('|', chain.Select(r => $"{r.PackId}@{r.Version}@{r.Sha256}"))] = active;
            }
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
        foreach (var detector in Policy.Core.Match.Detectors.DetectorCatalog.ByName.Values)
        {
            detector.Scan(detector.Input == Policy.Core.Match.Detectors.DetectorInput.Original ? sample : sample.ToLowerInvariant(), hits);
        }
    }
}

public static class PackServices
{
    public static IServiceCollection AddPolicyPacks(this IServiceCollection services)
    {
        services.AddOptions<PackOptions>().BindConfiguration(PackOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PackOptions>, PackOptionsValidator>();
        services.AddOptions<EngineOptions>().BindConfiguration(EngineOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EngineOptions>, EngineOptionsValidator>();
        services.AddSingleton<PackStore>();
        services.AddSingleton<PackLoader>();
        services.AddSingleton<ActivePack>();
        services.AddSingleton<FluentValidation.IValidator<MaterialRequest>, MaterialRequestValidator>();
        return services;
    }
}
