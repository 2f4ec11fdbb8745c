using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Policy.Api.Packs;

/// <summary>An uploaded pack: its file name and text, or the problem that stopped reading it.</summary>
internal sealed record PackUpload(string FileName, string Content);

/// <summary>
/// Reads a pack from the request body (YAML, JSON or text) or from the first file of a
/// multipart/form-data form. The body is capped a little above the pack limit of 1 MB, so a huge
/// upload is cut off while it arrives instead of being buffered; the pack limit itself is the
/// Core's (<see cref="Policy.Core.Packs.PackLimits.MaxBytes"/>).
/// </summary>
internal static class PackUploadReader
{
    /// <summary>1 MB for the pack plus room for multipart framing.</summary>
    public const long MaxRequestBytes = (1024 * 1024) + (64 * 1024);

    public static readonly string[] RawTypes = ["application/yaml", "text/yaml", "application/x-yaml", "application/json", "text/plain"];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task<(PackUpload? Upload, IResult? Problem)> ReadAsync(HttpRequest request, string? fileName, CancellationToken ct)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxRequestBytes;
        }

        if (request.ContentLength > MaxRequestBytes)
        {
            return (null, TooLarge());
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || type.MediaType.Value is not { } mediaType)
        {
            return (null, Unsupported(request.ContentType));
        }

        var multipart = mediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);
        if (!multipart && !RawTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
        {
            return (null, Unsupported(mediaType));
        }

        using var body = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
        {
            if (body.Length + read > MaxRequestBytes)
            {
                return (null, TooLarge());
            }

            body.Write(buffer, 0, read);
        }

        body.Position = 0;
        byte[] bytes;
        var name = fileName;
        if (multipart)
        {
            var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
            if (string.IsNullOrEmpty(boundary))
            {
                return (null, Invalid("file", "A multipart/form-data body needs a boundary."));
            }

            var file = await FirstFileAsync(new MultipartReader(boundary, body), ct);
            if (file is null)
            {
                return (null, Invalid("file", "The form holds no file; send the pack as a file field (curl -F file=@pack.yaml)."));
            }

            (name, bytes) = (name ?? file.Value.Name, file.Value.Bytes);
        }
        else
        {
            bytes = body.ToArray();
        }

        if (bytes.Length == 0)
        {
            return (null, Invalid(multipart ? "file" : "body", "The pack is empty."));
        }

        string content;
        try
        {
            content = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return (null, Invalid(multipart ? "file" : "body", "The pack is not valid UTF-8 text."));
        }

        if (content.Length > 0 && content[0] == '\uFEFF')
        {
            content = content[1..];
        }

        return (new PackUpload(SafeName(name, mediaType), content), null);
    }

    private static async Task<(string? Name, byte[] Bytes)?> FirstFileAsync(MultipartReader reader, CancellationToken ct)
    {
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    && (disposition.IsFileDisposition() || disposition.Name.Value is "file" or "pack"))
                {
                    using var data = new MemoryStream();
                    await section.Body.CopyToAsync(data, ct);
                    var name = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                    return (name, data.ToArray());
                }
            }
        }
        catch (IOException)
        {
            // A malformed multipart body: treated as a form without a file.
        }
        catch (InvalidDataException)
        {
            // Section headers too long or too many.
        }

        return null;
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
