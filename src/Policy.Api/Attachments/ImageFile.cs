using System.Buffers.Binary;
using System.IO.Compression;

namespace Policy.Api.Attachments;

/// <summary>The image formats a check accepts, recognized by their first bytes (never by the name or the declared type).</summary>
public enum ImageKind
{
    Jpeg,
    Png,
    WebP,
    Heif,
}

/// <summary>Why an image was refused: the status (400, 413, 415), the field and a message in both languages.</summary>
internal sealed class ImageProblem(int status, string field, string en, string de) : Exception(en)
{
    public int Status { get; } = status;

    public string Field { get; } = field;

    public string German { get; } = de;
}

internal static class ImageFile
{
    /// <summary>Most a compressed metadata chunk of a PNG may expand to (a PNG text bomb expands kilobytes into gigabytes).</summary>
    public const int MaxInflatedChunk = 1024 * 1024;

    public static string MediaType(this ImageKind kind) => kind switch
    {
        ImageKind.Jpeg => "image/jpeg",
        ImageKind.Png => "image/png",
        ImageKind.WebP => "image/webp",
        _ => "image/heic",
    };

    public static ImageKind? Sniff(ReadOnlySpan<byte> b)
    {
        if (b.Length >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
        {
            return ImageKind.Jpeg;
        }

        if (b.Length >= 8 && b[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return ImageKind.Png;
        }

        if (b.Length >= 12 && b[..4].SequenceEqual("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8))
        {
            return ImageKind.WebP;
        }

        if (b.Length >= 12 && b[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = b[8..12];
            if (brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) || brand.SequenceEqual("hevc"u8) || brand.SequenceEqual("hevx"u8)
                || brand.SequenceEqual("heim"u8) || brand.SequenceEqual("heis"u8) || brand.SequenceEqual("mif1"u8) || brand.SequenceEqual("msf1"u8))
            {
                return ImageKind.Heif;
            }
        }

        return null;
    }

    /// <summary>
    /// Walks a PNG's chunks before any library sees the file: every chunk must lie inside the file,
    /// and compressed metadata (zTXt, compressed iTXt, iCCP) is inflated here with a cap, since the
    /// metadata reader would inflate it without one.
    /// </summary>
    public static void CheckPngChunks(ReadOnlySpan<byte> png, string field)
    {
        var at = 8;
        var chunks = 0;
        while (at + 12 <= png.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(png[at..]);
            if (length > (uint)(png.Length - at - 12))
            {
                throw Damaged(field);
            }

            var type = png.Slice(at + 4, 4);
            var data = png.Slice(at + 8, (int)length);
            if (type.SequenceEqual("zTXt"u8) || type.SequenceEqual("iCCP"u8))
            {
                var nul = data.IndexOf((byte)0);
                InflateCapped(nul < 0 || nul + 2 > data.Length ? [] : data[(nul + 2)..], field);
            }
            else if (type.SequenceEqual("iTXt"u8))
            {
                var nul = data.IndexOf((byte)0);
                if (nul >= 0 && nul + 2 < data.Length && data[nul + 1] == 1)
                {
                    // keyword \0 flag method language \0 translated keyword \0 text
                    var rest = data[(nul + 3)..];
                    var lang = rest.IndexOf((byte)0);
                    var translated = lang < 0 ? -1 : rest[(lang + 1)..].IndexOf((byte)0);
                    InflateCapped(translated < 0 ? [] : rest[(lang + 1 + translated + 1)..], field);
                }
            }

            at += 12 + (int)length;
            if (type.SequenceEqual("IEND"u8))
            {
                return;
            }

            if (++chunks > 100_000)
            {
                throw Damaged(field);
            }
        }

        throw Damaged(field);
    }

    private static void InflateCapped(ReadOnlySpan<byte> compressed, string field)
    {
        using var input = new MemoryStream(compressed.ToArray());
        using var z = new ZLibStream(input, CompressionMode.Decompress);
        var buffer = new byte[16 * 1024];
        long total = 0;
        try
        {
            int n;
            while ((n = z.Read(buffer)) > 0)
            {
                total += n;
                if (total > MaxInflatedChunk)
                {
                    throw Bomb(field);
                }
            }
        }
        catch (InvalidDataException)
        {
            throw Damaged(field);
        }
    }

    public static ImageProblem Damaged(string field) => new(
        StatusCodes.Status400BadRequest,
        field,
        "The image is damaged or cut off (for example an interrupted download); it could not be read. Save or export it again and retry.",
        "Das Bild ist beschädigt oder abgeschnitten (etwa ein abgebrochener Download) und konnte nicht gelesen werden. Speichere oder exportiere es erneut und versuche es noch einmal.");

    public static ImageProblem Bomb(string field) => new(
        StatusCodes.Status400BadRequest,
        field,
        "The image expands to far more data than its size suggests (a decompression bomb); it was not read.",
        "Das Bild entpackt sich zu weit mehr Daten, als seine Größe vermuten lässt (eine Dekompressionsbombe); es wurde nicht gelesen.");
}
