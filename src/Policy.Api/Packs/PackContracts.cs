using System.Text.Json.Nodes;
using Policy.Core.Model;
using Policy.Core.Decision;
using Policy.Core.Evaluation;
using Policy.Core.Packs;

namespace Policy.Api.Packs;

/// <summary>What an upload or a dry run found: the pack's size and the outcome of its examples.</summary>
/// <param name="Sha256">SHA-256 of the uploaded content, as stored.</param>
/// <param name="CompiledSha256">SHA-256 that checks report: the content's, combined with its base's for a company pack.</param>
public sealed record PackReport(
    string PackId,
    string Version,
    string Sha256,
    string CompiledSha256,
    string? Extends,
    IReadOnlyList<string> Chain,
    int Rules,
    int Sections,
    ExamplesReport Examples,
    bool Stored);

public sealed record ExamplesReport(int Passed, int Failed, IReadOnlyList<ExampleResultDto> Results);

public sealed record ExampleResultDto(
    int Line,
    string? Text,
    string Expected,
    string Actual,
    IReadOnlyList<string> MissingRules,
    IReadOnlyList<string> UnexpectedRules,
    bool Passed)
{
    public static ExampleResultDto From(ExampleResult r) =>
        new(r.Line, r.Text, r.Expected.ToWire(), r.Actual.ToWire(), r.MissingRules, r.UnexpectedRules, r.Passed);
}

/// <summary>One problem of a pack that failed to load, where HR has to look.</summary>
public sealed record PackErrorDto(string File, int Line, int Column, string? RuleId, string Message)
{
    public static PackErrorDto From(PackError e) => new(e.File, e.Line, e.Column, e.RuleId, e.Message);
}

/// <param name="CheckingPack">Id of the pack that checks drafts now (chosen by activating a version of it).</param>
/// <param name="CheckingVersion">Its active version: what checks report as <c>pack.version</c>.</param>
/// <param name="CheckingSha256">The compiled SHA-256 checks report (with its base's for a company pack).</param>
public sealed record PackListDto(IReadOnlyList<PackSummaryDto> Packs, string CheckingPack, string CheckingVersion, string CheckingSha256);

/// <param name="Active">The pack's active version; only the checking pack's (and its bases') decide drafts.</param>
/// <param name="Role">"checking" for the pack that checks drafts, "base" for a pack it extends, null for a pack that checks nothing now.</param>
public sealed record PackSummaryDto(string Id, string? Active, string? ActivatedAt, string? ActivatedBy, string? Role, IReadOnlyList<PackVersionDto> Versions);

public sealed record PackVersionDto(
    string PackId,
    string Version,
    string Sha256,
    string FileName,
    string? Extends,
    string UploadedAt,
    string UploadedBy,
    bool Material,
    bool Active)
{
    public static PackVersionDto From(PackVersionRow r, string? active) =>
        new(r.PackId, r.Version, r.Sha256, r.FileName, r.Extends, r.UploadedAt, r.UploadedBy, r.IsMaterial, r.Version == active);
}

public sealed record PackVersionDetailDto(PackVersionDto Version, string Content);

/// <summary>The caller's belief about the active version, for the compare-and-set of activate and rollback.</summary>
/// <param name="ExpectedActive">The version the caller believes is active; "" if none is.</param>
/// <param name="ExpectedChecking">Optional: the pack the caller believes checks drafts, "id" or "id@version".</param>
public sealed record ActivateRequest(string? ExpectedActive, string? ExpectedChecking = null);

/// <param name="Changed">False if nothing switched (the version was active and the pack already checked drafts); nothing recorded then.</param>
/// <param name="Checking">The pack that checks drafts after the switch, and its version.</param>
public sealed record ActivationDto(string PackId, string Version, string? Previous, bool Changed, string Action, CheckingState? Checking);

public sealed record ActivationHistoryDto(long Seq, string Version, string? Previous, string Action, string At, string Actor);

public sealed record MaterialRequest(bool? Material);

public sealed record MaterialDto(string PackId, string Version, bool Material);

public sealed record PackDiffDto(string PackId, string From, string To, DiffPart Rules, DiffPart Sections, DiffPart Overrides, DiffPart Lists);
