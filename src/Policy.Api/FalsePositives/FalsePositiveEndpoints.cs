using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Policy.Api.Audit;
using Policy.Api.Decisions;
using Policy.Api.Identity;
using Policy.Api.Reviews;
using Policy.Api.Store;

namespace Policy.Api.FalsePositives;

/// <summary>"This finding is wrong."</summary>
/// <param name="RuleId">The rule of one of the check's findings.</param>
/// <param name="Comment">Why it is wrong (optional, up to 1,000 characters).</param>
/// <param name="Text">The draft exactly as checked, only with <paramref name="ShareText"/>: it can then become a labelled example for the pack. Stored encrypted, deleted after Policy:Reviews:ReportTextRetention.</param>
public sealed record FalsePositiveRequestDto(Guid? CheckId, string? RuleId, string? Comment, string? Text, bool ShareText);

public sealed record FalsePositiveDto(string Id, Guid CheckId, string RuleId, string PackId, string PackVersion, DateTimeOffset At, string Comment, bool TextKept);

public sealed class FalsePositiveRequestValidator : AbstractValidator<FalsePositiveRequestDto>
{
    public FalsePositiveRequestValidator()
    {
        RuleFor(r => r.CheckId).NotNull().WithMessage("'checkId' is required: the id of your check.").OverridePropertyName("checkId");
        RuleFor(r => r.RuleId).NotEmpty().MaximumLength(200).OverridePropertyName("ruleId");
        RuleFor(r => r.Comment).MaximumLength(1_000).OverridePropertyName("comment");
        RuleFor(r => r.Text).Null().When(r => !r.ShareText)
            .WithMessage("'text' is stored only with your consent: set 'shareText' to true, or leave 'text' out.").OverridePropertyName("text");
        RuleFor(r => r.Text).NotEmpty().When(r => r.ShareText)
            .WithMessage("'shareText' is true but 'text' is empty: send the draft exactly as checked.").OverridePropertyName("text");
        RuleFor(r => r.Text).MaximumLength(10_000).OverridePropertyName("text");
    }
}

/// <summary>
/// False-positive reports per finding, counted per rule in /api/v1/decisions/stats, listed for HR and
/// exported as labelled examples (only those whose author shared the text).
/// </summary>
public static class FalsePositiveEndpoints
{
    public static IServiceCollection AddFalsePositives(this IServiceCollection services)
    {
        services.AddSingleton<IValidator<FalsePositiveRequestDto>, FalsePositiveRequestValidator>();
        services.AddSingleton<FalsePositiveLog>();
        return services;
    }

    public static RouteGroupBuilder MapFalsePositives(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/false-positives").WithTags("False positives");
        group.MapPost("/", PostReport)
            .ForOwnCheck<FalsePositiveRequestDto>()
            .WithName("ReportFalsePositive")
            .WithSummary("Reports a finding of your own check as wrong; the text only with shareText (your consent).");
        group.MapGet("/", List)
            .RequireAuthorization(Roles.Policies.HrLegalOrAdmin)
            .WithName("FalsePositives")
            .WithSummary("Reports in a time range (default: the decision log's retention), newest first; no persons, no texts.");
        group.MapGet("/examples.jsonl", Examples)
            .RequireAuthorization(Roles.Policies.HrOrAdmin)
            .WithName("FalsePositiveExamples")
            .WithSummary("The reports with a shared text as labelled examples (JSON Lines) for the pack's examples or a corpus.");
        return group;
    }

