using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Policy.Api.Export;
using Policy.Api.Identity;
using Policy.Api.Packs;

namespace Policy.Api.Guideline;

public sealed record GuidelineDto(
    string PackId,
    string Version,
    string Language,
    string Title,
    IReadOnlyList<GuidelineSectionDto> Sections,
    string? AcknowledgedAt,
    bool MustAcknowledge);

public sealed record GuidelineSectionDto(string Id, string Title, string Text);

/// <param name="Version">Optional: the version the person read; refused if it is no longer the active one.</param>
public sealed record AcknowledgeRequest(string? Version);

public sealed record AcknowledgementDto(string PackId, string Version, string AcknowledgedAt);

public sealed record AcknowledgementListDto(
    string PackId,
    string Version,
    int People,
    int AcknowledgedCount,
    int PendingCount,
    IReadOnlyList<RosterEntry> Acknowledged,
    IReadOnlyList<RosterEntry> Pending);

/// <summary>
/// The guideline as employees read it, their acknowledgements, and HR's list of who has and has
/// not acknowledged. The guideline is the pack that checks drafts (<see cref="ActivePack"/>).
/// </summary>
public static class GuidelineEndpoints
{
    public static IServiceCollection AddGuideline(this IServiceCollection services) => services.AddSingleton<AcknowledgementStore>();

    public static RouteGroupBuilder MapGuideline(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1").WithTags("Guideline");
        var signedIn = group.MapGroup(string.Empty).RequireAuthorization(Roles.Policies.SignedIn);
        var hrOrAdmin = group.MapGroup(string.Empty).RequireAuthorization(Roles.Policies.HrOrAdmin);

        signedIn.MapGet("/guideline", GetGuideline)
            .WithName("GetGuideline")
            .WithSummary("The active guideline by sections, and whether the caller must acknowledge it.");

        signedIn.MapPost("/guideline/acknowledgements", Acknowledge)
            .Accepts<AcknowledgeRequest>("application/json")
            .WithName("AcknowledgeGuideline")
            .WithSummary("The caller acknowledges the active version (idempotent).");

        hrOrAdmin.MapGet("/acknowledgements", ListAcknowledgements)
            .WithName("ListAcknowledgements")
            .WithSummary("Who has and who has not acknowledged a version (default: the active one).");

        hrOrAdmin.MapGet("/acknowledgements.csv", ExportAcknowledgements)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithName("ExportAcknowledgements")
            .WithSummary("The same list as CSV (UTF-8 with BOM; ?delimiter=; for German Excel).");

        return group;
    }

    private static Results<Ok<GuidelineDto>, ValidationProblem> GetGuideline(string? lang, ClaimsPrincipal user, ActivePack packs, AcknowledgementStore acks)
    {
        var language = string.IsNullOrEmpty(lang) ? "de" : lang;
        if (language is not ("de" or "en"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["lang"] = ["lang must be de or en."] });
        }

        // One pack for the whole answer, even if HR activates another meanwhile.
        var pack = packs.Current;
        var (at, must) = acks.StatusOf(user.PersonId(), pack.Id, pack.Version);
        return TypedResults.Ok(new GuidelineDto(
            pack.Id,
            pack.Version,
            language,
            pack.Title.In(language),
            [.. pack.Sections.Select(s => new GuidelineSectionDto(s.Id, s.Title.In(language), s.Text.In(language)))],
            at,
            must));
    }

    private static async Task<Results<Ok<AcknowledgementDto>, ProblemHttpResult, ValidationProblem>> Acknowledge(
        HttpRequest request, ClaimsPrincipal user, ActivePack packs, AcknowledgementStore acks, CancellationToken ct)
    {
        string? version = null;
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            if (!request.HasJsonContentType())
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["The body must be JSON: {\"version\": \"2.0.0\"} or empty."] });
            }

            try
            {
                version = (await request.ReadFromJsonAsync<AcknowledgeRequest>(ct))?.Version;
            }
            catch (JsonException ex)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["The body is not valid JSON: " + ex.Message] });
            }
        }

        var pack = packs.Current;
        if (!string.IsNullOrEmpty(version) && version != pack.Version)
        {
            return TypedResults.Problem(
                title: "That is not the active version.",
                detail: $"You acknowledged version '{version}', but '{pack.Version}' is active now. Read it and acknowledge again.",
                statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["active"] = pack.Version });
        }

        // Who acknowledges comes from the key only, never from the body.
        var at = acks.Acknowledge(user.PersonId(), pack.Id, pack.Version);
        return TypedResults.Ok(new AcknowledgementDto(pack.Id, pack.Version, at));
    }

    private static Results<Ok<AcknowledgementListDto>, ProblemHttpResult> ListAcknowledgements(
        string? pack, string? version, ActivePack packs, PackStore store, AcknowledgementStore acks)
    {
        if (!Resolve(pack, version, packs, store, out var packId, out var v, out var problem))
        {
            return problem;
        }

        var roster = acks.Roster(packId, v);
        var done = roster.Where(r => r.AcknowledgedAt is not null).ToList();
        var pending = roster.Where(r => r.AcknowledgedAt is null).ToList();
        return TypedResults.Ok(new AcknowledgementListDto(packId, v, roster.Count, done.Count, pending.Count, done, pending));
    }

    private static Results<FileContentHttpResult, ProblemHttpResult, ValidationProblem> ExportAcknowledgements(
        string? pack, string? version, string? delimiter, ActivePack packs, PackStore store, AcknowledgementStore acks)
    {
        if (Csv.Delimiter(delimiter) is not { } separator)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["delimiter"] = ["delimiter must be ',' or ';' (or comma, semicolon)."] });
        }

        if (!Resolve(pack, version, packs, store, out var packId, out var v, out var problem))
        {
            return problem;
        }

        var csv = new StringBuilder();
        // status and coveredBy come last, so readers of the first four columns go on working.
        Csv.AppendRow(csv, separator, "personId", "displayName", "email", "acknowledgedAt", "status", "coveredBy");
        foreach (var r in acks.Roster(packId, v))
        {
            Csv.AppendRow(csv, separator, r.PersonId, r.DisplayName, r.Email, r.AcknowledgedAt, r.Status, r.CoveredBy);
        }

        var fileName = $"acknowledgements-{packId}-{v}.csv";
        return TypedResults.File([.. Csv.Utf8WithBom.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())], "text/csv; charset=utf-8", fileName);
    }

    /// <summary>The pack and version asked about; by default the checking pack's active version.</summary>
    private static bool Resolve(string? pack, string? version, ActivePack packs, PackStore store, out string packId, out string v, out ProblemHttpResult problem)
    {
        packId = string.IsNullOrEmpty(pack) ? packs.PackId : pack;
        v = string.IsNullOrEmpty(version) ? store.ActiveVersion(packId) ?? string.Empty : version;
        problem = null!;
        if (v.Length == 0 || store.Find(packId, v) is null)
        {
            problem = TypedResults.Problem(
                title: "No such pack version.",
                detail: v.Length == 0 ? $"Pack '{packId}' has no active version." : $"Pack '{packId}' has no version '{v}'.",
                statusCode: StatusCodes.Status404NotFound);
            return false;
        }

        return true;
    }
}
