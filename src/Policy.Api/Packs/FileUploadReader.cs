using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Policy.Api.Packs;

/// <summary>Why an uploaded file was not read; each endpoint words the answer for its own kind of file.</summary>
internal enum UploadRefusal
{
    None,
    TooLarge,
    UnsupportedType,
    NoBoundary,
    NoFile,
}

/// <summary>What reading an uploaded file came to: the file, or why there is none.</summary>
/// <param name="ContentType">The media type the file came as; with <see cref="UploadRefusal.UnsupportedType"/> the
/// type to name in the answer (the whole header when it does not parse).</param>
/// <param name="FromForm">Sent as a file of a multipart/form-data form: a problem is then the file's, not the body's.</param>
/// <param name="FileName">The name the form gave the file; null for a raw body.</param>
internal sealed record FileUpload(UploadRefusal Refusal, string? ContentType, bool FromForm = false, byte[]? Bytes = null, string? FileName = null);

/// <summary>
/// A text file HR uploads (a pack, a corpus to simulate): the request body in one of the endpoint's
/// raw types, or the first file of a multipart/form-data form, so that both curl --data-binary and a
/// browser's file field work. The body is capped while it arrives, so a huge upload is cut off instead
/// of being buffered whole.
/// </summary>
internal static class FileUploadReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <param name="formField">The form field that holds the file besides "file" (or any part with a file name).</param>
    public static async Task<FileUpload> ReadAsync(HttpRequest request, long maxBytes, IReadOnlyList<string> rawTypes, string formField, CancellationToken ct)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        if (request.ContentLength > maxBytes)
        {
            return new(UploadRefusal.TooLarge, request.ContentType);
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || type.MediaType.Value is not { } mediaType)
        {
            return new(UploadRefusal.UnsupportedType, request.ContentType);
        }

        var multipart = mediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);
        if (!multipart && !rawTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
        {
            return new(UploadRefusal.UnsupportedType, mediaType);
        }

        using var body = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
        {
            if (body.Length + read > maxBytes)
            {
                return new(UploadRefusal.TooLarge, mediaType);
            }

            body.Write(buffer, 0, read);
        }

        if (!multipart)
        {
            return new(UploadRefusal.None, mediaType, Bytes: body.ToArray());
        }

        body.Position = 0;
        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            return new(UploadRefusal.NoBoundary, mediaType, FromForm: true);
        }

        return await FirstFileAsync(new MultipartReader(boundary, body), formField, ct) is { } file
            ? new(UploadRefusal.None, mediaType, FromForm: true, file.Bytes, file.Name)
            : new(UploadRefusal.NoFile, mediaType, FromForm: true);
    }

    /// <summary>The bytes as strict UTF-8 without a leading byte order mark; false when they are not UTF-8
    /// (a guess at another encoding would change what HR wrote).</summary>
    public static bool TryDecodeText(byte[] bytes, out string text)
    {
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            text = string.Empty;
            return false;
        }

        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        return true;
    }

    private static async Task<(string? Name, byte[] Bytes)?> FirstFileAsync(MultipartReader reader, string formField, CancellationToken ct)
    {
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    && (disposition.IsFileDisposition() || disposition.Name.Value == "file" || disposition.Name.Value == formField))
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
}
