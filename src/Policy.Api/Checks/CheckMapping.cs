using Policy.Core.Checking;
using Policy.Core.Decision;
using Policy.Core.Model;
using Policy.Core.Packs;

namespace Policy.Api.Checks;

/// <summary>Between the wire contract and the engine's types.</summary>
internal static class CheckMapping
{
    // Loops instead of LINQ: these run once or twice per checked draft.
    public static CheckRequest ToRequest(this CheckRequestDto dto, Author author) => new(
        dto.Text!,
        dto.Language ?? "auto",
        dto.Account?.Kind == "corporate" ? AccountKind.Corporate : AccountKind.Private,
        dto.Account?.Handle,
        dto.ReplyTo?.IsComplaint ?? false,
        Attachments(dto.Attachments),
        author);

    public static CheckResponse ToResponse(this CheckResult result, CompiledPack pack, Guid checkId)
    {
        var findings = result.Findings;
        var dtos = findings.Count == 0 ? [] : new FindingDto[findings.Count];
        for (var i = 0; i < dtos.Length; i++)
        {
            dtos[i] = findings[i].ToDto(result.Language);
        }

        return new(result.Decision.ToWire(), dtos, new PackRefDto(pack.Id, pack.Version, pack.Sha256), checkId, result.Language);
    }

    private static Attachment[] Attachments(IReadOnlyList<AttachmentDto>? dtos)
    {
        if (dtos is null || dtos.Count == 0)
        {
            return [];
        }

        var attachments = new Attachment[dtos.Count];
        for (var i = 0; i < attachments.Length; i++)
        {
            var a = dtos[i];
            attachments[i] = new Attachment(
                a.FileName!,
                a.MediaType!,
                a.AltText,
                a.License switch { "own" => MediaLicense.Own, "licensed" => MediaLicense.Licensed, _ => MediaLicense.Unknown },
                a.Gps is { } g ? new GeoPoint(g.Lat, g.Lon) : null);
        }

        return attachments;
    }

    private static FindingDto ToDto(this Finding f, string language) => new(
        f.RuleId,
        f.Category,
        f.Severity.ToWire(),
        new SectionRefDto(f.Section.Id, f.Section.Title.In(language)),
        new SpanDto(f.Start, f.Length),
        f.Evidence,
        f.Message,
        f.Suggestion,
        f.Insert)
    {
        Attachment = f.Attachment,
        Box = f.Box is { } b ? new BoxDto(b.X, b.Y, b.Width, b.Height) : null,
        Kind = f.Kind == FindingKind.Error ? FindingDto.ErrorKind : null,
    };
}
