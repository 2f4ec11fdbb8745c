using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using static Policy.Api.Tests.Packs.PackTestData;

namespace Policy.Api.Tests.Packs;

/// <summary>
/// Issue "Performance under load": swapping the checking pack while checks stream in costs no
/// errors. Real HTTP (WebApplicationFactory) on a real SQLite file, no mocks: several employees
/// check continuously while HR uploads two new versions of the base guideline, activates them and
/// rolls back several times.
/// </summary>
public sealed class PackSwapUnderLoadTests
{
    private const int Clients = 4;

    /// <summary>Checks that must complete between two switches, so every version takes traffic.</summary>
    private const int ChecksPerPhase = 25;

    /// <summary>A word no shipped rule knows; each new version adds one rule for it, under its own id.</summary>
    private const string Marker = "Zebrafinkprojekt";

    private static readonly string[] Texts =
    [
        "Schönen Feierabend zusammen, bis morgen!",
        $"Das {Marker} startet morgen, ich freue mich.",
        "Great team event today, thanks to everyone who came!",
        $"Update zum {Marker}: alles im Plan.",
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Activations_and_rollbacks_under_concurrent_checks_cost_no_errors_and_never_mix_versions()
    {
        await using var factory = new UnlimitedChecks();
        var hr = factory.ClientAs("hr");
        var employees = Enumerable.Range(0, Clients).Select(_ => factory.ClientAs("employee")).ToArray();
        Assert.Equal(BaseVersion, await CheckVersionAsync(employees[0]));

        var clock = Stopwatch.StartNew();
        var answers = new ConcurrentQueue<Answer>();
        var switches = new List<Switch> { new(BaseVersion, long.MinValue, long.MinValue) };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var load = employees.Select((client, n) => Task.Run(() => CheckLoopAsync(client, n, clock, answers, stop.Token), Ct)).ToArray();

        async Task WaitForChecksAsync(long sentAfter = long.MinValue)
        {
            // Answers to checks sent after sentAfter (all answers if not given), ChecksPerPhase more than now.
            int Count() => sentAfter == long.MinValue ? answers.Count : answers.Count(a => a.Sent > sentAfter);
            var target = Count() + ChecksPerPhase;
            var deadline = clock.Elapsed + TimeSpan.FromSeconds(60);
            while (Count() < target)
            {
                Assert.True(clock.Elapsed < deadline, $"the check clients stalled at {answers.Count} answers");
                Assert.DoesNotContain(load, t => t.IsFaulted);
                await Task.Delay(5, Ct);
            }
        }

        async Task SwitchAsync(Func<Task<JsonObject>> send, string to)
        {
            await WaitForChecksAsync();
            var sent = clock.ElapsedTicks;
            var result = await send();
            switches.Add(new Switch(to, sent, clock.ElapsedTicks));
            Assert.Equal(to, (string?)result["version"]);
            Assert.True((bool)result["changed"]!);
        }

        Task<JsonObject> Activate(string version, string expected) => ActivateAsync(hr, BaseId, version, expected);

        async Task<JsonObject> Rollback(string expected) =>
            await JsonAsync(await hr.PostAsJsonAsync($"/api/v1/packs/{BaseId}/rollback", new { expectedActive = expected }, Ct), HttpStatusCode.OK);

        // Uploads (which compile the pack and run its examples) under load too.
        await WaitForChecksAsync();
        foreach (var version in new[] { "2.1.0", "2.2.0" })
        {
            var report = await JsonAsync(await UploadAsync(hr, WithMarkerRule(version)), HttpStatusCode.Created);
            Assert.Equal(0, (int)report["examples"]!["failed"]!);
        }

        await SwitchAsync(() => Activate("2.1.0", "2.0.0"), "2.1.0");
        await SwitchAsync(() => Activate("2.2.0", "2.1.0"), "2.2.0");
        await SwitchAsync(() => Rollback("2.2.0"), "2.1.0");
        await SwitchAsync(() => Rollback("2.1.0"), "2.0.0");
        await SwitchAsync(() => Activate("2.2.0", "2.0.0"), "2.2.0");
        await SwitchAsync(() => Rollback("2.2.0"), "2.0.0");
        await SwitchAsync(() => Activate("2.1.0", "2.0.0"), "2.1.0");
        const string final = "2.1.0";
        await WaitForChecksAsync(sentAfter: switches[^1].Answered);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        var all = answers.ToArray();
        var failures = all.Where(a => a.Status is < 200 or > 299).ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} of {all.Length} checks failed, first: {failures.FirstOrDefault()}");
        Assert.True(all.Length >= (switches.Count + 1) * ChecksPerPhase, $"only {all.Length} checks answered");

        // Every answer names a version that was active at some moment while it was in flight: a
        // version is possibly active from the moment its switch was sent until the next switch answered.
        foreach (var answer in all)
        {
            var possible = Enumerable.Range(0, switches.Count).Any(i =>
                switches[i].Version == answer.Version
                && answer.Sent <= (i + 1 < switches.Count ? switches[i + 1].Answered : long.MaxValue)
                && answer.Received >= switches[i].Sent);
            Assert.True(possible, $"{answer} names a version that was not active while it was in flight; switches: {string.Join(", ", switches)}");
        }

        // Never half a swap: one sha256 per version, and the rules are that version's rules.
        foreach (var group in all.GroupBy(a => a.Version))
        {
            Assert.Single(group.Select(a => a.Sha256).Distinct());
        }

        foreach (var answer in all)
        {
            Assert.True(
                answer.MarkerRules.SequenceEqual(ExpectedMarkerRules(answer.Version, answer.Text)),
                $"{answer} carries marker findings [{string.Join(", ", answer.MarkerRules)}] that are not those of {answer.Version}");
        }

        // Each version took traffic (the swaps happened under load) ...
        Assert.Equal(["2.0.0", "2.1.0", "2.2.0"], all.Select(a => a.Version).Distinct().Order(StringComparer.Ordinal));

        // ... and everything sent after the last switch answered uses the final version.
        var last = switches[^1].Answered;
        var after = all.Where(a => a.Sent > last).ToList();
        Assert.True(after.Count >= ChecksPerPhase);
        Assert.All(after, a => Assert.Equal(final, a.Version));
        for (var i = 0; i < 10; i++)
        {
            var answer = await CheckOnceAsync(employees[i % Clients], Texts[i % Texts.Length], clock, Ct);
            Assert.Equal(200, answer.Status);
            Assert.Equal(final, answer.Version);
            Assert.Equal(ExpectedMarkerRules(final, answer.Text), answer.MarkerRules);
        }

        var history = JsonNode.Parse(await hr.GetStringAsync($"/api/v1/packs/{BaseId}/history", Ct))!.AsArray();
        Assert.Equal(switches.Select(s => s.Version), history.Select(r => (string)r!["version"]!));
    }

