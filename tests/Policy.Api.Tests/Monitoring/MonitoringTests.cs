using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Policy.Api.Monitoring;
using Policy.Api.Tests.Decisions;
using Policy.Api.Tests.Notifications;
using Policy.Api.Tests.Packs;

namespace Policy.Api.Tests.Monitoring;

/// <summary>
/// The watchlist on the real store: mentions matched with the engine's matcher, volume per term
/// and hour, one alert per spike (with the crisis suggestion and its outbox event), the Atom/RSS
/// poller against a real local feed server, no text kept, and the retention.
/// </summary>
public sealed class MonitoringTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 10, 30, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> WatchAsync(HttpClient hr, string term, string category, string match = "word")
    {
        var created = await PackTestData.JsonAsync(await hr.PostAsJsonAsync("/api/v1/monitoring/terms", new { term, category, match }, Ct), HttpStatusCode.Created);
        return (string)created["id"]!;
    }

    private static object M(string text, DateTimeOffset at, string url, string handle = "@someone") =>
        new { source = "x", url, authorHandle = handle, text, publishedAt = at };

    private static async Task<JsonObject> IngestAsync(HttpClient hr, params object[] mentions) =>
        await PackTestData.JsonAsync(await hr.PostAsJsonAsync("/api/v1/monitoring/mentions", new { mentions }, Ct), HttpStatusCode.OK);

    [Fact]
    public async Task Mentions_match_with_the_engines_normalization_and_word_forms_and_no_text_is_kept()
    {
        using var host = new DecisionHost(new FakeTimeProvider(Now));
        var hr = host.ClientAs("hanna", "hr");
        var recall = await WatchAsync(hr, "Rückruf", "crisis");
        var phone = await WatchAsync(hr, "Acme Phone", "product", "hashtag");
        var compound = await WatchAsync(hr, "Falke", "product", "compound");

        var result = await IngestAsync(
            hr,
            M("RÜCKRUFE bei Acme – was ist da los? Quastenbergers Meinung", Now, "https://x.example/1"),   // case, umlaut, plural ending
            M("Mein neues #AcmePhone ist da", Now, "https://x.example/2"),                                  // hashtag form
            M("Die Rückrufaktion läuft", Now, "https://x.example/3"),                                        // word mode: not inside a compound
            M("Projektfalke startet", Now, "https://x.example/4"),                                           // compound mode: inside a compound
            M("R ü c k r u f sofort!", Now, "https://x.example/5"),                                          // spaced letters
            M("Nichts davon hier", Now, "https://x.example/6"),
            M("RÜCKRUFE bei Acme – was ist da los?", Now, "https://x.example/1"));                           // the same mention again
        Assert.Equal(7, (int)result["received"]!);
        Assert.Equal(4, (int)result["matched"]!);
        Assert.Equal(1, (int)result["duplicates"]!);

        var volume = JsonNode.Parse(await hr.GetStringAsync("/api/v1/monitoring/volume?hours=2", Ct))!.AsArray();
        long Count(string id) => volume.Single(v => (string?)v!["termId"] == id)!["hours"]!.AsArray().Sum(h => (long)h!["count"]!);
        Assert.Equal(2, Count(recall));
        Assert.Equal(1, Count(phone));
        Assert.Equal(1, Count(compound));
        Assert.Equal("2026-12-06T10:00:00.0000000Z", (string?)volume[0]!["hours"]![0]!["hour"]);

        // Only where and who, never what: no table holds the text of a mention.
        using (var db = host.OpenDatabase())
        {
            foreach (var table in new[] { "monitoring_mentions", "monitoring_volume", "monitoring_alerts", "notification_outbox", "audit" })
            {
                var rows = string.Join('\n', db.Query(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"SELECT * FROM {table}")).Select(r => string.Join('|', ((IDictionary<string, object?>)r).Values)));
                Assert.DoesNotContain("Quastenberger", rows, StringComparison.Ordinal);
                Assert.DoesNotContain("was ist da los", rows, StringComparison.Ordinal);
            }

            Assert.Equal(4, db.ExecuteScalar<long>("SELECT COUNT(*) FROM monitoring_mentions"));
            Assert.Equal(0, db.ExecuteScalar<long>("SELECT COUNT(*) FROM monitoring_mentions WHERE url = 'https://x.example/6'"));
        }

        // Bad batches are refused naming the field; the batch is bounded.
        var bad = await PackTestData.ProblemAsync(await hr.PostAsJsonAsync("/api/v1/monitoring/mentions", new { mentions = new[] { new { source = "x", url = "not a url", text = "Rückruf" } } }, Ct), HttpStatusCode.BadRequest);
        Assert.NotNull(bad["errors"]!["mentions[0].url"]);
        Assert.NotNull(bad["errors"]!["mentions[0].publishedAt"]);
        var tooMany = Enumerable.Range(0, MentionList.MaxMentions + 1).Select(i => M("Rückruf", Now, $"https://x.example/many/{i}")).ToArray();
        var refused = await hr.PostAsJsonAsync("/api/v1/monitoring/mentions", new { mentions = tooMany }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("1,000", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        await PackTestData.ProblemAsync(await hr.PostAsJsonAsync("/api/v1/monitoring/terms", new { term = "!!", category = "crisis" }, Ct), HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.ClientAs("emma", "employee").PostAsJsonAsync("/api/v1/monitoring/mentions", new { mentions = new[] { M("Rückruf", Now, "https://x.example/e") } }, Ct)).StatusCode);

        // Retention: after 31 days the mentions (url, handle) and volumes are gone.
        var time = (FakeTimeProvider)host.Services.GetRequiredService<TimeProvider>();
        time.Advance(TimeSpan.FromDays(31));
        // (the poller's own hourly purge may run first when the clock jumps; either way they are gone)
        host.Services.GetRequiredService<MonitoringStore>().Purge();
        using (var db = host.OpenDatabase())
        {
            Assert.Equal(0, db.ExecuteScalar<long>("SELECT COUNT(*) FROM monitoring_mentions"));
            Assert.Equal(0, db.ExecuteScalar<long>("SELECT COUNT(*) FROM monitoring_volume"));
        }
    }

    [Fact]
    public async Task A_spike_over_the_baseline_raises_exactly_one_alert_with_the_crisis_suggestion()
    {
        using var host = new DecisionHost(new FakeTimeProvider(Now), new Dictionary<string, string>
        {
            ["Policy:Monitoring:SpikeFactor"] = "3",
            ["Policy:Monitoring:MinimumMentions"] = "5",
            ["Policy:Monitoring:BaselineHours"] = "24",
        });
        var hr = host.ClientAs("hanna", "hr");
        var boycott = await WatchAsync(hr, "Boykott", "crisis");
        var brand = await WatchAsync(hr, "Acme", "company");

        // Baseline: one mention of each term per hour over the last 24 hours, and Acme busy (4 an hour).
        var n = 0;
        for (var h = 1; h <= 24; h++)
        {
            var at = Now.AddHours(-h);
            var batch = new List<object> { M("Boykott?", at, $"https://x.example/b{n++}") };
            batch.AddRange(Enumerable.Range(0, 4).Select(_ => M("Acme news", at, $"https://x.example/a{n++}")));
            Assert.Empty((await IngestAsync(hr, [.. batch]))["alerts"]!.AsArray());
        }

        // This hour: 4 mentions of Boykott (over 3 × 1 but under the minimum of 5): no alert yet.
        for (var i = 0; i < 4; i++)
        {
            Assert.Empty((await IngestAsync(hr, M("Boykott gegen Acme!", Now, $"https://x.example/now{i}", "@critic" + i)))["alerts"]!.AsArray());
        }

        // The fifth is the spike: one alert. Acme had 4 an hour, 9 now (under 3 × 4): no alert for it.
        var spike = await IngestAsync(hr, M("Boykott gegen Acme!", Now, "https://x.example/now4", "@critic4"));
        var alert = Assert.Single(spike["alerts"]!.AsArray())!;
        Assert.Equal(boycott, (string?)alert["termId"]);
        Assert.Equal(5, (long)alert["count"]!);
        Assert.Equal(1.0, (double)alert["baseline"]!);
        Assert.True((bool)alert["crisis"]!);
        Assert.True((bool)alert["suggestCrisisMode"]!);
        Assert.Equal(5, alert["samples"]!.AsArray().Count);
        Assert.Contains(alert["samples"]!.AsArray(), s => (string?)s!["authorHandle"] == "@critic4");

        // More mentions in the same spike: still exactly one alert, and one outbox event.
        for (var i = 5; i < 30; i++)
        {
            Assert.Empty((await IngestAsync(hr, M("Boykott!", Now, $"https://x.example/now{i}")))["alerts"]!.AsArray());
        }

        var alerts = JsonNode.Parse(await hr.GetStringAsync("/api/v1/monitoring/alerts", Ct))!.AsArray();
        Assert.Single(alerts);
        Assert.DoesNotContain(alerts, a => (string?)a!["termId"] == brand);
        using (var db = host.OpenDatabase())
        {
            var events = db.Query<string>("SELECT payload FROM notification_outbox WHERE event = 'monitoring.alert'").ToList();
            var payload = JsonNode.Parse(Assert.Single(events))!;
            Assert.Equal("Boykott", (string?)payload["data"]!["term"]);
            Assert.True((bool)payload["data"]!["suggestCrisisMode"]!);
            Assert.DoesNotContain("gegen Acme", payload.ToJsonString(), StringComparison.Ordinal);
        }

        // The next hour, within the cool-down, the spike goes on: no second alert. With crisis mode
        // already on, a later spike no longer suggests it.
        var time = (FakeTimeProvider)host.Services.GetRequiredService<TimeProvider>();
        time.Advance(TimeSpan.FromHours(1));
        Assert.Empty((await IngestAsync(hr, [.. Enumerable.Range(0, 40).Select(i => M("Boykott!", time.GetUtcNow(), $"https://x.example/next{i}"))]))["alerts"]!.AsArray());
        Assert.Equal(HttpStatusCode.NoContent, (await hr.PostAsync($"/api/v1/monitoring/alerts/{(string)alert["id"]!}/acknowledge", null, Ct)).StatusCode);
        await WebhookDeliveryTests.SetCrisisAsync(hr, true, "Boykottaufruf");
        time.Advance(TimeSpan.FromHours(7));
        var later = await IngestAsync(hr, [.. Enumerable.Range(0, 200).Select(i => M("Boykott!", time.GetUtcNow(), $"https://x.example/later{i}"))]);
        var second = Assert.Single(later["alerts"]!.AsArray())!;
        Assert.False((bool)second["suggestCrisisMode"]!);
    }

    [Fact]
    public async Task The_poller_reads_a_local_Atom_feed_and_an_RSS_feed_and_counts_each_entry_once()
    {
        await using var feeds = await TestReceiver.StartAsync();
        var now = DateTimeOffset.UtcNow;
        feeds.Files["/atom.xml"] = ("application/atom+xml", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
              <title>Newsroom</title><id>urn:feed</id><updated>{now:O}</updated>
              <entry><title>Rückrufe bei Acme</title><id>urn:1</id><link href="https://news.example/1"/><updated>{now:O}</updated><author><name>Reporterin A</name></author><summary type="html">&lt;p&gt;Mehr dazu&lt;/p&gt;</summary></entry>
              <entry><title>Wetter</title><id>urn:2</id><link href="https://news.example/2"/><updated>{now:O}</updated></entry>
              <entry><title>Noch ein Rückruf</title><id>urn:3</id><link rel="alternate" href="https://news.example/3"/><published>{now.AddMinutes(-5):O}</published><updated>{now:O}</updated></entry>
            </feed>
            """);
        feeds.Files["/rss.xml"] = ("application/rss+xml", $"""
            <?xml version="1.0"?>
            <rss version="2.0"><channel><title>Blog</title>
              <item><title>Acme Rückruf kommentiert</title><link>https://blog.example/r1</link><pubDate>{now.ToUniversalTime():R}</pubDate></item>
            </channel></rss>
            """);
        using var host = new DecisionHost(settings: new Dictionary<string, string> { ["Policy:Monitoring:PollInterval"] = "00:00:00.100" });
        var hr = host.ClientAs("hanna", "hr");
        var recall = await WatchAsync(hr, "Rückruf", "crisis");

        // http:// to a host other than loopback is refused; the local feed server is on loopback.
        await PackTestData.ProblemAsync(await hr.PostAsJsonAsync("/api/v1/monitoring/feeds", new { name = "x", url = "http://news.example/feed" }, Ct), HttpStatusCode.BadRequest);
        var atom = await PackTestData.JsonAsync(await hr.PostAsJsonAsync("/api/v1/monitoring/feeds", new { name = "Newsroom", url = feeds.BaseUrl + "/atom.xml", intervalMinutes = 60 }, Ct), HttpStatusCode.Created);
        var atomId = (string)atom["id"]!;

        // The built-in poller finds a new feed due and reads it (a test that polled a new feed by
        // hand would race it: whoever reads first counts the entries, the other sees them as known).
        async Task<string?> PolledByThePollerAsync(string feedId)
        {
            string? status = null;
            for (var i = 0; i < 1200 && status is null; i++)
            {
                await Task.Delay(50, Ct);
                status = (string?)JsonNode.Parse(await hr.GetStringAsync("/api/v1/monitoring/feeds", Ct))!.AsArray().Single(f => (string)f!["id"]! == feedId)!["lastStatus"];
            }

            return status;
        }

        Assert.Equal("ok: 3 entries, 2 new matched, 0 alerts", await PolledByThePollerAsync(atomId));
        Assert.Equal(1, feeds.Requests.Count(r => r.Path == "/atom.xml"));

        // Polled again: the server answers 304 to the ETag; changed, the old entries do not count twice.
        var again = await PackTestData.JsonAsync(await hr.PostAsync($"/api/v1/monitoring/feeds/{atomId}/poll", null, Ct), HttpStatusCode.OK);
        Assert.Equal("not modified", (string?)again["status"]);
        feeds.Files["/atom.xml"] = (feeds.Files["/atom.xml"].ContentType, feeds.Files["/atom.xml"].Body.Replace("<title>Wetter</title>", "<title>Wetter und Rückruf</title>", StringComparison.Ordinal));
        var changed = await PackTestData.JsonAsync(await hr.PostAsync($"/api/v1/monitoring/feeds/{atomId}/poll", null, Ct), HttpStatusCode.OK);
        Assert.Equal("ok: 3 entries, 1 new matched, 0 alerts", (string?)changed["status"]);

        var rss = await PackTestData.JsonAsync(await hr.PostAsJsonAsync("/api/v1/monitoring/feeds", new { name = "Blog", url = feeds.BaseUrl + "/rss.xml" }, Ct), HttpStatusCode.Created);
        Assert.Equal("ok: 1 entries, 1 new matched, 0 alerts", await PolledByThePollerAsync((string)rss["id"]!));

        var volume = JsonNode.Parse(await hr.GetStringAsync("/api/v1/monitoring/volume?hours=2", Ct))!.AsArray();
        Assert.Equal(4, volume.Single(v => (string?)v!["termId"] == recall)!["hours"]!.AsArray().Sum(h => (long)h!["count"]!));
        using (var db = host.OpenDatabase())
        {
            Assert.Equal(
                ["https://blog.example/r1", "https://news.example/1", "https://news.example/2", "https://news.example/3"],
                db.Query<string>("SELECT url FROM monitoring_mentions ORDER BY url").ToList());
            Assert.Equal("Reporterin A", db.QuerySingle<string>("SELECT author_handle FROM monitoring_mentions WHERE url = 'https://news.example/1'"));
        }

        // A feed that is not a feed: the status says so, nothing breaks.
        feeds.Files["/broken.xml"] = ("text/html", "<html><body>Not a feed</body></html>");
        var broken = await PackTestData.JsonAsync(await hr.PostAsJsonAsync("/api/v1/monitoring/feeds", new { name = "Broken", url = feeds.BaseUrl + "/broken.xml" }, Ct), HttpStatusCode.Created);
        Assert.StartsWith("error: the document is neither an Atom feed nor RSS 2.0", await PolledByThePollerAsync((string)broken["id"]!), StringComparison.Ordinal);
    }
}
