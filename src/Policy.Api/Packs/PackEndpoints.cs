using System.Security.Claims;
using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Policy.Api.Identity;
using Policy.Api.Validation;
using Policy.Core.Packs;

namespace Policy.Api.Packs;

/// <summary>
/// /api/v1/packs: the guideline lifecycle for HR. Upload (stored immutable, with a report),
/// validate (the same report, nothing stored), activate and roll back (compare-and-set on the
/// active version and on the checking pack: activating a pack makes it the one that checks drafts),
/// list, show, diff and mark material.
/// </summary>
public static class PackEndpoints
{
    public static IServiceCollection AddPolicyPacks(this IServiceCollection services)
    {
        services.AddOptions<PackOptions>().BindConfiguration(PackOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PackOptions>, PackOptionsValidator>();
        services.AddOptions<EngineOptions>().BindConfiguration(EngineOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EngineOptions>, EngineOptionsValidator>();
        services.AddSingleton<PackStore>();
        services.AddSingleton<PackLoader>();
        services.AddSingleton<ActivePack>();
        services.AddSingleton<PackLifecycle>();
        services.AddHostedService<PackStartup>();
        services.AddSingleton<FluentValidation.IValidator<MaterialRequest>, MaterialRequestValidator>();
        return services;
    }

    public static RouteGroupBuilder MapPacks(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/packs").WithTags("Packs").RequireAuthorization(Roles.Policies.SignedIn);
        var hrOrAdmin = group.MapGroup(string.Empty).RequireAuthorization(Roles.Policies.HrOrAdmin);
        var hrLegalOrAdmin = group.MapGroup(string.Empty).RequireAuthorization(Roles.Policies.HrLegalOrAdmin);

        hrOrAdmin.MapPost("/", Upload)
            .Accepts<string>(PackUploadReader.RawTypes[0], [.. PackUploadReader.RawTypes.Skip(1), "multipart/form-data"])
            .Produces<PackReport>(StatusCodes.Status201Created)
            .Produces<PackReport>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithName("UploadPack")
            .WithSummary("Uploads a pack version: parsed, compiled, examples run, stored immutable with its SHA-256.");

        hrOrAdmin.MapPost("/validate", Validate)
            .Accepts<string>(PackUploadReader.RawTypes[0], [.. PackUploadReader.RawTypes.Skip(1), "multipart/form-data"])
            .Produces<PackReport>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithName("ValidatePack")
            .WithSummary("Dry run of an upload: the same report, nothing stored.");

        hrLegalOrAdmin.MapGet("/", List)
            .WithName("ListPacks")
            .WithSummary("Packs, their versions and which one is active.");

        hrLegalOrAdmin.MapGet("/{id}/versions/{version}", Show)
            .WithName("GetPackVersion")
            .WithSummary("One stored version with its content.");

        hrLegalOrAdmin.MapGet("/{id}/history", History)
            .WithName("GetPackHistory")
            .WithSummary("Activations, rollbacks and the seed of a pack, oldest first.");

        hrLegalOrAdmin.MapGet("/{id}/diff", Diff)
            .WithName("DiffPackVersions")
            .WithSummary("Rules, sections, overrides and lists added, removed and changed between two versions.");

        hrOrAdmin.MapPost("/{id}/versions/{version}/activate", Activate)
            .Accepts<ActivateRequest>("application/json")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("ActivatePackVersion")
            .WithSummary("Activates a version and makes its pack the one that checks drafts (a new version of a base of the checking pack stays under it), if the caller's expected active version (If-Match or expectedActive) and checking pack (expectedChecking, optional) still hold.");

        hrOrAdmin.MapPost("/{id}/rollback", Rollback)
            .Accepts<ActivateRequest>("application/json")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("RollbackPack")
            .WithSummary("Returns to the version that was active before the current one (same compare-and-set, same rule for the checking pack).");

        hrOrAdmin.MapPut("/{id}/versions/{version}/material", SetMaterial)
            .WithValidation<MaterialRequest>()
            .WithName("SetPackMaterial")
            .WithSummary("Marks a version material (everyone must acknowledge it again) or not.");

        return group;
    }

    private static async Task<IResult> Upload(HttpRequest request, string? fileName, ClaimsPrincipal user, PackLifecycle lifecycle, CancellationToken ct)
    {
        var (upload, problem) = await PackUploadReader.ReadAsync(request, fileName, ct);
        if (problem is not null)
        {
            return problem;
        }

        var outcome = lifecycle.Upload(user.PersonId(), upload!.FileName, upload.Content, ct);
        var report = outcome.Report;
        return outcome.Status switch
        {
            UploadStatus.Created => TypedResults.Created($"/api/v1/packs/{Uri.EscapeDataString(report!.PackId)}/versions/{Uri.EscapeDataString(report.Version)}", report),
            UploadStatus.Unchanged => TypedResults.Ok(report),
            UploadStatus.VersionExists => TypedResults.Problem(
                title: "This version already exists with other content.",
                detail: $"{report!.PackId} {report.Version} was uploaded on {outcome.Existing!.UploadedAt} with SHA-256 {outcome.Existing.Sha256}; stored versions never change. Give the pack a new version.",
                statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["sha256"] = outcome.Existing.Sha256, ["uploadedSha256"] = report.Sha256 }),
            _ => NotLoaded(outcome, "The pack could not be loaded; nothing was stored.", "nothing was stored"),
        };
    }

    private static async Task<IResult> Validate(HttpRequest request, string? fileName, PackLifecycle lifecycle, CancellationToken ct)
    {
        var (upload, problem) = await PackUploadReader.ReadAsync(request, fileName, ct);
        if (problem is not null)
        {
            return problem;
        }

        var outcome = lifecycle.Validate(upload!.FileName, upload.Content, ct);
        return outcome.Status == UploadStatus.Valid ? TypedResults.Ok(outcome.Report) : NotLoaded(outcome, "The pack could not be loaded.", "it could not be uploaded");
    }

    private static IResult NotLoaded(UploadOutcome outcome, string title, string consequence) => outcome.Status == UploadStatus.BadNames
        ? TypedResults.ValidationProblem(outcome.NameProblems!, detail: $"The pack's id or version breaks the naming rules; {consequence}.")
        : LoadProblem(outcome.Errors!, StatusCodes.Status400BadRequest, title);

    private static Ok<PackListDto> List(PackStore store, ActivePack packs)
    {
        // One pack for the whole answer: what checks drafts on this instance now.
        var checking = packs.Current;
        var active = store.ActiveVersions().ToDictionary(a => a.PackId, StringComparer.Ordinal);
        var summaries = store.Versions()
            .GroupBy(v => v.PackId, StringComparer.Ordinal)
            .Select(g =>
            {
                var a = active.GetValueOrDefault(g.Key);
                var role = g.Key == checking.Id ? "checking" : checking.Chain.Contains(g.Key) ? "base" : null;
                return new PackSummaryDto(g.Key, a?.Version, a?.ActivatedAt, a?.ActivatedBy, role, [.. g.Select(v => PackVersionDto.From(v, a?.Version))]);
            });
        return TypedResults.Ok(new PackListDto([.. summaries], checking.Id, checking.Version, checking.Sha256));
    }

    private static Results<Ok<PackVersionDetailDto>, ProblemHttpResult> Show(string id, string version, PackStore store)
    {
        var row = store.Find(id, version);
        return row is null
            ? NotFound(id, version)
            : TypedResults.Ok(new PackVersionDetailDto(PackVersionDto.From(row, store.ActiveVersion(id)), row.Content));
    }

    private static Results<Ok<IReadOnlyList<ActivationHistoryDto>>, ProblemHttpResult> History(string id, PackStore store) =>
        store.Exists(id)
            ? TypedResults.Ok<IReadOnlyList<ActivationHistoryDto>>([.. store.History(id).Select(h => new ActivationHistoryDto(h.Seq, h.Version, h.Previous, h.Action, h.At, h.Actor))])
            : NotFound(id, null);

    private static Results<Ok<PackDiffDto>, ProblemHttpResult, ValidationProblem> Diff(string id, string? from, string? to, PackStore store)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(from))
        {
            errors["from"] = ["The version to compare from is required (?from=1.0.0)."];
        }

