using System.Globalization;
using Policy.Core.Checking;
using Policy.Core.Model;

namespace Policy.Core.Rules;

/// <summary>
/// kind: attachment. Looks at what is attached rather than at the text: location data in a photo,
/// media whose rights are unknown or belong to someone else, images without a description, images
/// full of text, images whose text could not be read.
/// </summary>
public sealed class AttachmentRule : Rule
{
    internal static readonly RuleKind Definition = new("attachment", ["gps", "licenses", "altTextMissing", "rights", "recognizedWords", "unread"], ["gps: true"], Compile);

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
            Rights = r.Has("rights")
                ? [.. r.Texts("rights", 2).Select(v => v switch
                {
                    "foreign" => EmbeddedRights.Foreign,
                    "missing" => EmbeddedRights.Missing,
                    _ => throw r.Error("rights", $"rights may be foreign or missing, not '{v}'"),
                })]
                : [],
            RecognizedWords = r.Int("recognizedWords", 1, 100_000, 0),
            Unread = r.Bool("unread", false),
        };
        return rule.Gps || rule.Licenses.Count > 0 || rule.MissingAltText || rule.Rights.Count > 0 || rule.RecognizedWords > 0 || rule.Unread
            ? rule
            : throw r.Error(null, "an attachment rule needs gps, licenses, altTextMissing, rights, recognizedWords or unread");
    }

    /// <summary>Fires on attachments that carry GPS coordinates.</summary>
    public bool Gps { get; init; }

    /// <summary>Fires on attachments whose licence is one of these.</summary>
    public IReadOnlyList<MediaLicense> Licenses { get; init; } = [];

    /// <summary>Fires on images without alternative text.</summary>
    public bool MissingAltText { get; init; }

    /// <summary>Fires on sent files whose embedded rights fields say one of these. A file naming
    /// someone else does not fire when the author attests a licence: that is what a licence is for.</summary>
    public IReadOnlyList<EmbeddedRights> Rights { get; init; } = [];

    /// <summary>Fires on images in which at least this many words were read (a slide, a document, a chat); 0: off.</summary>
    public int RecognizedWords { get; init; }

    /// <summary>Fires on sent images whose text should have been read but was not.</summary>
    public bool Unread { get; init; }

    internal override bool FindsNothingIn(CheckScope scope) => scope.Request.Attachments.Count == 0;

    internal override void Evaluate(CheckScope scope)
    {
        var attachments = scope.Request.Attachments;
        for (var i = 0; i < attachments.Count; i++)
        {
            var a = attachments[i];
            if (Evidence(a, scope.Language) is { } evidence)
            {
                // The text has no offending characters; the span is empty and the evidence names the file.
                ReportOriginal(scope, (0, 0), evidence: evidence, attachment: i);
            }
        }
    }

    private string? Evidence(Attachment a, string language)
    {
        var de = language == "de";
        if (Gps && a.Gps is not null)
        {
            // The place's precision, never the coordinates: the evidence reaches responses and logs.
            return a.File?.GpsPrecisionMeters is { } m
                ? $"{a.FileName}: {(de ? "Standort" : "location")} {Precision(m, de)}"
                : a.FileName;
        }

        if (Licenses.Contains(a.License)
            || (MissingAltText && a.MediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(a.AltText)))
        {
            return a.FileName;
        }

        if (a.File is not { } file)
        {
            return null;
        }

        if (Rights.Contains(file.Rights) && !(file.Rights == EmbeddedRights.Foreign && a.License == MediaLicense.Licensed))
        {
            return file.Rights == EmbeddedRights.Foreign && file.RightsHolder is { } holder
                ? $"{a.FileName}: © {holder}"
                : a.FileName;
        }

        if (RecognizedWords > 0 && file.Text == ImageTextStatus.Read && file.RecognizedWords >= RecognizedWords)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{a.FileName}: {file.RecognizedWords} {(de ? "Wörter" : "words")}");
        }

        return Unread && file.Text == ImageTextStatus.Unread ? a.FileName : null;
    }

    /// <summary>What a position of this precision gives away: building, street, neighbourhood, town or region.</summary>
    public static string Place(double meters) => meters switch
    {
        <= 30 => "building",
        <= 300 => "street",
        <= 3_000 => "neighbourhood",
        <= 30_000 => "town",
        _ => "region",
    };

    /// <summary>"precise to about 5 m (a building)": what a reader of the post could find with the position.</summary>
    internal static string Precision(double meters, bool de)
    {
        var place = Place(meters);
        var placeDe = place switch
        {
            "building" => "ein Gebäude",
            "street" => "eine Straße",
            "neighbourhood" => "ein Stadtviertel",
            "town" => "eine Stadt",
            _ => "eine Region",
        };
        var rounded = meters switch
        {
            < 1 => 1,
            < 100 => Math.Round(meters),
            < 10_000 => Math.Round(meters / 10) * 10,
            _ => Math.Round(meters / 1_000) * 1_000,
        };
        var amount = rounded >= 1_000
            ? string.Create(CultureInfo.InvariantCulture, $"{rounded / 1_000:0.#} km")
            : string.Create(CultureInfo.InvariantCulture, $"{rounded:0} m");
        if (de)
        {
            amount = amount.Replace('.', ',');
        }

        return de ? $"auf etwa {amount} genau ({placeDe})" : $"precise to about {amount} (a {place})";
    }
}
