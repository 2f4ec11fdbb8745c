using Policy.Core.Checking;
using Policy.Core.Decision;
using Policy.Core.Packs;

namespace Policy.Api.Checks;

/// <summary>Between the wire contract and the engine's types.</summary>
internal static class CheckMapping
{
    public static CheckRequest ToRequest(this CheckRequestDto dto, Author author) => new(
        dto.Text!,
        dto.Language ?? "auto",
        dto.Account?.Kind == "corporate" ? AccountKind.Corporate : AccountKind.Private,
        dto.Account?.Handle,
        dto.ReplyTo?.IsComplaint ?? false,
        [.. (dto.Attachments ?? []).Select(a => new Attachment(
            a.FileName!,
            a.MediaType!,
            a.AltText,
            a.License switch { "own" => MediaLicense.Own, "licensed" => MediaLicense.Licensed, _ => MediaLicense.Unknown },
            a.Gps is { } g ? new GeoPoint(g.Lat, g.Lon) : null))],
        author);

    public static CheckResponse ToResponse(this CheckResult result, CompiledPack pack, Guid checkId) => new(
        result.Decision.ToWire(),
        [.. result.Findings.Select(f => f.ToDto(result.Language))],
        new PackRefDto(pack.Id, pack.Version, pack.Sha256),
        checkId,
        result.Language);

    private static FindingDto ToDto(this Finding f, string language) => new(
        f.RuleId,
        f.Category,
        f.Severity.ToWire(),
        new SectionRefDto(f.Section.Id, f.Section.Title.In(language)),
        new SpanDto(f.Start, f.Length),
        f.Evidence,
        f.Message,
        f.Suggestion,
        f.Insert);
}
