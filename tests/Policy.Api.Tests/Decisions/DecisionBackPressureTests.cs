using System.Net;
using System.Net.Http.Json;
using Dapper;

namespace Policy.Api.Tests.Decisions;

/// <summary>
/// More than the decision log's queue can take: the surplus is refused with 503 and Retry-After,
/// every answered check is in the log, and memory is not the buffer.
/// </summary>
public sealed class DecisionBackPressureTests
{
    [Fact]
    public async Task A_full_queue_answers_503_with_retry_after_and_loses_nothing_it_answered()
    {
        using var host = new DecisionHost(settings: new Dictionary<string, string>
        {
            ["Policy:Decisions:QueueCapacity"] = "100",
            ["Policy:Decisions:MaxBatch"] = "1",
        });
        var client = host.ClientAs("flood", "employee");
        var batch = new { items = Enumerable.Range(0, 100).Select(i => new { text = $"Entwurf {i}: schönes Wochenende" }).ToArray() };

        // 30 batches of 100 rows at once against room for 100 rows: most must be turned away.
        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => client.PostAsJsonAsync("/api/v1/checks/batch", batch, TestContext.Current.CancellationToken)));

        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        var answered = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        Assert.NotEmpty(refused);
        Assert.NotEmpty(answered);
        Assert.Equal(responses.Length, refused.Count + answered.Count);
        Assert.All(refused, r =>
        {
            Assert.Equal("1", r.Headers.RetryAfter?.ToString());
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        });

        var checkIds = new List<string>();
        foreach (var r in answered)
        {
            var body = await r.Content.ReadFromJsonAsync<Policy.Api.Checks.BatchResponse>(TestContext.Current.CancellationToken);
            checkIds.AddRange(body!.Items.Select(i => i.CheckId.ToString()));
        }

        using var db = host.OpenDatabase();
        var logged = db.Query<string>("SELECT check_id FROM decisions").ToHashSet();
        Assert.All(checkIds, id => Assert.Contains(id, logged));
        Assert.Equal(checkIds.Count, logged.Count);
    }
}