        if (string.IsNullOrWhiteSpace(to))
        {
            errors["to"] = ["The version to compare to is required (?to=1.1.0)."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var a = store.Find(id, from!);
        if (a is null)
        {
            return NotFound(id, from);
        }

        var b = store.Find(id, to!);
        return b is null ? NotFound(id, to) : TypedResults.Ok(PackDiff.Compare(a, b));
    }

    private static async Task<Results<Ok<ActivationDto>, ProblemHttpResult, ValidationProblem>> Activate(
        string id, string version, HttpRequest request, ClaimsPrincipal user, PackLifecycle lifecycle, CancellationToken ct)
    {
        var (expected, expectedChecking, invalid) = await ExpectedAsync(request, ct);
        return invalid is not null
            ? invalid
            : Switched(lifecycle.Activate(user.PersonId(), id, version, expected, expectedChecking, ct), id, version, "activate");
    }

    private static async Task<Results<Ok<ActivationDto>, ProblemHttpResult, ValidationProblem>> Rollback(
        string id, HttpRequest request, ClaimsPrincipal user, PackLifecycle lifecycle, CancellationToken ct)
    {
        var (expected, expectedChecking, invalid) = await ExpectedAsync(request, ct);
        return invalid is not null
            ? invalid
            : Switched(lifecycle.Rollback(user.PersonId(), id, expected, expectedChecking, ct), id, null, "rollback");
    }

    private static Results<Ok<ActivationDto>, ProblemHttpResult, ValidationProblem> Switched(SwitchOutcome o, string id, string? version, string action) => o.Status switch
    {
        SwitchStatus.Switched or SwitchStatus.Unchanged =>
            TypedResults.Ok(new ActivationDto(id, o.Version!, o.Before, Changed: o.Status == SwitchStatus.Switched, action, o.CheckingAfter)),
        SwitchStatus.NoSuchPack => NotFound(id, null),
        SwitchStatus.NoSuchVersion => NotFound(id, version),
        SwitchStatus.NoEarlierVersion => TypedResults.Problem(
            title: "There is no earlier version to roll back to.",
            detail: $"Pack '{id}' has had only one active version.",
            statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?> { ["active"] = o.Before, ["checking"] = o.CheckingBefore }),
        SwitchStatus.StaleActive => TypedResults.Problem(
            title: "The active version is not the one you expected.",
            detail: $"Pack '{id}' has active version '{o.Before ?? "(none)"}'; someone else switched it. Reload and decide again.",
            statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?> { ["field"] = "expectedActive", ["active"] = o.Before, ["checking"] = o.CheckingBefore }),
        SwitchStatus.StaleChecking => TypedResults.Problem(
            title: "The checking pack is not the one you expected.",
            detail: $"Drafts are checked with '{o.CheckingBefore?.PackId}' {o.CheckingBefore?.Version}; someone else switched it. Reload and decide again.",
            statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?> { ["field"] = "expectedChecking", ["active"] = o.Before, ["checking"] = o.CheckingBefore }),
        SwitchStatus.ExamplesFail => TypedResults.Problem(
            title: "The version's examples fail; it was not activated.",
            detail: $"{o.Examples!.Failed} of {o.Examples.Passed + o.Examples.Failed} examples do not give the expected result.",
            statusCode: StatusCodes.Status422UnprocessableEntity,
            extensions: new Dictionary<string, object?> { ["examples"] = o.Examples }),
        _ => LoadProblem(
            o.Errors!,
            StatusCodes.Status422UnprocessableEntity,
            action == "rollback"
                ? $"Version {o.Version} no longer compiles with the active base packs; nothing was rolled back."
                : "The version does not compile with the active base packs; it was not activated."),
    };

    private static Results<Ok<MaterialDto>, ProblemHttpResult> SetMaterial(string id, string version, MaterialRequest body, ClaimsPrincipal user, PackStore store) =>
        store.SetMaterial(user.PersonId(), id, version, body.Material!.Value)
            ? TypedResults.Ok(new MaterialDto(id, version, body.Material.Value))
            : NotFound(id, version);

    /// <summary>
    /// The version the caller believes is active: <c>If-Match: "1.2.0"</c>, <c>If-None-Match: *</c>
    /// (none is active), or a JSON body <c>{"expectedActive": "1.2.0"}</c> ("" for none). Required.
    /// Optionally the pack the caller believes checks drafts, <c>"expectedChecking": "id"</c> or
    /// <c>"id@version"</c>; without it the switch is still compared with the checking pack the
    /// server saw when it decided what the switch does.
    /// </summary>
    private static async Task<(string? Expected, CheckingState? ExpectedChecking, ValidationProblem? Invalid)> ExpectedAsync(HttpRequest request, CancellationToken ct)
    {
        string? fromHeader = null;
        var hasHeader = false;
        if (request.Headers.IfMatch.ToString() is { Length: > 0 } ifMatch)
        {
            var value = ifMatch.Trim();
            if (value.StartsWith("W/", StringComparison.Ordinal))
            {
                value = value[2..];
            }

            if (value.Length < 2 || value[0] != '"' || value[^1] != '"' || value.Contains(',', StringComparison.Ordinal))
            {
                return (null, null, Field("If-Match", "If-Match must be one quoted version, such as \"1.2.0\"."));
            }

            (fromHeader, hasHeader) = (value[1..^1], true);
        }
        else if (request.Headers.IfNoneMatch.ToString().Trim() == "*")
        {
            hasHeader = true;
        }

        string? fromBody = null;
        var hasBody = false;
        CheckingState? checking = null;
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            if (!request.HasJsonContentType())
            {
                return (null, null, Field("body", "The body must be JSON: {\"expectedActive\": \"1.2.0\"}."));
            }

            try
            {
                var body = await request.ReadFromJsonAsync<ActivateRequest>(ct);
                if (body?.ExpectedActive is { } e)
                {
                    (fromBody, hasBody) = (e.Length == 0 ? null : e, true);
                }

                if (body?.ExpectedChecking is { } c)
                {
                    var at = c.IndexOf('@', StringComparison.Ordinal);
                    checking = at < 0 ? new CheckingState(c, null) : new CheckingState(c[..at], c[(at + 1)..]);
                    if (checking.PackId.Length == 0 || checking.Version is { Length: 0 })
                    {
                        return (null, null, Field("expectedChecking", "expectedChecking names the pack that checks drafts: \"<pack id>\" or \"<pack id>@<version>\"."));
                    }
                }
            }
            catch (JsonException ex)
            {
                return (null, null, Field("body", "The body is not valid JSON: " + ex.Message));
            }
        }

        if (!hasHeader && !hasBody)
        {
            return (null, null, Field("expectedActive", "Send the version you believe is active: header If-Match: \"<version>\" or body {\"expectedActive\": \"<version>\"} (\"\" or If-None-Match: * if none is active)."));
        }

        if (hasHeader && hasBody && fromHeader != fromBody)
        {
            return (null, null, Field("expectedActive", "If-Match and expectedActive name different versions."));
        }

        return (hasHeader ? fromHeader : fromBody, checking, null);
    }

    private static ValidationProblem Field(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    private static ProblemHttpResult NotFound(string id, string? version) => TypedResults.Problem(
        title: version is null ? "No such pack." : "No such pack version.",
        detail: version is null ? $"There is no pack '{id}'." : $"Pack '{id}' has no version '{version}'.",
        statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult LoadProblem(IReadOnlyList<PackError> errors, int status, string title) => TypedResults.Problem(
        title: title,
        detail: errors.Count == 1 ? errors[0].ToString() : $"{errors.Count} problems; the first: {errors[0]}",
        statusCode: status,
        extensions: new Dictionary<string, object?> { ["errors"] = errors.Select(PackErrorDto.From).ToList() });
}

internal sealed class MaterialRequestValidator : AbstractValidator<MaterialRequest>
{
    public MaterialRequestValidator() =>
        RuleFor(r => r.Material).NotNull().WithMessage("material is required: true or false.").OverridePropertyName("material");
}
