using Policy.Core.Checking;

namespace Policy.Core.Rules;

/// <summary>
/// kind: attachment. Looks at what is attached rather than at the text: location data in a photo,
/// media whose rights are unknown, images without a description.
/// </summary>
public sealed class AttachmentRule : Rule
{
    /// <summary>Fires on attachments that carry GPS coordinates.</summary>
    public bool Gps { get; init; }

    /// <summary>Fires on attachments whose licence is one of these.</summary>
    public IReadOnlyList<MediaLicense> Licenses { get; init; } = [];

    /// <summary>Fires on images without alternative text.</summary>
    public bool MissingAltText { get; init; }

    internal override void Evaluate(CheckScope scope)
    {
        foreach (var a in scope.Request.Attachments)
        {
            if ((Gps && a.Gps is not null)
                || Licenses.Contains(a.License)
                || (MissingAltText && a.MediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(a.AltText)))
            {
                // The text has no offending characters; the span is empty and the evidence names the file.
                scope.ReportOriginal(this, (0, 0), evidence: a.FileName);
            }
        }
    }
}
