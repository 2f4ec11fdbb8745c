using Policy.Core.Evaluation;
using Policy.Core.Packs;

namespace Policy.Cli;

/// <summary>The options eval and train share: where the packs are, which one, which corpus files.</summary>
internal sealed record CommandLine(string PacksDirectory, string PackId, IReadOnlyList<string> Files, IReadOnlySet<string> Flags, IReadOnlyDictionary<string, string> Values)
{
    public static CommandLine Parse(IReadOnlyList<string> args, params string[] valueOptions)
    {
        var files = new List<string>();
        var flags = new HashSet<string>(StringComparer.Ordinal);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a is "--packs" or "--pack" || valueOptions.Contains(a))
            {
                values[a] = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{a} needs a value");
            }
            else if (a.StartsWith("--", StringComparison.Ordinal))
            {
                flags.Add(a);
            }
            else
            {
                files.Add(a);
            }
        }

        if (files.Count == 0)
        {
            throw new ArgumentException("name at least one corpus file (JSON Lines)");
        }

        return new CommandLine(values.GetValueOrDefault("--packs", "policies"), values.GetValueOrDefault("--pack", "social-media-guideline"), files, flags, values);
    }

    public PackLibrary LoadLibrary() => PackLibrary.LoadDirectory(PacksDirectory);

    public CompiledPack PackOf(PackLibrary library)
    {
        ArgumentNullException.ThrowIfNull(library);
        return library.Packs.TryGetValue(PackId, out var pack)
            ? pack
            : throw new ArgumentException($"no pack '{PackId}' in {PacksDirectory}; there are: {string.Join(", ", library.Packs.Keys)}");
    }

    /// <summary>The pack's file and its source, parsed but not compiled (its classifier rules may still wait for a model).</summary>
    public (string File, PackSource Source) LoadSource()
    {
        foreach (var file in PackLibrary.PackFiles(PacksDirectory))
        {
            var source = PackSource.Parse(file, File.ReadAllText(file));
            if (source.Id == PackId)
            {
                return (file, source);
            }
        }

        throw new ArgumentException($"no pack '{PackId}' in {PacksDirectory}");
    }

    public List<CorpusPost> LoadPosts() => [.. Files.SelectMany(CorpusPost.Load)];
}
