using Microsoft.AspNetCore.Http.HttpResults;
using Policy.Core.Model;
using Policy.Api.Identity;
using Policy.Core.Decision;
using Policy.Core.Evaluation;
using Policy.Core.Packs;

namespace Policy.Api.Packs;

/// <summary>
/// POST /api/v1/packs/{id}/versions/{version}/simulate: what a stored (usually inactive) version
/// would decide on a corpus of drafts, compared with the pack that checks drafts now. The version
/// is compiled as activating it would make it check: a new version of a base of the checking pack
/// under that pack, anything else as the checking pack itself. Nothing is stored or logged; the
/// answer names drafts by index, line and id, never by their text.
/// </summary>
public static class SimulationEndpoints
{
    /// <summary>5,000 drafts of up to 10,000 characters; the body is cut off at 8 MB while it arrives.</summary>
    public static CorpusLimits Limits { get; } = new();

    public const long MaxRequestBytes = 8L * 1024 * 1024;

    /// <summary>Changed drafts listed in one answer; the counts always cover all of them.</summary>
    public const int MaxChangedItems = 1_000;

    public static readonly string[] RawTypes = ["application/x-ndjson", "application/jsonl", "application/json-lines", "application/x-jsonlines", "text/plain"];

    public static RouteGroupBuilder MapPackSimulation(this RouteGroupBuilder packs)
    {
        packs.MapPost("/{id}/versions/{version}/simulate", Simulate)
            .RequireAuthorization(Roles.Policies.HrOrAdmin)
            .Accepts<string>(RawTypes[0], [.. RawTypes.Skip(1), "multipart/form-data"])
            .Produces<SimulationDto>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("SimulatePackVersion")
            .WithSummary("Runs a corpus (JSON Lines: labelled as in tests/corpus, or just text and context) through a version and the checking pack: decisions changed, hits per rule, and the evaluation of labelled drafts. Nothing is stored.");
        return packs;
    }

    private static async Task<Results<Ok<SimulationDto>, ProblemHttpResult, ValidationProblem>> Simulate(
        string id, string version, HttpRequest request, PackStore store, PackLoader loader, ActivePack packs, PackLifecycle lifecycle, CancellationToken ct)
    {
        var row = store.Find(id, version);
        if (row is null)
        {
            return TypedResults.Problem(
                title: "No such pack version.",
                detail: $"Pack '{id}' has no version '{version}'.",
                statusCode: StatusCodes.Status404NotFound);
        }

        var (text, problem) = await ReadCorpusAsync(request, ct);
        if (problem is not null)
        {
            return problem;
        }

        IReadOnlyList<CorpusPost> posts;
        try
        {
            posts = CorpusPost.Read("corpus", "upload", new StringReader(text!), Limits, requireLabels: false);
        }
        catch (InvalidDataException ex)
        {
            // "corpus:12: 'text' is required…": the line is the field HR has to fix.
            var line = ex.Message.Split(':') is [_, var n, ..] ? n : "?";
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["corpus"] = [ex.Message] },
                detail: $"Line {line} of the corpus cannot be read; nothing was checked.",
                extensions: new Dictionary<string, object?> { ["line"] = int.TryParse(line, out var l) ? l : null });
        }

        if (posts.Count == 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["corpus"] = ["The corpus holds no draft: one JSON object per line, e.g. {\"text\": \"…\", \"context\": {\"account\": \"private\"}}."] });
        }

        var current = packs.Current;
        CompiledPack candidate;
        string compiledAs;
        try
        {
            var checking = store.Checking()?.PackId ?? current.Id;
            var chain = checking == id ? null : loader.ResolveChain(checking);
            if (chain is not null && chain.Any(r => r.PackId == id))
            {
                candidate = lifecycle.CompileWith(checking, new Dictionary<string, string>(StringComparer.Ordinal) { [id] = version }, ct);
                compiledAs = "base";
            }
            else
            {
                candidate = loader.Load(row, ct: ct).Pack;
                compiledAs = "checking";
            }
        }
        catch (PackLoadException ex)
        {
            return TypedResults.Problem(
                title: "The version does not compile with the active base packs; nothing was simulated.",
                detail: ex.Errors.Count == 1 ? ex.Errors[0].ToString() : $"{ex.Errors.Count} problems; the first: {ex.Errors[0]}",
                statusCode: StatusCodes.Status422UnprocessableEntity,
                extensions: new Dictionary<string, object?> { ["errors"] = ex.Errors.Select(PackErrorDto.From).ToList() });
        }

        // CPU-bound for up to a few seconds: off the request thread, and the client's abort stops it.
        var simulation = await Task.Run(() => PackSimulation.Run(current, candidate, posts, ct: ct), ct);
        return TypedResults.Ok(SimulationDto.From(simulation, current, candidate, id, version, compiledAs));
    }

    private static async Task<(string? Text, ProblemHttpResult? Problem)> ReadCorpusAsync(HttpRequest request, CancellationToken ct)
    {
        var upload = await FileUploadReader.ReadAsync(request, MaxRequestBytes, RawTypes, "corpus", ct);
        switch (upload.Refusal)
        {
            case UploadRefusal.TooLarge:
                return (null, TooLarge());
            case UploadRefusal.UnsupportedType:
                return (null, Unsupported(upload.ContentType));
        }

        // A form without a file reads as an empty corpus, which the caller refuses in the corpus's own words.
        if (!FileUploadReader.TryDecodeText(upload.Bytes ?? [], out var text))
        {
            return (null, TypedResults.Problem(
                title: "The corpus is not valid UTF-8 text.",
                statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["corpus"] = ["The corpus is not valid UTF-8 text."] } }));
        }

        return (text, null);
    }

    private static ProblemHttpResult TooLarge() => TypedResults.Problem(
        title: "The corpus is too large.",
        detail: $"A corpus may hold at most {Limits.MaxPosts:N0} drafts of at most {Limits.MaxTextLength:N0} characters; the request body may be at most {MaxRequestBytes:N0} bytes.",
        statusCode: StatusCodes.Status413PayloadTooLarge);

    private static ProblemHttpResult Unsupported(string? contentType) => TypedResults.Problem(
        title: "Unsupported content type.",
        detail: $"Send the corpus as JSON Lines ({string.Join(", ", RawTypes)}) or as a file of multipart/form-data, not '{contentType}'.",
        statusCode: StatusCodes.Status415UnsupportedMediaType);
}

