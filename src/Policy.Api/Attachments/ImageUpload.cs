using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Policy.Api.Checks;

namespace Policy.Api.Attachments;

/// <summary>A sent image: the name the client gave it and its bytes, in memory only.</summary>
internal sealed record UploadedImage(string FileName, byte[] Bytes);

internal static class DraftPart
{
    /// <summary>The draft's JSON: 10,000 characters of text (up to 4 bytes each) and its descriptions.</summary>
    public const int MaxBytes = 256 * 1024;
}

/// <summary>
/// Reads multipart/form-data: a part "draft" with the check's JSON and parts "images" with the
/// files. Sizes are counted while the body arrives, so an oversized file is refused (413) before
/// it is buffered whole; nothing is written to disk.
/// </summary>
internal static class ImageUpload
{
    public const string DraftName = "draft";
    public const string ImagesName = "images";

    public static async Task<(CheckRequestDto Draft, List<UploadedImage> Images)> ReadAsync(HttpRequest request, AttachmentOptions limits, CancellationToken ct)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } cap)
        {
            cap.MaxRequestBodySize = limits.MaxRequestBytes;
        }

        if (request.ContentLength > limits.MaxRequestBytes)
        {
            throw TooLarge(ImagesName, limits);
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            throw new ImageProblem(StatusCodes.Status400BadRequest, "Content-Type", "A multipart/form-data body needs a boundary.", "Ein multipart/form-data-Körper braucht eine Boundary.");
        }

        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024, HeadersCountLimit = 16 };
        CheckRequestDto? draft = null;
        var images = new List<UploadedImage>();
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    throw new ImageProblem(StatusCodes.Status400BadRequest, "Content-Disposition", "Each part needs 'Content-Disposition: form-data; name=…'.", "Jeder Teil braucht 'Content-Disposition: form-data; name=…'.");
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                if (name == DraftName)
                {
                    if (draft is not null)
                    {
                        throw new ImageProblem(StatusCodes.Status400BadRequest, DraftName, "Send one part 'draft'.", "Sende genau einen Teil 'draft'.");
                    }

                    var json = await ReadCapped(section.Body, DraftPart.MaxBytes, () => TooLarge(DraftName, limits), ct);
                    draft = ParseDraft(json);
                }
                else if (name == ImagesName)
                {
                    var field = $"{ImagesName}[{images.Count}]";
                    if (images.Count == limits.MaxImages)
                    {
                        throw new ImageProblem(StatusCodes.Status400BadRequest, ImagesName, $"At most {limits.MaxImages} images per check.", $"Höchstens {limits.MaxImages} Bilder je Prüfung.");
                    }

                    var bytes = await ReadCapped(section.Body, limits.MaxImageBytes, () => TooLarge(field, limits), ct);
                    if (bytes.Length == 0)
                    {
                        throw new ImageProblem(StatusCodes.Status400BadRequest, field, "The file is empty.", "Die Datei ist leer.");
                    }

                    var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                    images.Add(new UploadedImage(CleanName(fileName, images.Count), bytes));
                }
                else
                {
                    throw new ImageProblem(StatusCodes.Status400BadRequest, name ?? "part", "Unknown part: send 'draft' (the check's JSON) and up to four 'images'.", "Unbekannter Teil: sende 'draft' (das JSON der Prüfung) und bis zu vier 'images'.");
                }
            }
        }
        catch (InvalidDataException)
        {
            // MultipartReader's own limits and broken framing.
            throw new ImageProblem(StatusCodes.Status400BadRequest, "body", "The multipart body is malformed.", "Der multipart-Körper ist fehlerhaft.");
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(ImagesName, limits);
        }

        return (draft ?? throw new ImageProblem(StatusCodes.Status400BadRequest, DraftName, "The part 'draft' with the check's JSON is missing.", "Der Teil 'draft' mit dem JSON der Prüfung fehlt."), images);
    }

    /// <summary>One file in a part "image", for the clean copy.</summary>
    public static async Task<UploadedImage> ReadOneAsync(HttpRequest request, AttachmentOptions limits, CancellationToken ct)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } cap)
        {
            cap.MaxRequestBodySize = limits.MaxImageBytes + (64 * 1024);
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            throw new ImageProblem(StatusCodes.Status400BadRequest, "Content-Type", "Send the image as multipart/form-data in a part 'image'.", "Sende das Bild als multipart/form-data im Teil 'image'.");
        }

        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024, HeadersCountLimit = 16 };
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    && HeaderUtilities.RemoveQuotes(disposition.Name).Value == "image")
                {
                    var bytes = await ReadCapped(section.Body, limits.MaxImageBytes, () => TooLarge("image", limits), ct);
                    var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                    return bytes.Length == 0
                        ? throw new ImageProblem(StatusCodes.Status400BadRequest, "image", "The file is empty.", "Die Datei ist leer.")
                        : new UploadedImage(CleanName(fileName, 0), bytes);
                }
            }
        }
        catch (InvalidDataException)
        {
            throw new ImageProblem(StatusCodes.Status400BadRequest, "body", "The multipart body is malformed.", "Der multipart-Körper ist fehlerhaft.");
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge("image", limits);
        }

        throw new ImageProblem(StatusCodes.Status400BadRequest, "image", "The part 'image' with the file is missing.", "Der Teil 'image' mit der Datei fehlt.");
    }

    private static CheckRequestDto ParseDraft(byte[] json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, CheckJsonContext.Default.CheckRequestDto)
                ?? throw new JsonException("null");
        }
        catch (JsonException)
        {
            throw new ImageProblem(StatusCodes.Status400BadRequest, DraftName, "The part 'draft' is not a JSON object of a check (as POST /api/v1/checks takes it).", "Der Teil 'draft' ist kein JSON-Objekt einer Prüfung (wie POST /api/v1/checks es annimmt).");
        }
    }

    private static async Task<byte[]> ReadCapped(Stream body, long max, Func<ImageProblem> tooLarge, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max)
            {
                throw tooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>The file's own name, without a client's path and control characters; a name is made up if none came.</summary>
    private static string CleanName(string? name, int index)
    {
        var n = Path.GetFileName((name ?? string.Empty).Replace('\\', '/'));
        n = new string(n.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (n.Length == 0)
        {
            return $"image-{index + 1}";
        }

        return n.Length > 255 ? n[..255] : n;
    }

    public static ImageProblem TooLarge(string field, AttachmentOptions limits)
    {
        var mb = limits.MaxImageBytes / (1024.0 * 1024);
        return new(
            StatusCodes.Status413PayloadTooLarge,
            field,
            $"Too large: at most {mb:0.#} MB per image and {limits.MaxImages} images per check.",
            $"Zu groß: höchstens {mb:0.#} MB je Bild und {limits.MaxImages} Bilder je Prüfung.");
    }
}
