using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Policy.Api.Decisions;

namespace Policy.Api.Tests.Decisions;

public sealed class DecisionLogTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<JsonObject> PostJson(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
    }

    private sealed record Row(string check_id, string checked_at, string author_id, string pack_id, string pack_version, string decision, string text_hash, string findings, string? route);

    [Fact]
    public async Task A_check_stores_one_row_with_ids_pack_decision_spans_and_a_keyed_hash_but_no_text()
    {
        var start = new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);
        using var host = new DecisionHost(new FakeTimeProvider(start));
        var client = host.ClientAs("erika", "employee");
        const string text = "Der neue Zugang fürs Lager-WLAN: Passwort lautet Blaubeere#77";

        var result = await PostJson(client, "/api/v1/checks", new { text });

        using var db = host.OpenDatabase();
        var row = Assert.Single(db.Query<Row>("SELECT * FROM decisions"));
        Assert.Equal((string?)result["checkId"], row.check_id);
        Assert.Equal("2026-03-02T09:30:00.0000000Z", row.checked_at);
        Assert.Equal("erika", row.author_id);
        Assert.Equal((string?)result["pack"]!["id"], row.pack_id);
        Assert.Equal((string?)result["pack"]!["version"], row.pack_version);
        Assert.Equal("block", row.decision);
        Assert.Matches("^[0-9a-f]{64}$", row.text_hash);
        // A block is neither reviewed nor overridden: no route (topics, channel) is kept for it.
        Assert.Null(row.route);

        var stored = JsonNode.Parse(row.findings)!.AsArray();
        var answered = result["findings"]!.AsArray();
        Assert.Equal(answered.Count, stored.Count);
        for (var i = 0; i < answered.Count; i++)
        {
            var s = stored[i]!.AsObject();
            var a = answered[i]!;
            Assert.Equal(["ruleId", "sectionId", "category", "severity", "start", "length"], s.Select(p => p.Key));
            Assert.Equal((string?)a["ruleId"], (string?)s["ruleId"]);
            Assert.Equal((string?)a["section"]!["id"], (string?)s["sectionId"]);
            Assert.Equal((string?)a["category"], (string?)s["category"]);
            Assert.Equal((string?)a["severity"], (string?)s["severity"]);
            Assert.Equal((int)a["span"]!["start"]!, (int)s["start"]!);
            Assert.Equal((int)a["span"]!["length"]!, (int)s["length"]!);
        }

        Assert.DoesNotContain("Blaubeere", row.findings, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Passwort", row.findings, StringComparison.OrdinalIgnoreCase);

        // Keyed: not the plain SHA-256 of the draft or its normalized form; equal drafts hash equally.
        var hasher = host.Services.GetRequiredService<DraftHasher>();
        Assert.Equal(hasher.Hash(text), row.text_hash);
        Assert.Equal(hasher.Hash("der neue zugang FÜRS lager-wlan:  passwort lautet blaubeere#77"), row.text_hash);
        Assert.NotEqual(Sha256(text), row.text_hash);
        Assert.NotEqual(Sha256(Policy.Core.Normalize.Normalizer.Normalize(text).Text), row.text_hash);
        Assert.True(File.Exists(hasher.KeyPath));
        Assert.Equal(32, new FileInfo(hasher.KeyPath).Length);
    }

    [Fact]
    public void The_fingerprint_is_the_HMAC_SHA256_of_the_normalized_draft_under_the_key_file_on_every_thread()
    {
        using var host = new DecisionHost();
        var hasher = host.Services.GetRequiredService<DraftHasher>();
        var key = File.ReadAllBytes(hasher.KeyPath);
        string[] drafts = ["Passwort lautet Blaubeere#77", "", "Ünïcödé 😀 Ｆｕｌｌｗｉｄｔｈ", new string('x', 5000)];
        // Each thread's HMAC is reused; a reset that kept the previous draft would change every later fingerprint.
        Parallel.For(0, 400, i =>
        {
            var draft = drafts[i % drafts.Length] + i;
            var normalized = Policy.Core.Normalize.Normalizer.Normalize(draft);
            var expected = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(key, System.Text.Encoding.UTF8.GetBytes(normalized.Text)));
            Assert.Equal(expected, hasher.Hash(draft));
            Assert.Equal(expected, hasher.Hash(normalized));
        });
    }

    [Fact]
    public async Task The_hash_key_is_per_installation_and_survives_a_restart()
    {
        string first, again, other;
        using (var host = new DecisionHost())
        {
            first = host.Services.GetRequiredService<DraftHasher>().Hash("Passwort lautet Blaubeere#77");
            var path = host.Services.GetRequiredService<DraftHasher>().KeyPath;
            using var reloaded = new DraftHasher(Microsoft.Extensions.Options.Options.Create(new Policy.Api.Store.StoreOptions { DataDirectory = host.DataDirectory }));
            Assert.Equal(path, reloaded.KeyPath);
            again = reloaded.Hash("Passwort lautet Blaubeere#77");
            await Task.CompletedTask;
        }

        using (var host = new DecisionHost())
        {
            other = host.Services.GetRequiredService<DraftHasher>().Hash("Passwort lautet Blaubeere#77");
        }

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public async Task A_batch_stores_one_row_per_item_in_order()
    {
        using var host = new DecisionHost();
        var client = host.ClientAs("max", "employee");
        var result = await PostJson(client, "/api/v1/checks/batch", new
        {
            items = new object[]
            {
                new { text = "Schönen Feierabend zusammen!" },
                new { text = "Das ist streng vertraulich." },
                new { text = "Passwort lautet Blaubeere#77" },
            },
        });

        var answered = result["items"]!.AsArray().Select(i => ((string)i!["checkId"]!, (string)i["decision"]!)).ToList();
        Assert.Equal(3, answered.Count);
        using var db = host.OpenDatabase();
        var rows = db.Query<(string Id, string Decision, string Author, string Hash)>(
            "SELECT check_id, decision, author_id, text_hash FROM decisions").ToDictionary(r => r.Id);
        Assert.Equal(3, rows.Count);
        foreach (var (id, decision) in answered)
        {
            Assert.Equal(decision, rows[id].Decision);
            Assert.Equal("max", rows[id].Author);
        }

        Assert.Equal(3, rows.Values.Select(r => r.Hash).Distinct().Count());
    }

    [Fact]
    public async Task Mine_shows_only_the_callers_rows_newest_first_with_paging()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        using var host = new DecisionHost(time);
        var anna = host.ClientAs("anna", "employee");
        var ben = host.ClientAs("ben", "employee");

        var annaIds = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            annaIds.Add((string)(await PostJson(anna, "/api/v1/checks", new { text = $"Hallo Team {i}, das ist streng vertraulich." }))["checkId"]!);
            time.Advance(TimeSpan.FromMinutes(1));
        }

        var benId = (string)(await PostJson(ben, "/api/v1/checks", new { text = "Bens Entwurf" }))["checkId"]!;

        var page1 = (await anna.GetFromJsonAsync<JsonObject>("/api/v1/decisions/mine?limit=3", Ct))!;
        var ids1 = page1["items"]!.AsArray().Select(i => (string)i!["checkId"]!).ToList();
        Assert.Equal(annaIds.AsEnumerable().Reverse().Take(3), ids1);
        var next = (string?)page1["next"];
        Assert.Equal(ids1[^1], next);

        var page2 = (await anna.GetFromJsonAsync<JsonObject>($"/api/v1/decisions/mine?limit=3&before={next}", Ct))!;
        var ids2 = page2["items"]!.AsArray().Select(i => (string)i!["checkId"]!).ToList();
        Assert.Equal(annaIds.AsEnumerable().Reverse().Skip(3), ids2);
        Assert.Null((string?)page2["next"]);

        var first = page1["items"]![0]!.AsObject();
        Assert.Equal("2026-03-02T08:04:00+00:00", (string?)first["checkedAt"]);
        Assert.NotEqual("allow", (string?)first["decision"]);
        Assert.False(first.ContainsKey("text"));
        Assert.False(first.ContainsKey("textHash"));
        Assert.NotEmpty(first["findings"]!.AsArray());
        Assert.DoesNotContain("Hallo Team", page1.ToJsonString(), StringComparison.OrdinalIgnoreCase);

        var benMine = (await ben.GetFromJsonAsync<JsonObject>("/api/v1/decisions/mine", Ct))!;
        Assert.Equal([benId], benMine["items"]!.AsArray().Select(i => (string)i!["checkId"]!));

        // Someone else's checkId is no cursor, and no query parameter can name another person.
        var foreign = await ben.GetAsync($"/api/v1/decisions/mine?before={annaIds[^1]}", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        var sneaky = (await ben.GetFromJsonAsync<JsonObject>("/api/v1/decisions/mine?authorId=anna&author=anna&personId=anna", Ct))!;
        Assert.Equal([benId], sneaky["items"]!.AsArray().Select(i => (string)i!["checkId"]!));

        Assert.Equal(HttpStatusCode.BadRequest, (await anna.GetAsync("/api/v1/decisions/mine?limit=0", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await anna.GetAsync("/api/v1/decisions/mine?before=yesterday-ish", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Factory.CreateClient().GetAsync("/api/v1/decisions/mine", Ct)).StatusCode);
    }

    [Fact]
    public async Task Stats_count_by_rule_section_decision_and_iso_week_for_hr_legal_admin_only()
    {
        // Sunday 2026-03-01 is in ISO week 9, Monday 2026-03-02 in week 10.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        using var host = new DecisionHost(time);
        var employee = host.ClientAs("eva", "employee");
        await PostJson(employee, "/api/v1/checks", new { text = "Passwort lautet Blaubeere#77" });
        await PostJson(employee, "/api/v1/checks", new { text = "Schönen Feierabend zusammen!" });
        time.Advance(TimeSpan.FromDays(1));
        await PostJson(employee, "/api/v1/checks", new { text = "Passwort lautet Kirsche#42 und Passwort lautet Apfel#13" });

        var hr = host.ClientAs("hanna", "hr");
        var stats = (await hr.GetFromJsonAsync<JsonObject>("/api/v1/decisions/stats?from=2026-02-01&to=2026-04-01", Ct))!;
        Assert.Equal(3, (long)stats["total"]!);
        Assert.Equal(2, (long)stats["byDecision"]!["block"]!);
        Assert.Equal(1, (long)stats["byDecision"]!["allow"]!);
        Assert.Equal(2, (long)stats["byWeek"]!["2026-W09"]!);
        Assert.Equal(1, (long)stats["byWeek"]!["2026-W10"]!);
        var byRule = stats["byRule"]!.AsObject();
        Assert.NotEmpty(byRule);
        Assert.All(byRule, r => Assert.InRange((long)r.Value!, 1, 2));
        Assert.Contains(byRule, r => (long)r.Value! == 2); // two checks with the password rule, three findings
        Assert.NotEmpty(stats["bySection"]!.AsObject());
        Assert.DoesNotContain("eva", stats.ToJsonString(), StringComparison.Ordinal);

        var narrow = (await hr.GetFromJsonAsync<JsonObject>("/api/v1/decisions/stats?from=2026-03-02&to=2026-03-03", Ct))!;
        Assert.Equal(1, (long)narrow["total"]!);

        var defaults = (await hr.GetFromJsonAsync<JsonObject>("/api/v1/decisions/stats", Ct))!;
        Assert.Equal(3, (long)defaults["total"]!);
        Assert.Equal(90, (int)defaults["retentionDays"]!);

        Assert.Equal(HttpStatusCode.OK, (await host.ClientAs("lena", "legal").GetAsync("/api/v1/decisions/stats", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.ClientAs("adam", "admin").GetAsync("/api/v1/decisions/stats", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await employee.GetAsync("/api/v1/decisions/stats", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await hr.GetAsync("/api/v1/decisions/stats?from=2026-04-01&to=2026-03-01", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await hr.GetAsync("/api/v1/decisions/stats?from=soon", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_purge_runs_on_the_injected_clock_and_deletes_rows_older_than_the_retention()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var host = new DecisionHost(time, new Dictionary<string, string>
        {
            ["Policy:Decisions:RetentionDays"] = "30",
            ["Policy:Decisions:PurgeInterval"] = "00:10:00",
        });
        var purge = host.Services.GetRequiredService<DecisionPurgeService>();
        var client = host.ClientAs("olga", "employee");
        await WaitForRuns(purge, 1); // the run at start

        var old = (string)(await PostJson(client, "/api/v1/checks", new { text = "Erster Entwurf" }))["checkId"]!;
        await AdvanceAndWait(time, purge, TimeSpan.FromDays(20));
        var young = (string)(await PostJson(client, "/api/v1/checks", new { text = "Zweiter Entwurf" }))["checkId"]!;

        // 29 days 23 hours: still within the retention.
        await AdvanceAndWait(time, purge, TimeSpan.FromDays(10) - TimeSpan.FromHours(1));
        Assert.Equal([old, young], Ids(host));

        // One hour and a bit later the first row is past 30 days; the next tick deletes it.
        await AdvanceAndWait(time, purge, TimeSpan.FromMinutes(61));
        Assert.Equal([young], Ids(host));

        await AdvanceAndWait(time, purge, TimeSpan.FromDays(21));
        Assert.Empty(Ids(host));
    }

    [Theory]
    [InlineData("0", null)]
    [InlineData("3651", null)]
    [InlineData("90", "00:00:00")]
    public void Invalid_retention_settings_stop_the_start(string days, string? interval)
    {
        var settings = new Dictionary<string, string> { ["Policy:Decisions:RetentionDays"] = days };
        if (interval is not null)
        {
            settings["Policy:Decisions:PurgeInterval"] = interval;
        }

        using var host = new DecisionHost(settings: settings);
        var ex = Assert.ThrowsAny<Exception>(() => host.Factory.CreateClient());
        Assert.Contains("Policy:Decisions:", ex.ToString(), StringComparison.Ordinal);
    }

    private static List<string> Ids(DecisionHost host)
    {
        using var db = host.OpenDatabase();
        return [.. db.Query<string>("SELECT check_id FROM decisions ORDER BY checked_at")];
    }

    private static async Task AdvanceAndWait(FakeTimeProvider time, DecisionPurgeService purge, TimeSpan by)
    {
        var runs = purge.Runs;
        time.Advance(by);
        await WaitForRuns(purge, runs + 1);
    }

    private static async Task WaitForRuns(DecisionPurgeService purge, int atLeast)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (purge.Runs < atLeast)
        {
            Assert.True(DateTime.UtcNow < deadline, $"purge ran {purge.Runs} times, expected {atLeast}");
            await Task.Delay(10, Ct);
        }
    }

    private static string Sha256(string s) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(s)));
}
