using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Policy.Api.Accounts;
using Policy.Api.Identity;

namespace Policy.Api.Spokespeople;

/// <param name="Source">"registry": an account of the company linked to the person; "spokesperson": a channel of their authorization.</param>
public sealed record CorporateChannel(string Handle, string? Platform, string Source);

/// <summary>
/// The corporate accounts the signed-in person may post on: their company accounts in the registry
/// and the channels of their spokesperson authorizations valid now. The pre-check page offers these.
/// </summary>
public static class ChannelEndpoints
{
    public static RouteHandlerBuilder MapChannels(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/api/v1/me/corporate-accounts", List)
            .RequireAuthorization(Roles.Policies.SignedIn)
            .WithTags("Identity")
            .WithSummary("Corporate accounts the signed-in person may post on.");

    private static Ok<IReadOnlyList<CorporateChannel>> List(
        ClaimsPrincipal user, AccountStore accounts, CompanyDomainSource domains, SpokespersonStore spokespeople,
        IOptions<CorporateAccountOptions> configured, TimeProvider time)
    {
        var me = user.PersonId();
        var channels = new List<CorporateChannel>();
        var d = domains.Current;
        using (var connection = accounts.Open())
        {
            foreach (var (row, _, effective) in AccountStore.Stream(connection, new AccountFilter(accounts.Now(), Employee: me), d))
            {
                if (effective == "company" && row.Status != "closed")
                {
                    channels.Add(new CorporateChannel(row.Handle, row.Platform, "registry"));
                }
            }
        }

        foreach (var grant in spokespeople.GrantsFor(me, time.GetUtcNow()))
        {
            var handles = grant.Channels.Contains("*") ? configured.Value.Handles : grant.Channels.Where(c => c is not ("private" or "*"));
            channels.AddRange(handles.Select(h => new CorporateChannel(h, null, "spokesperson")));
        }

        return TypedResults.Ok<IReadOnlyList<CorporateChannel>>([.. channels.DistinctBy(c => c.Handle.TrimStart('@').ToLowerInvariant())]);
    }
}