    private static Results<Created<FalsePositiveDto>, ProblemHttpResult> PostReport(FalsePositiveRequestDto request, ClaimsPrincipal user, FalsePositiveLog log, DecisionLog decisions, DraftHasher hasher)
    {
        var check = decisions.FindOwn(request.CheckId!.Value, user);
        if (check is null)
        {
            return OwnChecks.NoSuchCheck(request.CheckId.Value);
        }

        if (!check.Findings.Any(f => f.RuleId == request.RuleId))
        {
            return TypedResults.Problem(statusCode: 400, title: "No finding of this rule.",
                detail: $"The check has no finding of rule '{request.RuleId}'.", extensions: new Dictionary<string, object?> { ["field"] = "ruleId" });
        }

        var text = request.ShareText ? request.Text : null;
        if (text is not null && !CryptographicOperations.FixedTimeEquals(Convert.FromHexString(hasher.Hash(text)), Convert.FromHexString(check.TextHash)))
        {
            return TypedResults.Problem(statusCode: 400, title: "The text is not the checked draft.",
                detail: "'text' must be the draft exactly as it was checked under this checkId.", extensions: new Dictionary<string, object?> { ["field"] = "text" });
        }

        var report = log.Record(check, user.PersonId(), request.RuleId!, request.Comment?.Trim() ?? string.Empty, text);
        return report is null
            ? TypedResults.Problem(statusCode: 409, title: "Already reported.", detail: "This finding of this check was already reported.")
            : TypedResults.Created($"/api/v1/false-positives/{report.Id}", report);
    }

    private static Ok<IReadOnlyList<FalsePositiveDto>> List(FalsePositiveLog log, TimeProvider time, DecisionLog decisions, DateTimeOffset? from, DateTimeOffset? to)
    {
        var (start, end) = decisions.ListedRange(time, from, to);
        return TypedResults.Ok(log.List(start, end, 1_000));
    }

    private static async Task Examples(HttpContext http, FalsePositiveLog log, ClaimsPrincipal user, AuditLog audit)
    {
        var examples = log.Examples();
        // Reading shared drafts is a disclosure: recorded before anything is sent.
        audit.Append(user.PersonId(), AuditAction.FalsePositiveExported, "false-positives", new { examples = examples.Count });
        http.Response.ContentType = "application/jsonl; charset=utf-8";
        http.Response.Headers.ContentDisposition = "attachment; filename=\"false-positive-examples.jsonl\"";
        // A download for pack authors, never embedded in a page: umlauts stay readable.
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        foreach (var example in examples)
        {
            await http.Response.WriteAsync(JsonSerializer.Serialize(example, json) + "\n", Encoding.UTF8);
        }
    }
}

/// <summary>One labelled example: the text, the rule that must not fire on it, and where it came from.</summary>
public sealed record FalsePositiveExample(string Text, IReadOnlyList<string> NotRules, string Account, string? Handle, string ReportedDecision, string PackId, string PackVersion, string Note);

public sealed record FalsePositiveCounts(long Total, IReadOnlyDictionary<string, long> ByRule, IReadOnlyDictionary<string, long> ByWeek);

/// <summary>The false-positive reports, each with an audit entry in the same transaction.</summary>
public sealed class FalsePositiveLog(Database db, AuditLog audit, DraftVault vault, DecisionLog decisions, IOptions<ReviewOptions> options, TimeProvider time)
{
    public FalsePositiveDto? Record(DecisionRecord check, string authorId, string ruleId, string comment, string? text)
    {
        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7(now).ToString();
        using var connection = db.Open();
        using var tx = db.BeginWrite(connection);
        if (connection.ExecuteScalar<long>("SELECT COUNT(*) FROM false_positives WHERE check_id = @checkId AND rule_id = @ruleId",
            new { checkId = check.CheckId.ToString(), ruleId }, tx) > 0)
        {
            return null;
        }

        var route = CheckRoute.Parse(check.Route, check.Decision);
        connection.Execute(
            """
            INSERT INTO false_positives (id, check_id, rule_id, author_id, at, pack_id, pack_version, comment, text_sealed, text_delete_at)
            VALUES (@id, @checkId, @ruleId, @authorId, @at, @packId, @packVersion, @comment, @sealed, @deleteAt)
            """,
            new
            {
                id,
                checkId = check.CheckId.ToString(),
                ruleId,
                authorId,
                at = StoreTime.Stamp(now),
                packId = check.PackId,
                packVersion = check.PackVersion,
                comment,
                @sealed = text is null ? null : vault.Seal(JsonSerializer.Serialize(new SharedText(text, route.Channel, check.Decision)), id),
                deleteAt = text is null ? null : StoreTime.Stamp(now + options.Value.ReportTextRetention),
            },
            tx);
        audit.Append(connection, tx, authorId, AuditAction.FalsePositiveReported, "check/" + check.CheckId, new { reportId = id, ruleId, textShared = text is not null });
        tx.Commit();
        return new FalsePositiveDto(id, check.CheckId, ruleId, check.PackId, check.PackVersion, now, comment, text is not null);
    }