    private static string WithMarkerRule(string version)
    {
        var rule = $"""
              - id: swap.marker-{version.Replace('.', '-')}
                kind: terms
                section: sensitive-information
                category: confidential
                severity: info
                terms: [{Marker}]
                message: Marker of version {version}.
                suggestion: Nothing to do.

            """;
        var content = BaseAs(version);
        var withRule = content.Replace("\nexamples:\n", "\n" + rule + "\nexamples:\n", StringComparison.Ordinal);
        Assert.NotEqual(content, withRule);
        return withRule;
    }

    private static string[] ExpectedMarkerRules(string version, string text) =>
        version == BaseVersion || !text.Contains(Marker, StringComparison.Ordinal) ? [] : [$"swap.marker-{version.Replace('.', '-')}"];

    private static async Task CheckLoopAsync(HttpClient client, int n, Stopwatch clock, ConcurrentQueue<Answer> answers, CancellationToken stop)
    {
        for (var i = n; !stop.IsCancellationRequested; i++)
        {
            Answer answer;
            try
            {
                answer = await CheckOnceAsync(client, Texts[i % Texts.Length], clock, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }

            answers.Enqueue(answer);
        }
    }

    private static async Task<Answer> CheckOnceAsync(HttpClient client, string text, Stopwatch clock, CancellationToken ct)
    {
        var sent = clock.ElapsedTicks;
        using var response = await client.PostAsJsonAsync("/api/v1/checks", new { text, account = new { kind = "private" } }, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        var received = clock.ElapsedTicks;
        if (!response.IsSuccessStatusCode)
        {
            return new Answer(text, (int)response.StatusCode, body, string.Empty, [], sent, received);
        }

        var json = JsonNode.Parse(body)!;
        var markers = json["findings"]!.AsArray()
            .Select(f => (string)f!["ruleId"]!)
            .Where(id => id.StartsWith("swap.", StringComparison.Ordinal))
            .ToArray();
        return new Answer(text, (int)response.StatusCode, (string)json["pack"]!["version"]!, (string)json["pack"]!["sha256"]!, markers, sent, received);
    }

    private sealed record Answer(string Text, int Status, string Version, string Sha256, string[] MarkerRules, long Sent, long Received);

    private sealed record Switch(string Version, long Sent, long Answered);

    /// <summary>The check clients send as fast as the host answers, for as long as the swaps take
    /// (on a loaded machine with PostgreSQL, tens of thousands of checks): the per-person limit of
    /// checks (1,200 a minute) would answer 429 and say nothing about swaps. Rate limits have their
    /// own tests.</summary>
    private sealed class UnlimitedChecks : ApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Policy:RateLimits:ChecksPerPerson", "1000000");
        }
    }
}
