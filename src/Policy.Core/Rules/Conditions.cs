using Policy.Core.Checking;

namespace Policy.Core.Rules;

/// <summary>
/// One set of context requirements; every field that is set must hold.
/// </summary>
public sealed record Condition(
    AccountKind? Account = null,
    bool? ReplyToComplaint = null,
    bool? HasAttachments = null,
    IReadOnlyList<string>? AuthorRoles = null,
    IReadOnlyList<string>? NotAuthorRoles = null,
    bool? Spokesperson = null,
    string? Language = null)
{
    public bool Holds(CheckRequest request, string language) =>
        (Account is null || Account == request.Account)
        && (ReplyToComplaint is null || ReplyToComplaint == request.ReplyToComplaint)
        && (HasAttachments is null || HasAttachments == request.Attachments.Count > 0)
        && (AuthorRoles is null || AuthorRoles.Any(r => request.Author.Roles.Contains(r, StringComparer.Ordinal)))
        && (NotAuthorRoles is null || !NotAuthorRoles.Any(r => request.Author.Roles.Contains(r, StringComparer.Ordinal)))
        && (Spokesperson is null || Spokesperson == request.Author.IsSpokesperson)
        && (Language is null || Language == language);
}

/// <summary>When a rule applies: if any of its conditions holds (no conditions: always).</summary>
public sealed record Conditions(IReadOnlyList<Condition> Any)
{
    public static Conditions Always { get; } = new([]);

    public bool Hold(CheckRequest request, string language) => Any.Count == 0 || Any.Any(c => c.Holds(request, language));
}
