using Microsoft.Extensions.Options;

namespace Policy.Api.Attachments;

/// <summary>Limits and switches for images sent with a check; section "Policy:Attachments".</summary>
public sealed class AttachmentOptions
{
    public const string Section = "Policy:Attachments";

    /// <summary>Images per check (the product limit is 4; at most 10).</summary>
    public int MaxImages { get; set; } = 4;

    /// <summary>Bytes per image, checked while the upload arrives (413 beyond).</summary>
    public long MaxImageBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Pixels per image, read from the header before anything is decoded (400 beyond): a
    /// decoded image takes 4 bytes a pixel, so 50 megapixels is 200 MB, and a decompression bomb
    /// (a few kilobytes declaring 100 megapixels or more) never reaches the decoder.</summary>
    public long MaxPixels { get; set; } = 50_000_000;

    /// <summary>Longest side in pixels (400 beyond): a 1 × 50,000,000 strip is no photo.</summary>
    public int MaxSide { get; set; } = 20_000;

    /// <summary>Read the text in images (Tesseract). Off: images are still inspected for location
    /// and rights, and the answer says their text was not read.</summary>
    public bool ReadText { get; set; } = true;

    /// <summary>The Tesseract command-line program (Debian: tesseract-ocr, tesseract-ocr-deu, tesseract-ocr-eng).</summary>
    public string TesseractPath { get; set; } = "tesseract";

    /// <summary>Tesseract's languages, as its -l option takes them.</summary>
    public string Languages { get; set; } = "deu+eng";

    /// <summary>Wall-clock time for decoding and reading all images of one request. Text not read by
    /// then is reported as unread (the draft goes to review); the reader is killed.</summary>
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Larger images are scaled down to this many pixels for reading text: text a reader of
    /// the post can see survives it, and reading time grows with the pixels.</summary>
    public long ReadPixels { get; set; } = 8_000_000;

    /// <summary>Requests decoding images at once; others wait up to <see cref="QueueWait"/>, then get 503.</summary>
    public int MaxConcurrent { get; set; } = 2;

    public TimeSpan QueueWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Rights holders that count as the company's own (e.g. "Acme Maschinenbau GmbH"); the author's
    /// display name always counts as own.</summary>
    public List<string> OwnRightsHolders { get; set; } = [];

    /// <summary>The multipart request's cap: every image at its limit plus the draft and framing.</summary>
    internal long MaxRequestBytes => (MaxImages * MaxImageBytes) + DraftPart.MaxBytes + (64 * 1024);
}

internal sealed class AttachmentOptionsValidator : IValidateOptions<AttachmentOptions>
{
    public ValidateOptionsResult Validate(string? name, AttachmentOptions o)
    {
        var s = AttachmentOptions.Section;
        var errors = new List<string>();
        if (o.MaxImages is < 1 or > 10)
        {
            errors.Add($"{s}:MaxImages must be 1 to 10 (it is {o.MaxImages}).");
        }

        if (o.MaxImageBytes is < 1024 or > 200L * 1024 * 1024)
        {
            errors.Add($"{s}:MaxImageBytes must be 1 KB to 200 MB (it is {o.MaxImageBytes}).");
        }

        if (o.MaxPixels is < 1 or > 250_000_000)
        {
            errors.Add($"{s}:MaxPixels must be 1 to 250,000,000 (it is {o.MaxPixels}).");
        }

        if (o.MaxSide is < 1 or > 65_535)
        {
            errors.Add($"{s}:MaxSide must be 1 to 65,535 (it is {o.MaxSide}).");
        }

        if (o.ReadPixels < 100_000 || o.ReadPixels > o.MaxPixels)
        {
            errors.Add($"{s}:ReadPixels must be at least 100,000 and at most MaxPixels (it is {o.ReadPixels}).");
        }

        if (o.TimeLimit <= TimeSpan.Zero || o.TimeLimit > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{s}:TimeLimit must be more than 0 and at most 5 minutes (it is {o.TimeLimit}).");
        }

        if (o.QueueWait < TimeSpan.Zero || o.QueueWait > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{s}:QueueWait must be 0 to 1 minute (it is {o.QueueWait}).");
        }

        if (o.MaxConcurrent is < 1 or > 64)
        {
            errors.Add($"{s}:MaxConcurrent must be 1 to 64 (it is {o.MaxConcurrent}).");
        }

        if (o.ReadText && (string.IsNullOrWhiteSpace(o.TesseractPath) || string.IsNullOrWhiteSpace(o.Languages)))
        {
            errors.Add($"{s}:TesseractPath and {s}:Languages must be set while ReadText is on.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
