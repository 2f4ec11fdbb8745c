using Policy.Core.Checking;
using Policy.Core.Model;

namespace Policy.Core.Rules;

/// <summary>
/// One set of context requirements; every field that is set must hold. <c>Spokesperson</c> holds
/// when the author may speak for the company on every topic the draft touches, on this channel,
/// now; <c>CrisisTeam</c> when the author holds the crisis topic for this channel.
/// </summary>
public sealed record Condition(
    AccountKind? Account = null,
    bool? ReplyToComplaint = null,
    bool? HasAttachments = null,
    IReadOnlyList<string>? AuthorRoles = null,
    IReadOnlyList<string>? NotAuthorRoles = null,
    bool? Spokesperson = null,
    string? Language = null,
    bool? Crisis = null,
    bool? CrisisTeam = null)
{
    public bool Holds(CheckScope scope) => Holds(scope.Request, scope);

    private bool Holds(CheckRequest request, CheckScope scope) =>
        (Account is null || Account == request.Account)
        && (ReplyToComplaint is null || ReplyToComplaint == request.ReplyToComplaint)
        && (HasAttachments is null || HasAttachments == request.Attachments.Count > 0)
        && (AuthorRoles is null || HasAnyRole(request.Author, AuthorRoles))
        && (NotAuthorRoles is null || !HasAnyRole(request.Author, NotAuthorRoles))
        && (Crisis is null || Crisis == request.CrisisMode)
        && (CrisisTeam is null || CrisisTeam == request.Author.MaySpeakOn(Topics.Crisis, request.Account, request.AccountHandle))
        && (Spokesperson is null || Spokesperson == scope.AuthorMaySpeakOnTopics)
        && (Language is null || Language == scope.Language);

    private static bool HasAnyRole(Author author, IReadOnlyList<string> roles)
    {
        for (var i = 0; i < roles.Count; i++)
        {
            for (var j = 0; j < author.Roles.Count; j++)
            {
                if (string.Equals(roles[i], author.Roles[j], StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }
}

/// <summary>When a rule applies: if any of its conditions holds (no conditions: always).</summary>
public sealed record Conditions(IReadOnlyList<Condition> Any)
{
    public static Conditions Always { get; } = new([]);

    /// <summary>Whether asking <see cref="Hold"/> may guess the draft's language, which a clean
    /// draft's result then carries: such conditions are always asked. The engine asks it once per rule
    /// when the pack is compiled (<see cref="Packs.CompiledPack"/>), not per check.</summary>
    internal bool ReadLanguage() => ReadsLanguage(Any);

    private static bool ReadsLanguage(IReadOnlyList<Condition> any)
    {
        for (var i = 0; i < any.Count; i++)
        {
            if (any[i].Language is not null)
            {
                return true;
            }
        }

        return false;
    }

    public bool Hold(CheckScope scope)
    {
        if (Any.Count == 0)
        {
            return true;
        }

        for (var i = 0; i < Any.Count; i++)
        {
            if (Any[i].Holds(scope))
            {
                return true;
            }
        }

        return false;
    }
}
