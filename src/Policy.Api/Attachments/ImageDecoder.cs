using SkiaSharp;

namespace Policy.Api.Attachments;

/// <summary>
/// Decodes images with SkiaSharp inside the configured limits: the size is read from the header
/// first, so a file declaring more pixels than allowed is refused before a byte of it is decoded;
/// a file that decodes only in part (cut off, damaged) is refused rather than read half.
/// </summary>
internal static class ImageDecoder
{
    /// <summary>The decoded image, upright (EXIF orientation applied), in sRGB.</summary>
    public static SKBitmap Decode(byte[] bytes, AttachmentOptions limits, string field)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data) ?? throw ImageFile.Damaged(field);
        var info = codec.Info;
        CheckSize(info.Width, info.Height, limits, field);

        var target = new SKImageInfo(info.Width, info.Height, SKColorType.Rgba8888, SKAlphaType.Premul, SKColorSpace.CreateSrgb());
        using var raw = new SKBitmap();
        if (!raw.TryAllocPixels(target))
        {
            throw TooManyPixels(field, info.Width, info.Height, limits);
        }

        var result = codec.GetPixels(target, raw.GetPixels());
        if (result != SKCodecResult.Success)
        {
            throw ImageFile.Damaged(field);
        }

        return Upright(raw, codec.EncodedOrigin, 1.0);
    }

    public static void CheckSize(int width, int height, AttachmentOptions limits, string field)
    {
        if (width <= 0 || height <= 0)
        {
            throw ImageFile.Damaged(field);
        }

        if ((long)width * height > limits.MaxPixels || width > limits.MaxSide || height > limits.MaxSide)
        {
            throw TooManyPixels(field, width, height, limits);
        }
    }

    private static ImageProblem TooManyPixels(string field, int width, int height, AttachmentOptions limits)
    {
        var mp = limits.MaxPixels / 1_000_000.0;
        return new(
            StatusCodes.Status400BadRequest,
            field,
            $"The image declares {width} × {height} pixels; at most {mp:0.#} megapixels and {limits.MaxSide} pixels a side are read. Scale it down and retry.",
            $"Das Bild gibt {width} × {height} Pixel an; gelesen werden höchstens {mp:0.#} Megapixel und {limits.MaxSide} Pixel je Seite. Verkleinere es und versuche es erneut.");
    }

    /// <summary>
    /// A grey copy for text recognition, scaled down to at most <paramref name="maxPixels"/>, on white
    /// (a transparent screenshot's black text would otherwise vanish into black), as binary PGM: the
    /// reader takes it from a pipe, so the image never touches the disk.
    /// </summary>
    public static (byte[] Pgm, double Scale) ForReading(SKBitmap upright, long maxPixels)
    {
        var pixels = (long)upright.Width * upright.Height;
        var scale = pixels <= maxPixels ? 1.0 : Math.Sqrt((double)maxPixels / pixels);
        var width = Math.Max(1, (int)(upright.Width * scale));
        var height = Math.Max(1, (int)(upright.Height * scale));
        using var grey = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(grey))
        {
            canvas.Clear(SKColors.White);
            using var image = SKImage.FromBitmap(upright);
            canvas.DrawImage(image, new SKRect(0, 0, width, height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        }

        var header = System.Text.Encoding.ASCII.GetBytes($"P5\n{width} {height}\n255\n");
        var pgm = new byte[header.Length + (width * height)];
        header.CopyTo(pgm, 0);
        var rowBytes = grey.RowBytes;
        var source = grey.GetPixelSpan();
        for (var y = 0; y < height; y++)
        {
            source.Slice(y * rowBytes, width).CopyTo(pgm.AsSpan(header.Length + (y * width), width));
        }

        return (pgm, (double)width / upright.Width);
    }

    /// <summary>
    /// The image re-encoded in its own format from decoded pixels: EXIF (GPS, device, time), IPTC,
    /// XMP and text chunks are not carried over, since the encoder writes pixels only.
    /// </summary>
    public static (byte[] Bytes, string MediaType) CleanCopy(SKBitmap upright, ImageKind kind)
    {
        var (format, quality, mediaType) = kind switch
        {
            ImageKind.Png => (SKEncodedImageFormat.Png, 100, "image/png"),
            ImageKind.WebP => (SKEncodedImageFormat.Webp, 90, "image/webp"),
            _ => (SKEncodedImageFormat.Jpeg, 92, "image/jpeg"),
        };
        // The pixels are sRGB already; without a colour space the encoder embeds no ICC profile either
        // (whose description and copyright fields are metadata too).
        using var pixels = upright.PeekPixels();
        using var plain = pixels.WithColorSpace(null!);
        using var encoded = plain.Encode(format, quality) ?? throw new InvalidOperationException("SkiaSharp could not encode the copy.");
        return (encoded.ToArray(), mediaType);
    }

    /// <summary>The bitmap turned as its EXIF orientation says, so boxes and copies match what a viewer shows.</summary>
    private static SKBitmap Upright(SKBitmap raw, SKEncodedOrigin origin, double scale)
    {
        if (origin == SKEncodedOrigin.TopLeft)
        {
            var copy = new SKBitmap();
            raw.CopyTo(copy);
            return copy;
        }

        float w = raw.Width, h = raw.Height;
        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var width = (int)((swap ? h : w) * scale);
        var height = (int)((swap ? w : h) * scale);
        var matrix = origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
            SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
            _ => SKMatrix.Identity,
        };
        var turned = new SKBitmap(new SKImageInfo(width, height, raw.ColorType, raw.AlphaType, raw.ColorSpace));
        using var canvas = new SKCanvas(turned);
        canvas.Clear(SKColors.Transparent);
        canvas.Scale((float)scale);
        canvas.Concat(in matrix);
        using var image = SKImage.FromBitmap(raw);
        canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest, SKMipmapMode.None));
        return turned;
    }
}
