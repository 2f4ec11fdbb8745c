namespace Policy.Api.Checks;

/// <summary>
/// What was read from one sent image. Coordinates are never part of it: a position is described by
/// how precisely it places the picture.
/// </summary>
/// <param name="Index">The attachment's index in the check (the same index findings name).</param>
/// <param name="MediaType">The type the file's bytes show (image/jpeg, image/png, image/webp, image/heic), whatever the upload declared.</param>
/// <param name="Text">read, off (text recognition is switched off on this server) or unread (the format cannot be decoded here, or time ran out).</param>
/// <param name="Note">Why the text was not read, in the check's language; null when it was.</param>
/// <param name="Words">Words read from the image; null when its text was not read.</param>
/// <param name="CapturedAt">The capture time the file records (camera-local, no zone).</param>
/// <param name="Device">The camera or phone the file names.</param>
/// <param name="HasMetadata">The file carries metadata (EXIF, IPTC, XMP, text chunks) that a clean copy leaves out.</param>
/// <param name="CleanCopy">POST /api/v1/checks/clean-copy can re-encode this file without metadata.</param>
public sealed record AttachmentReportDto(
    int Index,
    string FileName,
    string MediaType,
    int? Width,
    int? Height,
    string Text,
    string? Note,
    int? Words,
    LocationReportDto? Location,
    string? CapturedAt,
    string? Device,
    RightsReportDto Rights,
    bool HasMetadata,
    bool CleanCopy);

/// <param name="PrecisionMeters">How precisely the position places the picture, in metres.</param>
/// <param name="Place">building, street, neighbourhood, town or region: what the position gives away.</param>
/// <param name="HasAltitude">The file also records the altitude (e.g. the floor of a building).</param>
public sealed record LocationReportDto(double PrecisionMeters, string Place, bool HasAltitude);

/// <param name="Status">missing (no rights holder named), own (the author or the company) or foreign.</param>
/// <param name="Holders">The rights holders and creators the file names.</param>
public sealed record RightsReportDto(string Status, IReadOnlyList<string> Holders);
