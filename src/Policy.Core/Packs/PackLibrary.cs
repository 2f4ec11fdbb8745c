namespace Policy.Core.Packs;

/// <summary>
/// The packs of a folder (such as <c>policies/</c>), parsed and compiled with their bases.
/// Files are *.yaml, *.yml and *.json; the schema folder is skipped.
/// </summary>
public sealed class PackLibrary
{
    private PackLibrary(IReadOnlyDictionary<string, PackSource> sources, IReadOnlyDictionary<string, CompiledPack> packs)
    {
        Sources = sources;
        Packs = packs;
    }

    public IReadOnlyDictionary<string, PackSource> Sources { get; }

    public IReadOnlyDictionary<string, CompiledPack> Packs { get; }

    public static IEnumerable<string> PackFiles(string directory) =>
        Directory.EnumerateFiles(directory, "*.*", SearchOption.TopDirectoryOnly)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
                || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
                || f.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);

    /// <summary>Loads every pack in <paramref name="directory"/>; all errors of all files in one exception.</summary>
    public static PackLibrary LoadDirectory(string directory, PackLimits? limits = null)
    {
        var errors = new List<PackError>();
        var sources = new Dictionary<string, PackSource>(StringComparer.Ordinal);
        foreach (var file in PackFiles(directory))
        {
            try
            {
                var source = PackSource.Parse(Path.GetFileName(file), File.ReadAllText(file), limits);
                if (!sources.TryAdd(source.Id, source))
                {
                    errors.Add(new PackError(source.File, 1, 1, null, $"pack id '{source.Id}' is also used by {sources[source.Id].File}"));
                }
            }
            catch (PackLoadException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }

        var packs = new Dictionary<string, CompiledPack>(StringComparer.Ordinal);
        foreach (var source in sources.Values)
        {
            try
            {
                packs[source.Id] = PackCompiler.Compile(source, id => sources.GetValueOrDefault(id), limits);
            }
            catch (PackLoadException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }

        if (errors.Count > 0)
        {
            throw new PackLoadException(errors);
        }

        return new PackLibrary(sources, packs);
    }
}
