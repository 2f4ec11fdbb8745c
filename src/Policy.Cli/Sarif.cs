using System.Reflection;
using System.Text.Json.Nodes;
using Policy.Core.Decision;
using Policy.Core.Model;
using Policy.Core.Packs;

namespace Policy.Cli;

/// <summary>
/// A check as a SARIF 2.1.0 log, for code-scanning views and CI annotations: one run of the tool
/// "policy", the rules that fired with their default level, and one result per finding whose
/// region is the finding's span (charOffset/charLength and start/end line and column).
/// </summary>
internal static class Sarif
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    public static JsonObject Log(CompiledPack pack, CheckResult result, LineIndex lines, string artifact)
    {
        var ruleIds = result.Findings.Select(f => f.RuleId).Distinct(StringComparer.Ordinal).ToList();
        var rules = new JsonArray();
        foreach (var id in ruleIds)
        {
            var first = result.Findings.First(f => f.RuleId == id);
            var rule = pack.Rules.FirstOrDefault(r => r.Id == id);
            rules.Add(new JsonObject
            {
                ["id"] = id,
                ["shortDescription"] = new JsonObject { ["text"] = first.Message },
                ["fullDescription"] = new JsonObject { ["text"] = $"§{first.Section.Id} {first.Section.Title.In(result.Language)}" },
                ["help"] = new JsonObject { ["text"] = first.Suggestion },
                ["defaultConfiguration"] = new JsonObject { ["level"] = Level(rule?.Severity ?? first.Severity) },
                ["properties"] = new JsonObject
                {
                    ["category"] = first.Category,
                    ["section"] = first.Section.Id,
                    ["severity"] = (rule?.Severity ?? first.Severity).ToWire(),
                    ["tags"] = new JsonArray(first.Category),
                },
            });
        }

        var results = new JsonArray();
        foreach (var f in result.Findings)
        {
            var end = f.Start + f.Length;
            results.Add(new JsonObject
            {
                ["ruleId"] = f.RuleId,
                ["ruleIndex"] = ruleIds.IndexOf(f.RuleId),
                ["level"] = Level(f.Severity),
                ["kind"] = "fail",
                ["message"] = new JsonObject { ["text"] = f.Suggestion.Length > 0 ? $"{f.Message} {f.Suggestion}" : f.Message },
                ["locations"] = new JsonArray(new JsonObject
                {
                    ["physicalLocation"] = new JsonObject
                    {
                        ["artifactLocation"] = new JsonObject { ["uri"] = Uri(artifact), ["index"] = 0 },
                        ["region"] = new JsonObject
                        {
                            ["startLine"] = lines.Line(f.Start),
                            ["startColumn"] = lines.Column(f.Start),
                            ["endLine"] = lines.Line(end),
                            ["endColumn"] = lines.Column(end),
                            ["charOffset"] = f.Start,
                            ["charLength"] = f.Length,
                        },
                    },
                }),
                ["properties"] = new JsonObject
                {
                    ["severity"] = f.Severity.ToWire(),
                    ["category"] = f.Category,
                    ["section"] = f.Section.Id,
                    ["evidence"] = f.Evidence,
                },
            });
        }

        return new JsonObject
        {
            ["$schema"] = SchemaUri,
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(new JsonObject
            {
                ["tool"] = new JsonObject
                {
                    ["driver"] = new JsonObject
                    {
                        ["name"] = "policy",
                        ["semanticVersion"] = ToolVersion(),
                        ["rules"] = rules,
                    },
                },
                ["invocations"] = new JsonArray(new JsonObject { ["executionSuccessful"] = true }),
                ["artifacts"] = new JsonArray(new JsonObject { ["location"] = new JsonObject { ["uri"] = Uri(artifact) } }),
                ["columnKind"] = "utf16CodeUnits",
                ["results"] = results,
                ["properties"] = new JsonObject
                {
                    ["decision"] = result.Decision.ToWire(),
                    ["language"] = result.Language,
                    ["pack"] = new JsonObject { ["id"] = pack.Id, ["version"] = pack.Version, ["sha256"] = pack.Sha256 },
                },
            }),
        };
    }

    /// <summary>block and review stop the post (error), warn asks to change it (warning), info is a note.</summary>
    public static string Level(Severity severity) => severity switch
    {
        Severity.Block or Severity.Review => "error",
        Severity.Warn => "warning",
        Severity.Info => "note",
        _ => "none",
    };

    public static string ToolVersion()
    {
        var v = typeof(Sarif).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = v.IndexOf('+', StringComparison.Ordinal);
        return plus > 0 ? v[..plus] : v;
    }

    /// <summary>A relative path as a URI reference (forward slashes, escaped).</summary>
    private static string Uri(string path) =>
        string.Join('/', path.Replace('\\', '/').Split('/').Select(System.Uri.EscapeDataString));
}
