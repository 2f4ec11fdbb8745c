using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Policy.Api.Checks;
using Policy.Api.Decisions;
using Policy.Api.Identity;
using Policy.Api.Packs;
using Policy.Api.RateLimits;
using Policy.Api.Reviews;
using Policy.Core.Attachments;
using Policy.Core.Checking;
using Policy.Core.Decision;
using Policy.Core.Model;
using Policy.Core.Normalize;
using Policy.Core.Rules;

namespace Policy.Api.Attachments;

/// <summary>
/// POST /api/v1/checks as multipart/form-data (the draft's JSON and up to four images) and
/// POST /api/v1/checks/clean-copy (an image back without its metadata). The JSON check beside it is
/// unchanged; content type picks the endpoint.
/// </summary>
public static class AttachmentEndpoints
{
    public const string Multipart = "multipart/form-data";

    public static IServiceCollection AddAttachments(this IServiceCollection services)
    {
        services.AddOptions<AttachmentOptions>().BindConfiguration(AttachmentOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AttachmentOptions>, AttachmentOptionsValidator>();
        services.AddSingleton<TesseractReader>();
        services.AddSingleton<ImageInspector>();
        services.Configure<OpenApiOptions>("v1", o => o.AddOperationTransformer<ImageCheckOpenApi>());
        return services;
    }

    public static RouteGroupBuilder MapAttachments(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/checks").WithTags("Checks").RequireAuthorization(Roles.Policies.SignedIn).RequireCheckRateLimit();

        // Described in the document as a second body type of CheckDraft (ImageCheckOpenApi).
        group.MapPost("/", PostCheckWithImages)
            .Accepts<ImageCheckForm>(Multipart)
            .ExcludeFromDescription()
            .WithName("CheckDraftWithImages");

        // No Accepts metadata: routing would answer a wrong content type 415 before authentication;
        // the handler names the missing part instead, and ImageCheckOpenApi describes the form.
        group.MapPost("/clean-copy", PostCleanCopy)
            .Produces(StatusCodes.Status200OK, contentType: "image/jpeg", additionalContentTypes: ["image/png", "image/webp"])
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithName("CleanCopy")
            .WithSummary("Returns the image re-encoded without any metadata (no location, device, time or rights fields).");

        return group;
    }

    private static async Task<Results<Ok<CheckResponse>, ValidationProblem, ProblemHttpResult>> PostCheckWithImages(
        HttpContext http, ClaimsPrincipal user, [AsParameters] CheckServices services,
        IOptions<AttachmentOptions> options, IValidator<CheckRequestDto> validator, ImageInspector inspector, CancellationToken ct)
    {
        var (packs, time, decisions, hasher, context, ids, engine, approvals, metrics, logs) = services;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        CheckRequestDto dto;
        IReadOnlyList<InspectedImage> images;
        try
        {
            (dto, var uploads) = await ImageUpload.ReadAsync(http.Request, options.Value, ct);
            var validation = await validator.ValidateAsync(dto, ct);
            if (!validation.IsValid)
            {
                return TypedResults.ValidationProblem(validation.ToDictionary());
            }

            images = await inspector.InspectAsync(uploads, ct);
        }
        catch (ImageProblem problem)
        {
            return Problem(problem);
        }
        catch (ImagesBusyException)
        {
            return Busy(http);
        }

        var pack = packs.Current;
        var now = time.GetUtcNow();
        var author = context.AuthorOf(user, now);
        var described = dto.ToRequest(author);
        var request = context.Complete(described with { Attachments = WithFiles(images, described.Attachments, user.FindFirstValue(ClaimTypes.Name) ?? string.Empty, options.Value) }, now);
        var normalized = Normalizer.Normalize(request.Text);
        var budget = engine.Value.Start(time, ct);
        var result = CheckEngine.Check(pack, request, normalized, budget, logs.Engine);
        var language = result.Language is "de" or "en" ? result.Language : request.Language is "de" or "en" ? request.Language : LanguageGuess.Guess(normalized.Text);

        // The text in each image goes through the same engine, in the draft's context and language.
        var fromImages = new List<Finding>();
        for (var i = 0; i < images.Count; i++)
        {
            if (images[i].Text is { } text)
            {
                fromImages.AddRange(ImageTextCheck.Check(pack, request, language, text, i, budget));
            }
        }

        var combined = ImageTextCheck.Combine(result with { Language = language }, fromImages);
        var response = combined.ToResponse(pack, ids.Next(now)) with { Attachments = Reports(images, request.Attachments, language) };
        var hash = hasher.Hash(normalized);

        // Review, override and approval as for a JSON check, on the decision with the images.
        var route = CheckRoute.Of(pack, request, normalized, combined);
        var approval = combined.Decision < Policy.Core.Model.Severity.Block ? approvals.Find(author.Id, hash, now) : null;
        response = response with
        {
            Overridable = route?.Overridable ?? false,
            Approval = approval is null ? null : new ApprovalDto(approval.Reference, approval.ReviewId, approval.ApprovedAt, approval.ValidUntil),
        };
        var record = response.ToRecord(hash, author.Id, now) with { Route = route?.ToJson() };
        if (await CheckEndpoints.Logged([record], decisions, metrics, http) is { } busy)
        {
            return busy;
        }

        metrics.Checked(response, CheckEndpoints.Single);
        metrics.CheckAnswered(started, CheckEndpoints.Single);
        return TypedResults.Ok(response);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PostCleanCopy(
        HttpContext http, IOptions<AttachmentOptions> options, ImageInspector inspector, CancellationToken ct)
    {
        try
        {
            var upload = await ImageUpload.ReadOneAsync(http.Request, options.Value, ct);
            var (bytes, mediaType) = await inspector.CleanCopyAsync(upload.Bytes, ct);
            http.Response.Headers.CacheControl = "no-store";
            var extension = mediaType switch { "image/png" => ".png", "image/webp" => ".webp", _ => ".jpg" };
            return TypedResults.File(bytes, mediaType, Path.GetFileNameWithoutExtension(upload.FileName) + "-clean" + extension);
        }
        catch (ImageProblem problem)
        {
            return Problem(problem);
        }
        catch (ImagesBusyException)
        {
            return Busy(http);
        }
    }

    /// <summary>The sent files first (file i is attachment i, described by the draft's attachments[i] if given), then descriptions without a file.</summary>
    private static Attachment[] WithFiles(IReadOnlyList<InspectedImage> images, IReadOnlyList<Attachment> described, string authorName, AttachmentOptions options)
    {
        var all = new Attachment[Math.Max(images.Count, described.Count)];
        for (var i = 0; i < all.Length; i++)
        {
            if (i >= images.Count)
            {
                all[i] = described[i];
                continue;
            }

            var image = images[i];
            var description = i < described.Count ? described[i] : null;
            var metadata = image.Metadata;
            var rights = metadata.RightsFor(authorName, options.OwnRightsHolders);
            all[i] = new Attachment(
                image.Upload.FileName,
                image.Kind.MediaType(),
                description?.AltText,
                description?.License ?? MediaLicense.Unknown,
                metadata.Position ?? description?.Gps)
            {
                File = new AttachmentFile
                {
                    GpsPrecisionMeters = metadata.Position is null ? null : metadata.PrecisionMeters,
                    Rights = rights,
                    RightsHolder = rights == EmbeddedRights.Foreign ? metadata.ForeignHolder(authorName, options.OwnRightsHolders) : null,
                    Text = image.TextStatus,
                    RecognizedWords = image.Text?.ConfidentWords ?? 0,
                },
            };
        }

        return all;
    }

    private static AttachmentReportDto[] Reports(IReadOnlyList<InspectedImage> images, IReadOnlyList<Attachment> attachments, string language)
    {
        var reports = new AttachmentReportDto[images.Count];
        for (var i = 0; i < images.Count; i++)
        {
            var image = images[i];
            var metadata = image.Metadata;
            var file = attachments[i].File!;
            reports[i] = new AttachmentReportDto(
                i,
                image.Upload.FileName,
                image.Kind.MediaType(),
                image.Width,
                image.Height,
                image.TextStatus switch { ImageTextStatus.Read => "read", ImageTextStatus.Off => "off", _ => "unread" },
                Note(image.Unread, language),
                image.Text?.WordCount,
                metadata.Position is null ? null : new LocationReportDto(Math.Round(metadata.PrecisionMeters ?? 0, 1), AttachmentRule.Place(metadata.PrecisionMeters ?? 0), metadata.HasAltitude),
                metadata.CapturedAtText,
                metadata.Device,
                new RightsReportDto(file.Rights.ToString().ToLowerInvariant(), metadata.RightsHolders),
                metadata.HasAny,
                image.CanCopy);
        }

        return reports;
    }

    private static string? Note(UnreadReason reason, string language)
    {
        var de = language == "de";
        return reason switch
        {
            UnreadReason.Off => de
                ? "Text in Bildern wird auf diesem Server nicht gelesen; prüfe selbst, was das Bild zeigt."
                : "Text in images is not read on this server; check yourself what the image shows.",
            UnreadReason.Format => de
                ? "Dieses Format (HEIC) kann hier nicht entschlüsselt werden; sende das Bild als JPEG oder PNG, damit sein Text gelesen wird."
                : "This format (HEIC) cannot be decoded here; send the image as JPEG or PNG to have its text read.",
            UnreadReason.Time => de
                ? "Die Zeit zum Lesen des Bildes war abgelaufen; sein Text wurde nicht gelesen."
                : "Time to read the image ran out; its text was not read.",
            UnreadReason.Failed => de
                ? "Die Texterkennung ist auf diesem Server gerade nicht verfügbar; der Text des Bildes wurde nicht gelesen."
                : "Text recognition is not available on this server right now; the image's text was not read.",
            _ => null,
        };
    }

    private static ProblemHttpResult Problem(ImageProblem p) => TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [p.Field] = [p.Message] })
    {
        Status = p.Status,
        Title = p.Status switch
        {
            StatusCodes.Status413PayloadTooLarge => "An image is too large.",
            StatusCodes.Status415UnsupportedMediaType => "An image is in a format this check does not read.",
            _ => "The request or one of its images could not be read.",
        },
        Detail = p.Message,
        Extensions = { ["detailDe"] = p.German },
    });

    private static ProblemHttpResult Busy(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "5";
        return TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Too many images are being read.",
            detail: "Other checks with images are running; retry in a few seconds. Nothing was decided for this request.");
    }
}

/// <summary>The form of a check with images (for the OpenAPI document).</summary>
/// <param name="Draft">The check's JSON, as the JSON body of POST /api/v1/checks; attachments[i] describes images[i] (licence, alt text).</param>
/// <param name="Images">Up to four JPEG, PNG, WebP or HEIC files.</param>
public sealed record ImageCheckForm([FromForm(Name = "draft")] string Draft, [FromForm(Name = "images")] IFormFileCollection Images);

/// <summary>The form of a clean copy: one image.</summary>
public sealed record CleanCopyForm([FromForm(Name = "image")] IFormFile Image);
