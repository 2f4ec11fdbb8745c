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
        logger.LogInformation("Checking with pack {PackId} {Version} ({Rules} rules, sha256 {Sha})", pack.Id, pack.Version, pack.Rules.Count, pack.Sha256);
    }

    public PackLibrary Library { get; }

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
