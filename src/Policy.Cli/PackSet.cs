using Policy.Core.Packs;

namespace Policy.Cli;

/// <summary>A pack file the user named, as the API would load it: parsed with the same limits and compiled on its bases.</summary>
internal sealed record LoadedPack(string Path, string Content, PackSource Source, CompiledPack Pack);

/// <summary>
/// Loads packs the way the API does (<see cref="PackSource.Read"/> with <see cref="PackLimits.Default"/>,
/// then <see cref="PackCompiler"/>). A company pack's <c>extends</c> resolves to a pack named on the
/// command line, else one in <c>--packs DIR</c>, else the packs shipped with the tool (the default
/// guideline), so <c>policy lint company.yaml</c> works in any checkout.
/// </summary>
internal sealed class PackSet
{
    private readonly Dictionary<string, PackSource> _named = new(StringComparer.Ordinal);
    private readonly string? _packsDirectory;
    private Dictionary<string, (string Path, PackSource Source)>? _library;

    private PackSet(string? packsDirectory) => _packsDirectory = packsDirectory;

    /// <summary>The folder of packs shipped beside the tool.</summary>
    public static string ShippedDirectory => System.IO.Path.Combine(AppContext.BaseDirectory, "policies");

    public const string DefaultPackId = "social-media-guideline";

    public static PackSet For(string? packsDirectory)
    {
        if (packsDirectory is not null && !Directory.Exists(packsDirectory))
        {
            throw new UsageException($"--packs: no folder '{packsDirectory}'");
        }

        return new PackSet(packsDirectory);
    }

    /// <summary>The pack files among <paramref name="arguments"/>: files as given, folders by their *.yaml, *.yml and *.json.</summary>
    public static IReadOnlyList<string> Files(IEnumerable<string> arguments)
    {
        var files = new List<string>();
        foreach (var a in arguments)
        {
            if (Directory.Exists(a))
            {
                files.AddRange(PackLibrary.PackFiles(a));
            }
            else if (File.Exists(a))
            {
                files.Add(a);
            }
            else
            {
                throw new UsageException($"no file or folder '{a}'");
            }
        }

        return files.Count > 0 ? files : throw new UsageException("name at least one pack file or folder");
    }

    /// <summary>Parses every file; what fails to parse comes back as errors, the rest compiled against each other and the library.</summary>
    public (IReadOnlyList<LoadedPack> Packs, IReadOnlyList<PackError> Errors) Load(IReadOnlyList<string> files)
    {
        var errors = new List<PackError>();
        var parsed = new List<(string Path, string Content, PackSource Source)>();
        foreach (var file in files)
        {
            var content = ReadText(file);
            try
            {
                var source = PackSource.Read(file, content, PackLimits.Default, CancellationToken.None);
                parsed.Add((file, content, source));
                _named.TryAdd(source.Id, source);
            }
            catch (PackLoadException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }

        var packs = new List<LoadedPack>();
        foreach (var (path, content, source) in parsed)
        {
            try
            {
                packs.Add(new LoadedPack(path, content, source, PackCompiler.Compile(source, Resolve, PackLimits.Default)));
            }
            catch (PackLoadException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }

        return (packs, errors);
    }

    /// <summary>One pack: a file path, or a pack id of --packs or the shipped packs. Throws <see cref="PackLoadException"/> when it does not load.</summary>
    public LoadedPack LoadOne(string pack)
    {
        var file = File.Exists(pack) ? pack
            : Library().TryGetValue(pack, out var entry) ? entry.Path
            : LooksLikeFile(pack) ? throw new UsageException($"no pack file '{pack}'")
            : throw new UsageException($"no pack '{pack}': name a pack file, or one of {string.Join(", ", Library().Keys.Order(StringComparer.Ordinal))}");
        var (packs, errors) = Load([file]);
        return errors.Count > 0 ? throw new PackLoadException(errors) : packs[0];
    }

    private static bool LooksLikeFile(string pack) =>
        pack.Contains('/', StringComparison.Ordinal) || pack.Contains('\\', StringComparison.Ordinal)
        || pack.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || pack.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
        || pack.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    public static string ReadText(string file)
    {
        try
        {
            var content = File.ReadAllText(file);
            return content.Length > 0 && content[0] == '\uFEFF' ? content[1..] : content;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read '{file}': {ex.Message}");
        }
    }

    private PackSource? Resolve(string id) =>
        _named.TryGetValue(id, out var named) ? named : Library().TryGetValue(id, out var entry) ? entry.Source : null;

    /// <summary>Packs of --packs, then the shipped ones; the first file with an id wins. A file that
    /// does not parse is skipped here: it is only an error if a pack needs it, and then the
    /// missing base is reported where <c>extends</c> names it.</summary>
    private Dictionary<string, (string Path, PackSource Source)> Library()
    {
        if (_library is not null)
        {
            return _library;
        }

        _library = new(StringComparer.Ordinal);
        foreach (var dir in new[] { _packsDirectory, ShippedDirectory })
        {
            if (dir is null || !Directory.Exists(dir))
            {
                continue;
            }

            foreach (var file in PackLibrary.PackFiles(dir))
            {
                try
                {
                    var source = PackSource.Read(file, ReadText(file), PackLimits.Default, CancellationToken.None);
                    _library.TryAdd(source.Id, (file, source));
                }
                catch (PackLoadException)
                {
                }
            }
        }

        return _library;
    }
}