    public IReadOnlyList<FalsePositiveDto> List(DateTimeOffset from, DateTimeOffset to, int limit)
    {
        using var connection = db.Open();
        return [.. connection.Query<(string Id, string CheckId, string RuleId, string PackId, string PackVersion, string At, string Comment, string? Sealed)>(
            """
            SELECT id, check_id, rule_id, pack_id, pack_version, at, comment, text_sealed FROM false_positives
            WHERE at >= @from AND at < @to ORDER BY at DESC LIMIT @limit
            """,
            new { from = StoreTime.Stamp(from), to = StoreTime.Stamp(to), limit })
            .Select(r => new FalsePositiveDto(r.Id, Guid.Parse(r.CheckId), r.RuleId, r.PackId, r.PackVersion, DateTimeOffset.Parse(r.At, CultureInfo.InvariantCulture), r.Comment, r.Sealed is not null))];
    }

    /// <summary>The reports whose text is still kept, as labelled examples.</summary>
    public IReadOnlyList<FalsePositiveExample> Examples()
    {
        using var connection = db.Open();
        var rows = connection.Query<(string Id, string RuleId, string PackId, string PackVersion, string Comment, string Sealed)>(
            "SELECT id, rule_id, pack_id, pack_version, comment, text_sealed FROM false_positives WHERE text_sealed IS NOT NULL ORDER BY at");
        var examples = new List<FalsePositiveExample>();
        foreach (var r in rows)
        {
            if (vault.Open(r.Sealed, r.Id) is not { } json || JsonSerializer.Deserialize<SharedText>(json) is not { } shared)
            {
                continue;
            }

            var corporate = shared.Channel != "private";
            examples.Add(new FalsePositiveExample(
                shared.Text, [r.RuleId], corporate ? "corporate" : "private", corporate ? shared.Channel : null, shared.Decision, r.PackId, r.PackVersion,
                "false-positive report " + r.Id + (r.Comment.Length > 0 ? ": " + r.Comment : string.Empty)));
        }

        return examples;
    }

    /// <summary>Counts in [from, to): by rule and by ISO week.</summary>
    public FalsePositiveCounts Count(DateTimeOffset from, DateTimeOffset to)
    {
        using var connection = db.Open();
        var range = new { from = StoreTime.Stamp(from), to = StoreTime.Stamp(to) };
        var byRule = connection.Query<(string Rule, long Count)>(
            "SELECT rule_id, COUNT(*) FROM false_positives WHERE at >= @from AND at < @to GROUP BY rule_id ORDER BY rule_id", range)
            .ToDictionary(r => r.Rule, r => r.Count, StringComparer.Ordinal);
        var byDay = connection.Query<(string Day, long Count)>(
            "SELECT substr(at, 1, 10) AS day, COUNT(*) FROM false_positives WHERE at >= @from AND at < @to GROUP BY day ORDER BY day", range);
        return new FalsePositiveCounts(byRule.Values.Sum(), byRule, IsoWeeks.FromDays(byDay));
    }

    /// <summary>Deletes reports older than the decision log keeps its rows.</summary>
    public int Purge(DateTimeOffset now)
    {
        using var connection = db.Open();
        return connection.Execute("DELETE FROM false_positives WHERE at < @cutoff", new { cutoff = StoreTime.Stamp(now.AddDays(-decisions.RetentionDays)) });
    }

    private sealed record SharedText(string Text, string Channel, string Decision);
}
