using Policy.Core.Checking;

namespace Policy.Core.Rules;

/// <summary>
/// kind: attachment. Looks at what is attached rather than at the text: location data in a photo,
/// media whose rights are unknown, images without a description.
/// </summary>
public sealed class AttachmentRule : Rule
{
    internal static readonly RuleKind Definition = new("attachment", ["gps", "licenses", "altTextMissing"], ["gps: true"], Compile);

    private static AttachmentRule Compile(RuleHeader header, IRuleReader r)
    {
        var rule = new AttachmentRule
        {
            Header = header,
            Gps = r.Bool("gps", false),
            Licenses = r.Has("licenses")
                ? [.. r.Texts("licenses", 3).Select(l => l switch
                {
                    "own" => MediaLicense.Own,
                    "licensed" => MediaLicense.Licensed,
                    "unknown" => MediaLicense.Unknown,
                    _ => throw r.Error("licenses", $"licenses may be own, licensed or unknown, not '{l}'"),
                })]
                : [],
            MissingAltText = r.Bool("altTextMissing", false),
        };
        return rule.Gps || rule.Licenses.Count > 0 || rule.MissingAltText
            ? rule
            : throw r.Error(null, "an attachment rule needs gps, licenses or altTextMissing");
    }

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
