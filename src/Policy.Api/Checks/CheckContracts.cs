using System.Text.Json.Serialization;
using Policy.Api.Validation;

namespace Policy.Api.Checks;

/// <summary>A draft to check, and where it would be posted.</summary>
/// <param name="Text">The draft, 1 to 10,000 UTF-16 code units (JavaScript's string length: most emoji count as two), as spans are counted.</param>
/// <param name="Language">de, en or auto (default): the language of messages and suggestions.</param>
public sealed record CheckRequestDto(
    string? Text,
    string? Language,
    AccountDto? Account,
    ReplyToDto? ReplyTo,
    AttachmentList? Attachments);

/// <param name="Kind">corporate or private (default private).</param>
/// <param name="Handle">The account's handle, e.g. @acme_de.</param>
public sealed record AccountDto(string? Kind, string? Handle);

/// <param name="IsComplaint">The draft answers a complaint: tone rules apply.</param>
public sealed record ReplyToDto(bool IsComplaint);

/// <param name="License">own, licensed or unknown.</param>
public sealed record AttachmentDto(string? FileName, string? MediaType, string? AltText, string? License, GpsDto? Gps);

public sealed record GpsDto(double Lat, double Lon);

public sealed record BatchRequestDto(BatchItems? Items);

/// <summary>The drafts of a batch, at most 1,000: reading stops at the draft past the limit.</summary>
public sealed class BatchItems : BoundedList<CheckRequestDto>
{
    public const int MaxItems = 1_000;

    protected override int Limit => MaxItems;

    protected override string Noun => "drafts";
}

/// <summary>A draft's attachments: reading stops at the attachment past the limit.</summary>
public sealed class AttachmentList : BoundedList<AttachmentDto>
{
    public const int MaxAttachments = 10;

    protected override int Limit => MaxAttachments;

    protected override string Noun => "attachments";
}

/// <summary>The answer: may this be posted, and if not, why and how to fix it.</summary>
/// <param name="Decision">allow, info, warn, review or block: the highest severity among the findings.</param>
/// <param name="Overridable">The author may proceed with a justification (POST /api/v1/overrides): always for warn, for review only where the pack allows it for every review finding, never for block.</param>
/// <param name="Approval">This author's identical text was approved in a review (matched by its keyed fingerprint, never by stored text); null otherwise and for blocked drafts.</param>
public sealed record CheckResponse(string Decision, IReadOnlyList<FindingDto> Findings, PackRefDto Pack, Guid CheckId, string Language, bool Overridable = false, ApprovalDto? Approval = null)
{
    /// <summary>What was read from each sent image (multipart checks only; absent from JSON checks).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<AttachmentReportDto>? Attachments { get; init; }
}

/// <param name="Reference">The approval reference, e.g. APR-7K2M9Q4X1B3D.</param>
public sealed record ApprovalDto(string Reference, string ReviewId, DateTimeOffset ApprovedAt, DateTimeOffset ValidUntil);

public sealed record PackRefDto(string Id, string Version, string Sha256);

/// <param name="Evidence">What triggered, masked where it is a secret or personal datum.</param>
/// <param name="Insert">Text the client may insert to fix the finding (e.g. a disclaimer).</param>
public sealed record FindingDto(
    string RuleId,
    string Category,
    string Severity,
    SectionRefDto Section,
    SpanDto Span,
    string Evidence,
    string Message,
    string Suggestion,
    string? Insert)
{
    /// <summary>The attachment (index into the request's attachments) the finding is about; absent for findings in the text.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Attachment { get; init; }

    /// <summary>For a finding in text read from an image: where in the image (its span is then empty).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public BoxDto? Box { get; init; }

    /// <summary>"error" when the rule failed while evaluating (no span, no evidence, at least review);
    /// absent for an ordinary finding, a hit, so the contract of hits is unchanged.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Kind { get; init; }

    /// <summary>The <see cref="Kind"/> of a rule that failed.</summary>
    public const string ErrorKind = "error";
}

/// <summary>A rectangle in image pixels, as the image is shown (EXIF orientation applied).</summary>
public sealed record BoxDto(int X, int Y, int Width, int Height);

public sealed record SectionRefDto(string Id, string Title);

/// <summary>Offsets in UTF-16 code units into the submitted text.</summary>
public sealed record SpanDto(int Start, int Length);

public sealed record BatchResponse(IReadOnlyList<CheckResponse> Items);
