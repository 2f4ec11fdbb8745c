using System.Security.Claims;
using Policy.Api.Identity;
using Policy.Api.Spokespeople;
using Policy.Core.Checking;
using Policy.Core.Model;

namespace Policy.Api.Checks;

/// <summary>
/// What the engine must know besides the draft, from sources the caller cannot influence: the
/// author's spokesperson grants at this moment, who speaks on which topic, crisis mode, and
/// whether the account is one of the company's.
/// </summary>
public sealed class CheckContext(SpokespersonStore spokespeople, CorporateAccounts corporateAccounts)
{
    public Author AuthorOf(ClaimsPrincipal user, DateTimeOffset now) =>
        new(user.PersonId(), user.RoleList(), spokespeople.GrantsFor(user.PersonId(), now));

    public CheckRequest Complete(CheckRequest request, DateTimeOffset now) => request with
    {
        Account = corporateAccounts.IsCorporate(request.AccountHandle) ? AccountKind.Corporate : request.Account,
        CrisisMode = spokespeople.Crisis.Active,
        Spokespeople = spokespeople.SpeakersByTopic(now),
    };
}
