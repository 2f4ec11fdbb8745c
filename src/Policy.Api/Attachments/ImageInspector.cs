using Microsoft.Extensions.Options;
using Policy.Core.Attachments;
using Policy.Core.Checking;
using Policy.Core.Decision;
using Policy.Core.Model;
using SkiaSharp;

namespace Policy.Api.Attachments;

/// <summary>Why the text of an image was not read.</summary>
public enum UnreadReason
{
    None,
    Off,
    Format,
    Time,
    Failed,
}

/// <summary>One sent image after inspection: its format, size, metadata and the text read from it.</summary>
internal sealed record InspectedImage(
    UploadedImage Upload,
    ImageKind Kind,
    int? Width,
    int? Height,
    ImageMetadata Metadata,
    UnreadReason Unread,
    RecognizedText? Text)
{
    public ImageTextStatus TextStatus => Unread switch
    {
        UnreadReason.None => ImageTextStatus.Read,
        UnreadReason.Off => ImageTextStatus.Off,
        _ => ImageTextStatus.Unread,
    };

    public bool CanCopy => Kind != ImageKind.Heif;
}

/// <summary>Thrown when too many requests are decoding images; the caller answers 503.</summary>
internal sealed class ImagesBusyException() : Exception("Too many requests are reading images.");

/// <summary>
/// Inspects the images of one request, within the configured limits: first every file's format,
/// structure, metadata and declared size (so a bad fourth file is refused before the first is
/// read), then each is decoded and its text read, one at a time, within the request's time limit.
/// A limited number of requests do this at once; images are held in memory only as long as the
/// request runs.
/// </summary>
public sealed class ImageInspector(IOptions<AttachmentOptions> options, TesseractReader reader, TimeProvider time)
{
    private readonly AttachmentOptions _options = options.Value;
    private readonly SemaphoreSlim _gate = new(options.Value.MaxConcurrent, options.Value.MaxConcurrent);

    internal async Task<IReadOnlyList<InspectedImage>> InspectAsync(IReadOnlyList<UploadedImage> images, CancellationToken ct)
    {
        if (images.Count == 0)
        {
            return [];
        }

        if (!await _gate.WaitAsync(_options.QueueWait, ct))
        {
            throw new ImagesBusyException();
        }

        try
        {
            using var limit = new CancellationTokenSource(_options.TimeLimit, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, limit.Token);

            var probed = new List<(ImageKind Kind, int? Width, int? Height, ImageMetadata Metadata)>(images.Count);
            for (var i = 0; i < images.Count; i++)
            {
                probed.Add(Probe(images[i].Bytes, $"{ImageUpload.ImagesName}[{i}]"));
            }

            var inspected = new List<InspectedImage>(images.Count);
            for (var i = 0; i < images.Count; i++)
            {
                var (kind, width, height, metadata) = probed[i];
                var (unread, text) = kind == ImageKind.Heif
                    ? (UnreadReason.Format, null)
                    : await ReadAsync(images[i].Bytes, $"{ImageUpload.ImagesName}[{i}]", linked.Token, ct);
                inspected.Add(new InspectedImage(images[i], kind, width, height, metadata, unread, text));
            }

            return inspected;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Format, structure, metadata and declared size; nothing is decoded yet.</summary>
    private (ImageKind, int?, int?, ImageMetadata) Probe(byte[] bytes, string field)
    {
        var kind = ImageFile.Sniff(bytes) ?? throw new ImageProblem(
            StatusCodes.Status415UnsupportedMediaType,
            field,
            "Not an image this check reads: send JPEG, PNG, WebP or HEIC.",
            "Kein Bild, das diese Prüfung liest: sende JPEG, PNG, WebP oder HEIC.");
        if (kind == ImageKind.Png)
        {
            ImageFile.CheckPngChunks(bytes, field);
        }

        if (kind == ImageKind.Heif)
        {
            return (kind, null, null, ImageMetadata.Read(bytes, field));
        }

        using (var data = SKData.CreateCopy(bytes))
        using (var codec = SKCodec.Create(data))
        {
            if (codec is null)
            {
                throw ImageFile.Damaged(field);
            }

            var info = codec.Info;
            ImageDecoder.CheckSize(info.Width, info.Height, _options, field);
            var metadata = ImageMetadata.Read(bytes, field);
            var turned = codec.EncodedOrigin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
            return (kind, turned ? info.Height : info.Width, turned ? info.Width : info.Height, metadata);
        }
    }

    /// <summary>Decodes (which refuses a cut-off file) and reads the text, unless it is off or time is up.</summary>
    private async Task<(UnreadReason, RecognizedText?)> ReadAsync(byte[] bytes, string field, CancellationToken limit, CancellationToken caller)
    {
        if (limit.IsCancellationRequested)
        {
            caller.ThrowIfCancellationRequested();
            return (UnreadReason.Time, null);
        }

        byte[] pgm;
        double scale;
        using (var upright = ImageDecoder.Decode(bytes, _options, field))
        {
            if (!_options.ReadText)
            {
                return (UnreadReason.Off, null);
            }

            (pgm, scale) = ImageDecoder.ForReading(upright, _options.ReadPixels);
        }

        try
        {
            var words = await reader.ReadAsync(pgm, limit);
            if (words is null)
            {
                return (UnreadReason.Failed, null);
            }

            // Boxes in the pixels of the image as shown, not of the scaled-down copy that was read.
            return (UnreadReason.None, new RecognizedText(scale == 1.0 ? words : words.Select(w => w with { Box = Unscale(w.Box, scale) })));
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            return (UnreadReason.Time, null);
        }
    }

    private static ImageBox Unscale(ImageBox b, double scale) =>
        new((int)(b.X / scale), (int)(b.Y / scale), (int)Math.Ceiling(b.Width / scale), (int)Math.Ceiling(b.Height / scale));

    /// <summary>The image without metadata, for POST /api/v1/checks/clean-copy.</summary>
    internal async Task<(byte[] Bytes, string MediaType)> CleanCopyAsync(byte[] bytes, CancellationToken ct)
    {
        const string field = "image";
        if (!await _gate.WaitAsync(_options.QueueWait, ct))
        {
            throw new ImagesBusyException();
        }

        try
        {
            var (kind, _, _, _) = Probe(bytes, field);
            if (kind == ImageKind.Heif)
            {
                throw new ImageProblem(
                    StatusCodes.Status415UnsupportedMediaType,
                    field,
                    "HEIC cannot be re-encoded on this server; export the photo as JPEG and retry.",
                    "HEIC kann dieser Server nicht neu kodieren; exportiere das Foto als JPEG und versuche es erneut.");
            }

            using var upright = ImageDecoder.Decode(bytes, _options, field);
            return ImageDecoder.CleanCopy(upright, kind);
        }
        finally
        {
            _gate.Release();
        }
    }
}