/// <summary>A pack as the simulation compiled it.</summary>
public sealed record SimulatedPackDto(string Id, string Version, string Sha256);

/// <param name="CompiledAs">"checking": the version would check drafts itself; "base": a new version of a base of the checking pack, compiled under it.</param>
/// <param name="Changed">The drafts whose decision differs, by index (0-based, among the drafts) and line; at most <see cref="SimulationEndpoints.MaxChangedItems"/>.</param>
/// <param name="ChangedTruncated">True when more drafts changed than are listed (the counts still cover all).</param>
/// <param name="Rules">Rules that fired under either pack, the largest change in hits first.</param>
/// <param name="Evaluation">For the labelled drafts only; null when none is labelled.</param>
public sealed record SimulationDto(
    string PackId,
    string Version,
    string CompiledAs,
    SimulatedPackDto Current,
    SimulatedPackDto Candidate,
    int Drafts,
    int Labelled,
    int ChangedCount,
    IReadOnlyList<TransitionDto> Transitions,
    IReadOnlyList<ChangedDraftDto> Changed,
    bool ChangedTruncated,
    IReadOnlyList<RuleHitsDto> Rules,
    SimulationEvaluationDto? Evaluation)
{
    public static SimulationDto From(PackSimulation s, CompiledPack current, CompiledPack candidate, string id, string version, string compiledAs) => new(
        id,
        version,
        compiledAs,
        new SimulatedPackDto(current.Id, current.Version, current.Sha256),
        new SimulatedPackDto(candidate.Id, candidate.Version, candidate.Sha256),
        s.Posts,
        s.Labelled,
        s.Changed.Count,
        [.. s.Transitions.Select(t => new TransitionDto(t.From.ToWire(), t.To.ToWire(), t.Count))],
        [.. s.Changed.Take(SimulationEndpoints.MaxChangedItems).Select(c => new ChangedDraftDto(c.Index, c.Line, c.Id, c.From.ToWire(), c.To.ToWire(), c.RulesAdded, c.RulesRemoved))],
        s.Changed.Count > SimulationEndpoints.MaxChangedItems,
        [.. s.Rules.Select(r => new RuleHitsDto(r.RuleId, r.Current, r.Candidate, r.Delta))],
        s.Current is null ? null : new SimulationEvaluationDto(EvaluationDto.From(s.Current), EvaluationDto.From(s.Candidate!)));
}

public sealed record TransitionDto(string From, string To, int Count);

/// <param name="Id">The line's own id if it has one, else "line-N".</param>
public sealed record ChangedDraftDto(int Index, int Line, string Id, string From, string To, IReadOnlyList<string> RulesAdded, IReadOnlyList<string> RulesRemoved);

public sealed record RuleHitsDto(string RuleId, int Current, int Candidate, int Delta);

public sealed record SimulationEvaluationDto(EvaluationDto Current, EvaluationDto Candidate);

/// <summary>The figures of <c>policy eval</c> (<see cref="CorpusEvaluation"/>); rates are shares (0..1), null where nothing was counted.</summary>
public sealed record EvaluationDto(
    int Posts,
    int InBand,
    double? InBandRate,
    int CleanPosts,
    int CleanWarned,
    double? CleanWarnedRate,
    IReadOnlyList<CategoryFiguresDto> Categories)
{
    public static EvaluationDto From(CorpusEvaluation e) => new(
        e.Posts,
        e.InBand,
        Share(e.InBandRate),
        e.CleanPosts,
        e.FalseAlarms,
        Share(e.FalseAlarmRate),
        [.. e.ByCategory().Where(c => c.Category != "clean" && c.Expected + c.FlaggedWithout > 0)
            .Select(c => new CategoryFiguresDto(c.Category, c.Expected, c.Found, c.InBand, Share(c.Recall), Share(c.Precision)))]);

    private static double? Share(double v) => double.IsNaN(v) ? null : Math.Round(v, 4);
}

public sealed record CategoryFiguresDto(string Category, int Expected, int Found, int InBand, double? Recall, double? Precision);
