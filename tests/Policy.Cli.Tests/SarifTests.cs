using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Policy.Cli.Tests;

/// <summary><c>policy check --format sarif</c> against the SARIF 2.1.0 schema, and its regions against the spans.</summary>
public sealed class SarifTests
{
    private static readonly Lazy<JsonSchema> Schema = new(LoadSchema);

    /// <summary>
    /// The OASIS schema is written in draft-04, which the validator no longer reads; draft-07 gives
    /// each keyword this schema uses the same meaning (it has no exclusiveMinimum/Maximum, the only
    /// keywords whose form changed), so only the dialect line is rewritten and the draft-04 'id' (only
    /// a name here: every reference is local) dropped.
    /// </summary>
    private static JsonSchema LoadSchema()
    {
        var node = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Sarif", "sarif-schema-2.1.0.json")))!.AsObject();
        Assert.Equal("http://json-schema.org/draft-04/schema#", (string?)node["$schema"]);
        node["$schema"] = "http://json-schema.org/draft-07/schema#";
        node.Remove("id");
        return JsonSchema.Build(JsonDocument.Parse(node.ToJsonString()).RootElement, new BuildOptions { Dialect = Dialect.Draft07 }, new Uri("https://policy.test/sarif-schema-2.1.0.json"));
    }

    private static EvaluationResults Validate(string json) =>
        Schema.Value.Evaluate(JsonDocument.Parse(json).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });

    private static string Errors(EvaluationResults r) =>
        string.Join('\n', (r.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")));

    [Fact]
    public async Task The_schema_refuses_a_log_that_breaks_it()
    {
        // Without this, a validator that accepts everything would let every other test pass.
        var run = await CliProcess.RunAsync("check", "--format", "sarif", "Der Türcode fürs Lager ist 4711#");
        var log = JsonNode.Parse(run.Output)!;
        log["runs"]![0]!["results"]![0]!["level"] = "fatal";
        var noVersion = JsonNode.Parse(run.Output)!.AsObject();
        noVersion.Remove("version");

        Assert.False(Validate(log.ToJsonString()).IsValid);
        Assert.False(Validate(noVersion.ToJsonString()).IsValid);
    }

    [Fact]
    public async Task A_check_with_findings_is_valid_SARIF_whose_regions_are_the_spans()
    {
        using var dir = new TempFolder();
        var pack = dir.Write("company.yaml", TestPacks.Company());
        const string text = "Guten Morgen!\nDer Türcode fürs Lager ist 4711#\nHeute Kickoff für Projekt Kranich.";
        var draft = dir.Write("draft.txt", text);

        var sarif = await CliProcess.RunAsync("check", "--pack", pack, "--format", "sarif", "--file", draft);
        var json = await CliProcess.RunAsync("check", "--pack", pack, "--format", "json", "--file", draft);

        Assert.True(sarif.ExitCode == 1, sarif.ToString());
        var validation = Validate(sarif.Output);
        Assert.True(validation.IsValid, Errors(validation));
        var run = JsonNode.Parse(sarif.Output)!["runs"]![0]!;
        Assert.Equal("policy", (string?)run["tool"]!["driver"]!["name"]);
        Assert.Equal("utf16CodeUnits", (string?)run["columnKind"]);
        var findings = JsonNode.Parse(json.Output)!["findings"]!.AsArray();
        var results = run["results"]!.AsArray();
        Assert.Equal(findings.Count, results.Count);
        var rules = run["tool"]!["driver"]!["rules"]!.AsArray();
        for (var i = 0; i < findings.Count; i++)
        {
            var f = findings[i]!;
            var r = results[i]!;
            var region = r["locations"]![0]!["physicalLocation"]!["region"]!;
            Assert.Equal((string?)f["ruleId"], (string?)r["ruleId"]);
            Assert.Equal((string?)f["ruleId"], (string?)rules[(int)r["ruleIndex"]!]!["id"]);
            Assert.Equal((int)f["span"]!["start"]!, (int)region["charOffset"]!);
            Assert.Equal((int)f["span"]!["length"]!, (int)region["charLength"]!);
            Assert.Equal((int)f["location"]!["line"]!, (int)region["startLine"]!);
            Assert.Equal((int)f["location"]!["column"]!, (int)region["startColumn"]!);
            Assert.Equal(draft, (string?)r["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]);
            var expectedLevel = (string?)f["severity"] switch { "block" or "review" => "error", "warn" => "warning", "info" => "note", _ => "none" };
            Assert.Equal(expectedLevel, (string?)r["level"]);
        }

        var secret = results.Single(r => (string?)r!["ruleId"] == "credential.secret")!["locations"]![0]!["physicalLocation"]!["region"]!;
        Assert.Equal(2, (int)secret["startLine"]!);
        Assert.Equal(text.IndexOf("4711#", StringComparison.Ordinal), (int)secret["charOffset"]!);
        Assert.Equal("Der Türcode fürs Lager ist ".Length + 1, (int)secret["startColumn"]!);
        var codename = results.Single(r => (string?)r!["ruleId"] == "confidential.codenames")!["locations"]![0]!["physicalLocation"]!["region"]!;
        Assert.Equal(3, (int)codename["startLine"]!);
        Assert.Equal("Projekt Kranich".Length, (int)codename["charLength"]!);
        Assert.DoesNotContain("4711", sarif.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_clean_check_is_valid_SARIF_with_no_results()
    {
        var run = await CliProcess.RunAsync("check", "--format", "sarif", "Schönes Wetter heute am See.");

        Assert.True(run.ExitCode == 0, run.ToString());
        var validation = Validate(run.Output);
        Assert.True(validation.IsValid, Errors(validation));
        Assert.Empty(JsonNode.Parse(run.Output)!["runs"]![0]!["results"]!.AsArray());
    }
}
