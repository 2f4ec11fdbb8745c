using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Policy.Api.Decisions;

namespace Policy.Api.Tests.Decisions;

/// <summary>Stopping the host (SIGTERM, a deployment) lets the decision-log writer commit everything it accepted first.</summary>
public sealed class DecisionDrainTests
{
    private const int Batches = 200;
    private const int RowsPerBatch = 50;

    [Fact]
    public async Task Stopping_the_host_commits_every_queued_row_before_it_ends()
    {
        using var host = new DecisionHost();
        var writer = host.Services.GetRequiredService<DecisionWriter>();
        var now = DateTimeOffset.UtcNow;
        var queued = new List<(Task Done, Guid[] Ids)>();
        for (var b = 0; b < Batches; b++)
        {
            var ids = Enumerable.Range(0, RowsPerBatch).Select(_ => Guid.CreateVersion7(now)).ToArray();
            var records = ids.Select(id => new DecisionRecord(id, now, "drain", "social-media-guideline", "1", "allow", new string('a', 64), [])).ToList();
            queued.Add((writer.RecordAsync(records), ids));
        }

        // Stop while most of the 10,000 rows are still waiting for the writer.
        var waitingAtStop = writer.QueuedRows;
        Assert.True(waitingAtStop > 0, "the writer had already committed everything: nothing left to drain");
        await host.Factory.DisposeAsync();

        Assert.All(queued, q => Assert.True(q.Done.IsCompletedSuccessfully, q.Done.Status.ToString()));
        using var db = host.OpenDatabase();
        var stored = db.Query<string>("SELECT check_id FROM decisions WHERE author_id = 'drain'").ToHashSet(StringComparer.Ordinal);
        Assert.Equal(Batches * RowsPerBatch, stored.Count);
        Assert.All(queued.SelectMany(q => q.Ids), id => Assert.Contains(id.ToString(), stored));
        TestContext.Current.TestOutputHelper?.WriteLine($"{waitingAtStop} of {Batches * RowsPerBatch} rows were waiting when the host was told to stop; all committed");

        // After the stop nothing more is accepted, and it says so instead of waiting forever.
        // RecordAsync refuses synchronously, before any task exists.
        Assert.Throws<DecisionLogBusyException>(() => { _ = writer.RecordAsync([new DecisionRecord(Guid.CreateVersion7(now), now, "drain", "p", "1", "allow", new string('b', 64), [])]); });
    }
}
