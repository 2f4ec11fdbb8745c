using System.Globalization;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Iptc;
using MetadataExtractor.Formats.Png;
using MetadataExtractor.Formats.Xmp;
using MetadataExtractor;
using Policy.Core.Checking;
using Policy.Core.Model;

namespace Policy.Api.Attachments;

/// <summary>
/// What a file says about itself: where (with how precise a position), when, with which device, and
/// who holds the rights. Read with MetadataExtractor from bytes in memory; the coordinates stay in
/// memory for the rules and never reach a response or a log.
/// </summary>
internal sealed record ImageMetadata(
    GeoPoint? Position,
    double? PrecisionMeters,
    bool HasAltitude,
    DateTime? CapturedAt,
    string? Device,
    IReadOnlyList<string> RightsHolders,
    bool HasAny)
{
    public static ImageMetadata None { get; } = new(null, null, false, null, null, [], false);

    /// <summary>Metres per degree of latitude, near enough for "a building or a town".</summary>
    private const double MetersPerDegree = 111_320;

    // XMP properties that name a rights holder or creator (the arrays' first item is "[1]").
    private static readonly string[] XmpRights = ["dc:rights", "dc:creator", "photoshop:Credit", "photoshop:Source", "xmpRights:Owner", "plus:CopyrightOwner", "plus:ImageCreator"];

    public static ImageMetadata Read(byte[] bytes, string field)
    {
        IReadOnlyList<MetadataExtractor.Directory> directories;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            directories = ImageMetadataReader.ReadMetadata(stream);
        }
        catch (Exception ex) when (ex is ImageProcessingException or IOException or ArgumentException or IndexOutOfRangeException or InvalidOperationException)
        {
            throw ImageFile.Damaged(field);
        }

        GeoPoint? position = null;
        double? precision = null;
        var altitude = false;
        DateTime? captured = null;
        string? make = null, model = null;
        var holders = new List<string>();
        var any = false;
        foreach (var d in directories)
        {
            switch (d)
            {
                case GpsDirectory gps:
                    any = true;
                    if (gps.GetGeoLocation() is { IsZero: false } at)
                    {
                        position = new GeoPoint(at.Latitude, at.Longitude);
                        precision = Precision(gps);
                    }

                    altitude |= gps.ContainsTag(GpsDirectory.TagAltitude);
                    break;
                case ExifIfd0Directory ifd0:
                    any = true;
                    make = ifd0.GetString(ExifDirectoryBase.TagMake)?.Trim();
                    model = ifd0.GetString(ExifDirectoryBase.TagModel)?.Trim();
                    Add(holders, ifd0.GetString(ExifDirectoryBase.TagArtist));
                    Add(holders, ifd0.GetString(ExifDirectoryBase.TagCopyright));
                    break;
                case ExifSubIfdDirectory sub:
                    any = true;
                    if (sub.TryGetDateTime(ExifDirectoryBase.TagDateTimeOriginal, out var taken))
                    {
                        captured = taken;
                    }

                    break;
                case IptcDirectory iptc:
                    any = true;
                    Add(holders, iptc.GetString(IptcDirectory.TagCopyrightNotice));
                    Add(holders, iptc.GetString(IptcDirectory.TagCredit));
                    Add(holders, iptc.GetString(IptcDirectory.TagByLine));
                    break;
                case XmpDirectory xmp:
                    any = true;
                    foreach (var (path, value) in xmp.GetXmpProperties())
                    {
                        if (Array.Exists(XmpRights, p => path.StartsWith(p, StringComparison.Ordinal)))
                        {
                            Add(holders, value);
                        }
                    }

                    break;
                case PngDirectory png when png.GetObject(PngDirectory.TagTextualData) is IEnumerable<MetadataExtractor.KeyValuePair> texts:
                    foreach (var kv in texts)
                    {
                        any = true;
                        if (kv.Key is "Author" or "Copyright" or "Source")
                        {
                            Add(holders, kv.Value.ToString());
                        }
                    }

                    break;
                case ExifDirectoryBase:
                    any = true;
                    break;
            }
        }

        var device = string.Join(' ', new[] { make, model }.Where(s => !string.IsNullOrEmpty(s)).Distinct(StringComparer.OrdinalIgnoreCase));
        return new(position, precision, altitude, captured, device.Length == 0 ? null : device, holders.Distinct(StringComparer.OrdinalIgnoreCase).ToList(), any || position is not null);
    }

    /// <summary>
    /// How precisely the position places the camera: the finer of the resolution the coordinates are
    /// written with (48°8'13.2" is good to 3 m, 48.14° to 1 km) and, if the phone recorded one, its
    /// horizontal positioning error, whichever is larger.
    /// </summary>
    private static double Precision(GpsDirectory gps)
    {
        var resolution = Math.Max(Resolution(gps, GpsDirectory.TagLatitude), Resolution(gps, GpsDirectory.TagLongitude));
        var meters = resolution * MetersPerDegree;
        if (gps.TryGetDouble(GpsDirectory.TagHPositioningError, out var error) && error > meters)
        {
            meters = error;
        }

        return meters;
    }

    private static double Resolution(GpsDirectory gps, int tag)
    {
        if (gps.GetRationalArray(tag) is not { Length: > 0 } parts)
        {
            return 1;
        }

        var finest = 1.0;
        double[] units = [1, 1 / 60.0, 1 / 3600.0];
        for (var i = 0; i < parts.Length && i < units.Length; i++)
        {
            var denominator = Math.Max(1, Math.Abs(parts[i].Denominator));
            finest = Math.Min(finest, units[i] / denominator);
        }

        return finest;
    }

    private static void Add(List<string> holders, string? value)
    {
        var v = value?.Trim().Trim('\0').Trim();
        if (string.IsNullOrEmpty(v) || v.Equals("x-default", StringComparison.Ordinal))
        {
            return;
        }

        holders.Add(v.Length > 100 ? v[..100] : v);
    }

    /// <summary>Own when every named holder is the author or the company; foreign when one is not; missing when none is named.</summary>
    public EmbeddedRights RightsFor(string authorName, IReadOnlyList<string> ownHolders)
    {
        if (RightsHolders.Count == 0)
        {
            return EmbeddedRights.Missing;
        }

        foreach (var holder in RightsHolders)
        {
            if (!Names(holder, authorName) && !ownHolders.Any(o => Names(holder, o)))
            {
                return EmbeddedRights.Foreign;
            }
        }

        return EmbeddedRights.Own;
    }

    /// <summary>The first holder that is neither the author nor the company.</summary>
    public string? ForeignHolder(string authorName, IReadOnlyList<string> ownHolders) =>
        RightsHolders.FirstOrDefault(h => !Names(h, authorName) && !ownHolders.Any(o => Names(h, o)));

    /// <summary>"© 2024 Acme Maschinenbau GmbH. All rights reserved." names "Acme Maschinenbau GmbH".</summary>
    private static bool Names(string holder, string name) =>
        !string.IsNullOrWhiteSpace(name) && holder.Contains(name.Trim(), StringComparison.OrdinalIgnoreCase);

    public string? CapturedAtText => CapturedAt?.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
}
