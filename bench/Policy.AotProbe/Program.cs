using System.Security.Cryptography;
using System.Text.Json.Serialization;
using System.Text.Json;
using System.Text;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Policy.Core.Checking;
using Policy.Core.Decision;
using Policy.Core.Model;
using Policy.Core.Normalize;
using Policy.Core.Packs;

// The API's check path without the rest of the API, published with Native AOT: a key in the
// Authorization header, the engine on the default pack, the HMAC fingerprint of the normalized draft,
// and a decision row committed (group commit, synchronous=FULL) before the answer. It answers the
// question docs/performance.md asks: what peak RSS would the check path have without the JIT runtime?
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ProbeJson.Default));
var app = builder.Build();
var probe = new Probe(
    PackLibrary.LoadDirectory(Environment.GetEnvironmentVariable("POLICIES") ?? "policies").Packs["social-media-guideline"],
    new DecisionWriter(Environment.GetEnvironmentVariable("DB") ?? Path.Combine(Path.GetTempPath(), "policy-aot-probe.db")),
    "Bearer " + (Environment.GetEnvironmentVariable("KEY") ?? throw new InvalidOperationException("set KEY")));

// As the API does after start-up: the packs compiled and dropped while loading leave large-object holes.
System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

app.MapPost("/api/v1/checks", probe.Check);
app.MapGet("/health", () => "ok");
app.Run();

internal sealed class Probe(CompiledPack pack, DecisionWriter decisions, string authorization)
{
    private readonly byte[] _hashKey = RandomNumberGenerator.GetBytes(32);
    private readonly ThreadLocal<IncrementalHash> _hmac = new();

    public async Task<IResult> Check(CheckBody body, HttpContext http)
    {
        if (http.Request.Headers.Authorization.ToString() != authorization)
        {
            return Results.Unauthorized();
        }

        var request = CheckRequest.Private(body.Text ?? string.Empty);
        var normalized = Normalizer.Normalize(request.Text);
        var result = CheckEngine.Check(pack, request, normalized);
        var hmac = _hmac.Value ??= IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _hashKey);
        hmac.AppendData(Encoding.UTF8.GetBytes(normalized.Text));
        var id = Guid.CreateVersion7();
        var decision = result.Decision.ToString().ToLowerInvariant();
        await decisions.Record(new DecisionRow(
            id.ToString(), DateTimeOffset.UtcNow.ToString("O"), "probe", pack.Id, pack.Version, decision,
            Convert.ToHexStringLower(hmac.GetHashAndReset()), string.Join(',', result.Findings.Select(f => f.RuleId))));
        return Results.Ok(new CheckAnswer(id, decision, [.. result.Findings.Select(f => new FindingAnswer(f.RuleId, f.Start, f.Length))]));
    }
}

internal sealed record CheckBody(string? Text);

internal sealed record FindingAnswer(string RuleId, int Start, int Length);

internal sealed record CheckAnswer(Guid CheckId, string Decision, List<FindingAnswer> Findings);

internal sealed record DecisionRow(string Id, string At, string Author, string Pack, string Version, string Decision, string Hash, string Findings);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CheckBody))]
[JsonSerializable(typeof(CheckAnswer))]
internal sealed partial class ProbeJson : JsonSerializerContext;

/// <summary>The API's group commit in miniature: one thread, one transaction per batch, answers after the commit.</summary>
internal sealed class DecisionWriter
{
    private readonly Channel<(DecisionRow Row, TaskCompletionSource Done)> _queue =
        Channel.CreateUnbounded<(DecisionRow, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly string _connectionString;

    public DecisionWriter(string path)
    {
        File.Delete(path);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var schema = connection.CreateCommand();
        // The API's own migration, so the probe writes the same table and indexes.
        schema.CommandText = "PRAGMA journal_mode = WAL;" + File.ReadAllText(Path.Combine("src", "Policy.Api", "Store", "Migrations", "004_decisions.sql"));
        schema.ExecuteNonQuery();
        new Thread(Drain) { IsBackground = true, Name = "decision-log writer" }.Start();
    }

    public Task Record(DecisionRow row)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Writer.TryWrite((row, done));
        return done.Task;
    }

    private void Drain()
    {
        var batch = new List<(DecisionRow Row, TaskCompletionSource Done)>();
        while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            while (batch.Count < 2000 && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = "PRAGMA synchronous = FULL";
                pragma.ExecuteNonQuery();
            }

            using var tx = connection.BeginTransaction(deferred: false);
            using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = "INSERT INTO decisions VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
            var p = Enumerable.Range(1, 8).Select(i => insert.Parameters.Add("$" + i, SqliteType.Text)).ToArray();
            insert.Prepare();
            foreach (var (row, _) in batch)
            {
                (p[0].Value, p[1].Value, p[2].Value, p[3].Value) = (row.Id, row.At, row.Author, row.Pack);
                (p[4].Value, p[5].Value, p[6].Value, p[7].Value) = (row.Version, row.Decision, row.Hash, row.Findings);
                insert.ExecuteNonQuery();
            }

            tx.Commit();
            foreach (var (_, done) in batch)
            {
                done.TrySetResult();
            }
        }
    }
}
