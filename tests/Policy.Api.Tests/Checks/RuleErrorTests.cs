using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Policy.Api.Checks;
using Policy.Api.Telemetry;
using Policy.Core.Model;
using Policy.Core.Packs;

namespace Policy.Api.Tests.Checks;

/// <summary>A rule that failed reaches the wire as a finding of kind "error" and the metrics as
/// <c>policy.rule.errors</c>; a hit keeps its contract (no kind field).</summary>
public sealed class RuleErrorTests
{
    private static readonly Section S = new("s", new LocalizedText("Abschnitt", "Section"), LocalizedText.Empty);

    private static CompiledPack Pack() =>
        PackCompiler.Compile(PackSource.Parse("t.yaml", """
            id: t
            version: "1"
            title: { de: T, en: T }
            sections:
              - { id: s, title: { de: Abschnitt, en: Section }, text: { de: S, en: S } }
            rules:
              - id: c
                kind: terms
                section: s
                category: confidential
                severity: warn
                terms: [vertraulich]
                message: { de: m, en: m }
                suggestion: { de: s, en: s }
            """), _ => null);

    private static CheckResult Result() => new(
        Severity.Review,
        [
            new Finding("c", "confidential", Severity.Warn, S, 4, 11, "vertraulich", "m", "s"),
            new Finding("broken", "confidential", Severity.Review, S, 0, 0, string.Empty, "kaputt", "nichts") { Kind = FindingKind.Error },
        ],
        "de");

    [Fact]
    public void An_error_finding_says_kind_error_on_the_wire_and_a_hit_has_no_kind()
    {
        var response = Result().ToResponse(Pack(), Guid.CreateVersion7());
        var json = JsonSerializer.Serialize(response, CheckJsonContext.Default.CheckResponse);
        using var doc = JsonDocument.Parse(json);
        var findings = doc.RootElement.GetProperty("findings");
        Assert.False(findings[0].TryGetProperty("kind", out _), json);
        Assert.Equal("error", findings[1].GetProperty("kind").GetString());
        Assert.Equal(0, findings[1].GetProperty("span").GetProperty("length").GetInt32());
        Assert.Equal("review", doc.RootElement.GetProperty("decision").GetString());
    }

    [Fact]
    public void Metrics_count_rule_errors_by_rule_and_not_hits()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new PolicyMetrics(services.GetRequiredService<IMeterFactory>());
        var counted = new List<(long Value, string? Rule)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter) && instrument.Name == PolicyMetrics.RuleErrors)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? rule = null;
            foreach (var tag in tags)
            {
                rule = tag.Key == "rule" ? tag.Value as string : rule;
            }

            counted.Add((value, rule));
        });
        listener.Start();

        metrics.Checked(Result().ToResponse(Pack(), Guid.CreateVersion7()), CheckEndpoints.Single);
        var clean = new CheckResult(Severity.Warn, [Result().Findings[0]], "de");
        metrics.Checked(clean.ToResponse(Pack(), Guid.CreateVersion7()), CheckEndpoints.Single);

        Assert.Equal([(1L, "broken")], counted);
    }
}
