namespace Policy.Api.Packs;

/// <summary>An uploaded pack: its file name and text, or the problem that stopped reading it.</summary>
internal sealed record PackUpload(string FileName, string Content);

/// <summary>
/// Reads a pack from the request body (YAML, JSON or text) or from the first file of a
/// multipart/form-data form (<see cref="FileUploadReader"/>). The body is capped a little above the
/// pack limit of 1 MB, so a huge upload is cut off while it arrives instead of being buffered; the
/// pack limit itself is the Core's (<see cref="Policy.Core.Packs.PackLimits.MaxBytes"/>).
/// </summary>
internal static class PackUploadReader
{
    /// <summary>1 MB for the pack plus room for multipart framing.</summary>
    public const long MaxRequestBytes = (1024 * 1024) + (64 * 1024);

    public static readonly string[] RawTypes = ["application/yaml", "text/yaml", "application/x-yaml", "application/json", "text/plain"];

    public static async Task<(PackUpload? Upload, IResult? Problem)> ReadAsync(HttpRequest request, string? fileName, CancellationToken ct)
    {
        var upload = await FileUploadReader.ReadAsync(request, MaxRequestBytes, RawTypes, "pack", ct);
        var refused = upload.Refusal switch
        {
            UploadRefusal.None => null,
            UploadRefusal.TooLarge => TooLarge(),
            UploadRefusal.UnsupportedType => Unsupported(upload.ContentType),
            UploadRefusal.NoBoundary => Invalid("file", "A multipart/form-data body needs a boundary."),
            _ => Invalid("file", "The form holds no file; send the pack as a file field (curl -F file=@pack.yaml)."),
        };
        if (refused is not null)
        {
            return (null, refused);
        }

        var field = upload.FromForm ? "file" : "body";
        if (upload.Bytes!.Length == 0)
        {
            return (null, Invalid(field, "The pack is empty."));
        }

        if (!FileUploadReader.TryDecodeText(upload.Bytes, out var content))
        {
            return (null, Invalid(field, "The pack is not valid UTF-8 text."));
        }

        return (new PackUpload(SafeName(fileName ?? upload.FileName, upload.ContentType!), content), null);
    }

    private static string SafeName(string? name, string mediaType)
    {
        var fallback = mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase) ? "pack.json" : "pack.yaml";
        if (string.IsNullOrWhiteSpace(name))
        {
            return fallback;
        }

        var clean = new string([.. Path.GetFileName(name.Replace('\\', '/')).Where(c => !char.IsControl(c))]).Trim();
        return clean.Length is > 0 and <= 200 ? clean : fallback;
    }

    private static IResult TooLarge() => TypedResults.Problem(
        title: "The upload is too large.",
        detail: $"A pack may be at most 1 MB; the request body may be at most {MaxRequestBytes} bytes.",
        statusCode: StatusCodes.Status413PayloadTooLarge);

    private static IResult Unsupported(string? contentType) => TypedResults.Problem(
        title: "Unsupported content type.",
        detail: $"Send the pack as {string.Join(", ", RawTypes)} or multipart/form-data, not '{contentType}'.",
        statusCode: StatusCodes.Status415UnsupportedMediaType);

    private static IResult Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
