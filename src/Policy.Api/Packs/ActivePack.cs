using Microsoft.Extensions.Options;
using Policy.Core.Packs;

namespace Policy.Api.Packs;

/// <summary>
/// The pack that checks drafts. Swapped as one reference, so a check in flight keeps the pack it
/// started with and never sees half of a new one.
/// </summary>
public sealed class ActivePack
{
    private CompiledPack _current;

    public ActivePack(IOptions<PackOptions> options, ILogger<ActivePack> logger)
    {
        var o = options.Value;
        var library = PackLibrary.LoadDirectory(o.FullDirectory);
        if (!library.Packs.TryGetValue(o.Active, out var pack))
        {
            throw new OptionsValidationException(
                PackOptions.Section,
                typeof(PackOptions),
                [$"{PackOptions.Section}:Active '{o.Active}' is not among the packs in {o.FullDirectory}: {string.Join(", ", library.Packs.Keys)}"]);
        }

        Library = library;
        _current = pack;
        WarmUp();
        logger.LogInformation("Checking with pack {PackId} {Version} ({Rules} rules, sha256 {Sha})", pack.Id, pack.Version, pack.Rules.Count, pack.Sha256);
    }

    public PackLibrary Library { get; }

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

    public CompiledPack Current => Volatile.Read(ref _current);

    public void Activate(CompiledPack pack) => Volatile.Write(ref _current, pack);
}

public static class PackServices
{
    public static IServiceCollection AddPolicyPacks(this IServiceCollection services)
    {
        services.AddOptions<PackOptions>().BindConfiguration(PackOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PackOptions>, PackOptionsValidator>();
        services.AddSingleton<ActivePack>();
        return services;
    }
}
