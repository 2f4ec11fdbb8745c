using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SkiaSharp;

namespace Policy.Api.Tests.Attachments;

/// <summary>
/// Images made in the test: text drawn with SkiaSharp (DejaVu Sans, which .ci/run installs), JPEGs
/// with an EXIF segment written byte by byte (SkiaSharp writes none), and hostile files.
/// </summary>
internal static class TestImages
{
    public const string FontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    /// <summary>Black text on white, one line each, from the top left; returns the PNG and each line's baseline band (top, bottom).</summary>
    public static (byte[] Png, List<(int Top, int Bottom)> Lines) TextPng(IReadOnlyList<string> lines, int width = 1080, int height = 1920, float size = 32)
    {
        using var typeface = SKTypeface.FromFile(FontPath) ?? throw new InvalidOperationException($"The font {FontPath} is missing (apt-get install fonts-dejavu-core).");
        using var font = new SKFont(typeface, size);
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        var bands = new List<(int, int)>();
        var y = 80f;
        foreach (var line in lines)
        {
            canvas.DrawText(line, 40, y, SKTextAlign.Left, font, paint);
            bands.Add(((int)(y - size), (int)(y + (size * 0.3f))));
            y += size * 1.8f;
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return (data.ToArray(), bands);
    }

    /// <summary>A photo-like JPEG: a sky, a lawn and a house, no text.</summary>
    public static byte[] Photo(int width = 1600, int height = 1200)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        using var sky = new SKPaint { Color = new SKColor(135, 190, 235) };
        using var lawn = new SKPaint { Color = new SKColor(70, 140, 60) };
        using var wall = new SKPaint { Color = new SKColor(200, 120, 90) };
        canvas.DrawRect(0, 0, width, height * 0.6f, sky);
        canvas.DrawRect(0, height * 0.6f, width, height * 0.4f, lawn);
        canvas.DrawRect(width * 0.35f, height * 0.35f, width * 0.3f, height * 0.3f, wall);
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 85);
        return data.ToArray();
    }

    /// <summary>Degrees, minutes and seconds as EXIF rationals (seconds in tenths).</summary>
    public static (uint, uint)[] Dms(double degrees)
    {
        degrees = Math.Abs(degrees);
        var d = (uint)degrees;
        var m = (uint)((degrees - d) * 60);
        var s = (uint)Math.Round((((degrees - d) * 60) - m) * 60 * 10);
        return [(d, 1), (m, 1), (s, 10)];
    }

    /// <summary>The JPEG with an EXIF APP1 segment inserted after SOI: camera, time, rights and, if given, GPS.</summary>
    public static byte[] WithExif(byte[] jpeg, double? lat = null, double? lon = null, string? copyright = null, string? artist = null, ushort orientation = 1)
    {
        var ifd0 = new List<Entry>
        {
            Ascii(0x010F, "Fairphone"),
            Ascii(0x0110, "FP5"),
            Short(0x0112, orientation),
        };
        if (artist is not null)
        {
            ifd0.Add(Ascii(0x013B, artist));
        }

        if (copyright is not null)
        {
            ifd0.Add(Ascii(0x8298, copyright));
        }

        var sub = new List<Entry> { Ascii(0x9003, "2024:05:17 18:42:07") };
        List<Entry>? gps = null;
        if (lat is { } la && lon is { } lo)
        {
            gps =
            [
                new Entry(0x0000, 1, 4, [2, 3, 0, 0]),
                Ascii(0x0001, la >= 0 ? "N" : "S"),
                Rationals(0x0002, Dms(la)),
                Ascii(0x0003, lo >= 0 ? "E" : "W"),
                Rationals(0x0004, Dms(lo)),
                new Entry(0x0005, 1, 1, [0, 0, 0, 0]),
                Rationals(0x0006, [(5194, 10)]),
            ];
        }

        var tiff = Tiff(ifd0, sub, gps);
        var app1 = new byte[4 + 6 + tiff.Length];
        app1[0] = 0xFF;
        app1[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(app1.AsSpan(2), (ushort)(2 + 6 + tiff.Length));
        "Exif\0\0"u8.CopyTo(app1.AsSpan(4));
        tiff.CopyTo(app1, 10);
        return [.. jpeg.AsSpan(0, 2), .. app1, .. jpeg.AsSpan(2)];
    }

    private sealed record Entry(ushort Tag, ushort Type, uint Count, byte[] Value);

    private static Entry Ascii(ushort tag, string value)
    {
        var bytes = Encoding.ASCII.GetBytes(value + "\0");
        return new Entry(tag, 2, (uint)bytes.Length, bytes);
    }

    private static Entry Short(ushort tag, ushort value)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt16BigEndian(b, value);
        return new Entry(tag, 3, 1, b);
    }

    private static Entry Long(ushort tag, uint value)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        return new Entry(tag, 4, 1, b);
    }

    private static Entry Rationals(ushort tag, (uint Num, uint Den)[] values)
    {
        var b = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(i * 8), values[i].Num);
            BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan((i * 8) + 4), values[i].Den);
        }

        return new Entry(tag, 5, (uint)values.Length, b);
    }

    /// <summary>A big-endian TIFF: IFD0 (pointing to the Exif and GPS IFDs), then those IFDs, each followed by its long values.</summary>
    private static byte[] Tiff(List<Entry> ifd0, List<Entry> sub, List<Entry>? gps)
    {
        static int Size(List<Entry> ifd) => 2 + (ifd.Count * 12) + 4 + ifd.Sum(e => e.Value.Length > 4 ? e.Value.Length + (e.Value.Length % 2) : 0);

        // Pointer entries first, with placeholder offsets, so IFD0's size is known.
        ifd0.Add(Long(0x8769, 0));
        if (gps is not null)
        {
            ifd0.Add(Long(0x8825, 0));
        }

        var ifd0At = 8;
        var subAt = ifd0At + Size(ifd0);
        var gpsAt = subAt + Size(sub);
        ifd0[ifd0.FindIndex(e => e.Tag == 0x8769)] = Long(0x8769, (uint)subAt);
        if (gps is not null)
        {
            ifd0[ifd0.FindIndex(e => e.Tag == 0x8825)] = Long(0x8825, (uint)gpsAt);
        }

        var tiff = new MemoryStream();
        tiff.Write("MM\0*"u8);
        tiff.Write([0, 0, 0, 8]);
        Write(tiff, ifd0, ifd0At);
        Write(tiff, sub, subAt);
        if (gps is not null)
        {
            Write(tiff, gps, gpsAt);
        }

        return tiff.ToArray();
    }

    private static void Write(MemoryStream tiff, List<Entry> ifd, int at)
    {
        ifd.Sort((a, b) => a.Tag.CompareTo(b.Tag));
        var b = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)ifd.Count);
        tiff.Write(b);
        var valuesAt = at + 2 + (ifd.Count * 12) + 4;
        var values = new MemoryStream();
        foreach (var e in ifd)
        {
            var entry = new byte[12];
            BinaryPrimitives.WriteUInt16BigEndian(entry, e.Tag);
            BinaryPrimitives.WriteUInt16BigEndian(entry.AsSpan(2), e.Type);
            BinaryPrimitives.WriteUInt32BigEndian(entry.AsSpan(4), e.Count);
            if (e.Value.Length <= 4)
            {
                e.Value.CopyTo(entry, 8);
            }
            else
            {
                BinaryPrimitives.WriteUInt32BigEndian(entry.AsSpan(8), (uint)(valuesAt + values.Length));
                values.Write(e.Value);
                if (e.Value.Length % 2 == 1)
                {
                    values.WriteByte(0);
                }
            }

            tiff.Write(entry);
        }

        tiff.Write([0, 0, 0, 0]);
        values.WriteTo(tiff);
    }

    /// <summary>A PNG that declares <paramref name="side"/>² grey pixels, all zero: kilobytes on disk, side² bytes decoded.</summary>
    public static byte[] PixelBomb(int side)
    {
        var idat = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var row = new byte[side + 1];
            for (var y = 0; y < side; y++)
            {
                z.Write(row);
            }
        }

        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)side);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), (uint)side);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 0; // greyscale
        return Png(("IHDR", ihdr), ("IDAT", idat.ToArray()), ("IEND", []));
    }

    /// <summary>A small valid PNG with a zTXt chunk that inflates to <paramref name="inflated"/> bytes.</summary>
    public static byte[] TextChunkBomb(int inflated)
    {
        var png = TextPng(["Hallo"], 200, 100).Png;
        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[64 * 1024];
            for (var n = 0; n < inflated; n += zeros.Length)
            {
                z.Write(zeros, 0, Math.Min(zeros.Length, inflated - n));
            }
        }

        byte[] ztxt = [.. "Comment"u8, 0, 0, .. compressed.ToArray()];
        return InsertChunk(png, "zTXt", ztxt);
    }

    /// <summary>The PNG with a tEXt chunk naming an author, inserted after IHDR.</summary>
    public static byte[] WithPngText(byte[] png, string key, string value) =>
        InsertChunk(png, "tEXt", [.. Encoding.Latin1.GetBytes(key), 0, .. Encoding.Latin1.GetBytes(value)]);

    private static byte[] InsertChunk(byte[] png, string type, byte[] data)
    {
        var afterIhdr = 8 + 12 + 13;
        return [.. png.AsSpan(0, afterIhdr), .. Chunk(type, data), .. png.AsSpan(afterIhdr)];
    }

    private static byte[] Png(params (string Type, byte[] Data)[] chunks)
    {
        var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        foreach (var (type, data) in chunks)
        {
            png.Write(Chunk(type, data));
        }

        return png.ToArray();
    }

    private static byte[] Chunk(string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
