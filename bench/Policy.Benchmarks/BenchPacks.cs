using System.Text;
using Policy.Core.Match;
using Policy.Core.Normalize;
using Policy.Core.Packs;

namespace Policy.Benchmarks;

/// <summary>The packs the benchmarks check against: the default guideline as it is in policies/, and
/// a company pack extending it with one terms rule of N generated terms.</summary>
public static class BenchPacks
{
    public const string DefaultPackId = "social-media-guideline";

    private static readonly Lazy<PackLibrary> Library = new(() => PackLibrary.LoadDirectory(PoliciesDirectory));

    /// <summary>The repository's policies/ folder; env POLICIES_DIR points elsewhere (e.g. a snapshot),
    /// env POLICY_ROOT overrides the search for Policy.sln.</summary>
    public static string PoliciesDirectory =>
        Environment.GetEnvironmentVariable("POLICIES_DIR") is { Length: > 0 } dir ? dir : Path.Combine(RepoRoot, "policies");

    public static string RepoRoot { get; } = FindRoot();

    public static CompiledPack Default() => Library.Value.Packs[DefaultPackId];

    /// <summary>The default pack plus a terms rule (match: word, default endings) over <paramref name="termCount"/> generated terms.</summary>
    public static CompiledPack WithTerms(int termCount) => WithTerms(CorpusGenerator.Terms(termCount));

    public static CompiledPack WithTerms(IReadOnlyList<string> terms)
    {
        var yaml = TermsPackYaml(terms);
        var source = PackSource.Parse("bench-terms.yaml", yaml);
        return PackCompiler.Compile(source, id => Library.Value.Sources.GetValueOrDefault(id));
    }

    public static string TermsPackYaml(IReadOnlyList<string> terms)
    {
        var sb = new StringBuilder();
        sb.Append("id: bench-terms-").Append(terms.Count).Append('\n');
        sb.Append("version: 1.0.0\n");
        sb.Append("extends: ").Append(DefaultPackId).Append('\n');
        sb.Append("rules:\n");
        sb.Append("  - id: bench.watchlist\n");
        sb.Append("    kind: terms\n");
        sb.Append("    section: monitoring\n");
        sb.Append("    category: watchlist\n");
        sb.Append("    severity: review\n");
        sb.Append("    message: { de: \"Begriff aus der Beobachtungsliste.\", en: \"Term from the watch list.\" }\n");
        sb.Append("    suggestion: { de: \"Prüfe, ob du darüber posten darfst.\", en: \"Check whether you may post about it.\" }\n");
        sb.Append("    terms:\n");
        foreach (var t in terms)
        {
            sb.Append("      - \"").Append(t.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\"\n");
        }

        return sb.ToString();
    }

    /// <summary>A bare term index over <paramref name="terms"/> as a terms rule would build it (word mode, default endings unless <paramref name="noEndings"/>).</summary>
    public static TermIndex TermIndexOf(IEnumerable<string> terms, bool noEndings = false)
    {
        var specs = terms
            .Select(Normalizer.NormalizeTerm)
            .Where(t => t.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Select(t => new TermSpec(t, TermMode.Word, noEndings ? TermDefaults.NoEndings : TermDefaults.Endings))
            .ToList();
        var builder = new TermIndexBuilder();
        builder.AddSet(specs);
        return builder.Build();
    }

    private static string FindRoot()
    {
        if (Environment.GetEnvironmentVariable("POLICY_ROOT") is { Length: > 0 } env)
        {
            return env;
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Policy.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Policy.sln not found above " + AppContext.BaseDirectory + "; set POLICY_ROOT");
    }
}
