using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Policy.Api.Tests.Decisions;
using Policy.Api.Tests.Packs;
using static Policy.Api.Tests.Reviews.ReviewHelpers;

namespace Policy.Api.Tests.Reviews;

/// <summary>
/// Issue 18, items 2 and 3: override with a justification (warn always, review only where the pack
/// marks the rule overridable, block never) and false-positive reports, both recorded, audited and
/// counted in /api/v1/decisions/stats; reports with a shared text export as labelled examples.
/// </summary>
public sealed class OverrideAndFalsePositiveTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_warn_is_overridden_with_a_reason_and_counted_a_block_and_a_plain_review_never()
    {
        using var host = new DecisionHost();
        var author = host.ClientAs("erika", "employee");
        var other = host.ClientAs("otto", "employee");
        var hr = host.ClientAs("hr-hanna", "hr");

        var warn = await Check(author, Phone, "warn");
        Assert.True((bool)warn["overridable"]!);
        var review = await Check(author, Finance, "review");
        Assert.False((bool)review["overridable"]!);
        var block = await Check(author, "Der Türcode fürs Lager ist 4711#", "block");
        Assert.False((bool)block["overridable"]!);

        var bad = await Problem(await author.PostAsJsonAsync("/api/v1/overrides", new { checkId = (string?)warn["checkId"], reason = "weil", justification = "kurz" }, Ct), HttpStatusCode.BadRequest);
        Assert.NotNull(bad["errors"]!["reason"]);
        Assert.NotNull(bad["errors"]!["justification"]);
        await Problem(await other.PostAsJsonAsync("/api/v1/overrides", Body(warn), Ct), HttpStatusCode.NotFound);
        var blocked = await Problem(await author.PostAsJsonAsync("/api/v1/overrides", Body(block), Ct), HttpStatusCode.Conflict);
        Assert.Equal("A block cannot be overridden.", (string?)blocked["title"]);
        await Problem(await author.PostAsJsonAsync("/api/v1/overrides", Body(review), Ct), HttpStatusCode.Conflict);

        var created = await Json(await author.PostAsJsonAsync("/api/v1/overrides", Body(warn), Ct), HttpStatusCode.Created);
        Assert.Equal(["pii.phone"], created["ruleIds"]!.AsArray().Select(r => (string?)r));
        await Problem(await author.PostAsJsonAsync("/api/v1/overrides", Body(warn), Ct), HttpStatusCode.Conflict);

        var stats = (await hr.GetFromJsonAsync<JsonObject>("/api/v1/decisions/stats", Ct))!;
        Assert.Equal(1, (long)stats["overrides"]!["total"]!);
        Assert.Equal(1, (long)stats["overrides"]!["byReason"]!["business-need"]!);
        Assert.Equal(1, (long)stats["overrides"]!["byRule"]!["pii.phone"]!);
        var list = await Array(hr, "/api/v1/overrides");
        Assert.Equal("Die Nummer ist die offizielle Hotline.", (string?)Assert.Single(list)!["justification"]);
        await Problem(await author.GetAsync("/api/v1/overrides", Ct), HttpStatusCode.Forbidden);
        Assert.Equal(["check.overridden"], AuditActions(host, "check/" + (string?)warn["checkId"]));
    }

    [Fact]
    public async Task A_review_is_overridable_only_where_the_pack_marks_its_rule_overridable()
    {
        using var host = new DecisionHost();
        var hr = host.ClientAs("hr-hanna", "hr");
        var author = host.ClientAs("erika", "employee");
        var pack = PackTestData.Small("1.0.0", severity: "review", expect: "review", extraRules: """
              - id: r.draft-word
                kind: terms
                section: s1
                category: confidential
                severity: review
                overridable: true
                terms: [entwurfswort]
                message: Das Entwurfswort sollte jemand prüfen.
                suggestion: Lass es prüfen oder begründe, warum es passt.

            """);
        await Json(await PackTestData.UploadAsync(hr, pack), HttpStatusCode.Created);
        await Json(await hr.PostAsJsonAsync("/api/v1/packs/test-pack/versions/1.0.0/activate", new { expectedActive = string.Empty, expectedChecking = $"{PackTestData.BaseId}@{PackTestData.BaseVersion}" }, Ct), HttpStatusCode.OK);

        var overridable = await Check(author, "Das Entwurfswort steht drin.", "review");
        Assert.True((bool)overridable["overridable"]!);
        var mixed = await Check(author, "Das Entwurfswort und das Geheimwort stehen drin.", "review");
        Assert.False((bool)mixed["overridable"]!);

        await Json(await author.PostAsJsonAsync("/api/v1/overrides", Body(overridable), Ct), HttpStatusCode.Created);
        await Problem(await author.PostAsJsonAsync("/api/v1/overrides", Body(mixed), Ct), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_false_positive_report_names_a_finding_of_ones_own_check_is_counted_per_rule_and_exports_only_shared_texts()
    {
        using var host = new DecisionHost();
        var author = host.ClientAs("erika", "employee");
        var hr = host.ClientAs("hr-hanna", "hr");
        var warn = await Check(author, Phone, "warn");
        var review = await Check(author, Finance, "review");
        var reviewRule = (string?)review["findings"]![0]!["ruleId"];

        var notAFinding = await Problem(await author.PostAsJsonAsync("/api/v1/false-positives", new { checkId = (string?)warn["checkId"], ruleId = "tone.insult" }, Ct), HttpStatusCode.BadRequest);
        Assert.Equal("ruleId", (string?)notAFinding["field"]);
        await Problem(await author.PostAsJsonAsync("/api/v1/false-positives", new { checkId = (string?)warn["checkId"], ruleId = "pii.phone", text = Phone }, Ct), HttpStatusCode.BadRequest);

        var report = await Json(await author.PostAsJsonAsync("/api/v1/false-positives", new { checkId = (string?)warn["checkId"], ruleId = "pii.phone", comment = "Das ist die Hotline, keine private Nummer." }, Ct), HttpStatusCode.Created);
        Assert.False((bool)report["textKept"]!);
        await Problem(await author.PostAsJsonAsync("/api/v1/false-positives", new { checkId = (string?)warn["checkId"], ruleId = "pii.phone" }, Ct), HttpStatusCode.Conflict);
        await Json(await author.PostAsJsonAsync("/api/v1/false-positives", new { checkId = (string?)review["checkId"], ruleId = reviewRule, text = Finance, shareText = true }, Ct), HttpStatusCode.Created);

        var stats = (await hr.GetFromJsonAsync<JsonObject>("/api/v1/decisions/stats", Ct))!;
        Assert.Equal(2, (long)stats["falsePositives"]!["total"]!);
        Assert.Equal(1, (long)stats["falsePositives"]!["byRule"]!["pii.phone"]!);
        Assert.Equal(1, (long)stats["falsePositives"]!["byRule"]![reviewRule!]!);
        var list = await Array(hr, "/api/v1/false-positives");
        Assert.Equal(2, list.Count);
        Assert.DoesNotContain("erika", list.ToJsonString(), StringComparison.Ordinal);

        // Only the report with the author's consent becomes an example, labelled with the rule that must not fire.
        var export = await hr.GetAsync("/api/v1/false-positives/examples.jsonl", Ct);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var lines = (await export.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var example = JsonNode.Parse(Assert.Single(lines))!;
        Assert.Equal(Finance, (string?)example["text"]);
        Assert.Equal([reviewRule], example["notRules"]!.AsArray().Select(r => (string?)r));
        Assert.Equal("private", (string?)example["account"]);
        Assert.DoesNotContain(Phone, string.Join('\n', lines), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await author.GetAsync("/api/v1/false-positives/examples.jsonl", Ct)).StatusCode);
        Assert.Equal(["false-positive.reported"], AuditActions(host, "check/" + (string?)warn["checkId"]));
        Assert.Equal(["false-positive.exported"], AuditActions(host, "false-positives"));
    }

    [Fact]
    public async Task Overrides_and_false_positive_reports_are_counted_per_iso_week()
    {
        // Sunday 2026-03-01 is in ISO week 9, Monday 2026-03-02 in week 10.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 22, 0, 0, TimeSpan.Zero));
        using var host = new DecisionHost(time);
        var author = host.ClientAs("erika", "employee");
        var hr = host.ClientAs("hr-hanna", "hr");

        async Task OverrideAndReport(bool report)
        {
            var warn = await Check(author, Phone, "warn");
            await Json(await author.PostAsJsonAsync("/api/v1/overrides", Body(warn), Ct), HttpStatusCode.Created);
            if (report)
            {
                await Json(await author.PostAsJsonAsync("/api/v1/false-positives", new { checkId = (string?)warn["checkId"], ruleId = "pii.phone" }, Ct), HttpStatusCode.Created);
            }
        }

        await OverrideAndReport(report: true);
        time.Advance(TimeSpan.FromHours(3));
        await OverrideAndReport(report: true);
        await OverrideAndReport(report: false);
        await OverrideAndReport(report: false);

        var stats = (await hr.GetFromJsonAsync<JsonObject>("/api/v1/decisions/stats", Ct))!;
        Assert.Equal("""{"2026-W09":1,"2026-W10":3}""", stats["overrides"]!["byWeek"]!.ToJsonString());
        Assert.Equal("""{"2026-W09":1,"2026-W10":1}""", stats["falsePositives"]!["byWeek"]!.ToJsonString());
        Assert.Equal(4, (long)stats["overrides"]!["total"]!);

        // The range applies to them as it does to the checks.
        var week10 = (await hr.GetFromJsonAsync<JsonObject>("/api/v1/decisions/stats?from=2026-03-02", Ct))!;
        Assert.Equal("""{"2026-W10":3}""", week10["overrides"]!["byWeek"]!.ToJsonString());
        Assert.Equal("""{"2026-W10":1}""", week10["falsePositives"]!["byWeek"]!.ToJsonString());
    }

    private static object Body(JsonObject check) =>
        new { checkId = (string?)check["checkId"], reason = "business-need", justification = "Die Nummer ist die offizielle Hotline." };
}
