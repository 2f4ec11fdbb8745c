using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Policy.Api.Identity;

namespace Policy.Api.People;

/// <param name="KeysRevoked">How many active keys this offboarding revoked.</param>
public sealed record OffboardedPerson(string PersonId, string OffboardedAt, int KeysRevoked);

/// <summary>
/// The people registry for HR and admins: who is known (from keys, sign-ins and the roster), the
/// roster import, and offboarding a person (keys revoked, sessions and tokens refused).
/// </summary>
public static class PeopleEndpoints
{
    public static IServiceCollection AddPeople(this IServiceCollection services) => services.AddSingleton<PeopleStore>();

    public static RouteGroupBuilder MapPeople(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/people").WithTags("People").RequireAuthorization(Roles.Policies.HrOrAdmin);

        group.MapGet("/", ListPeople)
            .WithName("ListPeople")
            .WithSummary("Everybody the registry knows: from keys, sign-ins and HR's roster, with roles, last seen and offboarding.");

        // No Accepts("text/csv") metadata: routing would then answer a JSON body 415 before
        // authorization, telling an anonymous caller what the endpoint takes. The handler checks it.
        group.MapPost("/roster", ImportRoster)
            .WithName("ImportRoster")
            .WithSummary("HR's roster as CSV (personId, displayName, email): everybody in it must acknowledge the guideline, signed in or not. ?mode=replace takes people who are not in the file off the roster.");

        group.MapPost("/{id}/offboard", Offboard)
            .WithName("OffboardPerson")
            .WithSummary("Revokes the person's keys, ends their sessions, refuses their tokens from now on and takes them off the roster.");

        group.MapPost("/{id}/reinstate", Reinstate)
            .WithName("ReinstatePerson")
            .WithSummary("Takes back an offboarding: the person may sign in again (revoked keys stay revoked).");

        return group;
    }

    private static Ok<IReadOnlyList<PersonView>> ListPeople(PeopleStore people) => TypedResults.Ok(people.List());

    private static async Task<Results<Ok<RosterImport>, ValidationProblem, ProblemHttpResult>> ImportRoster(
        HttpRequest request, string? mode, PeopleStore people, ClaimsPrincipal user, CancellationToken ct)
    {
        if (mode is not (null or "" or "merge" or "replace"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["mode"] = ["mode must be merge (the default) or replace."] });
        }

        var type = request.ContentType ?? string.Empty;
        if (!type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) && !type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Send the roster as CSV.",
                detail: "Use 'Content-Type: text/csv' with the file as the body (a header line personId,displayName,email, then one person a line).");
        }

        if (request.ContentLength > RosterCsv.MaxBytes)
        {
            return TooLarge();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > RosterCsv.MaxBytes)
            {
                return TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["roster"] = ["The file is not UTF-8. Save it as 'CSV UTF-8' (Excel) and send it again."] },
                title: "The roster was not imported.");
        }

        var (roster, errors) = RosterCsv.Read(text);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["roster"] = [.. errors] },
                title: "The roster was not imported.",
                detail: "Nothing was changed. Fix the lines named in 'errors.roster' and send the whole file again.");
        }

        return TypedResults.Ok(people.ImportRoster(user.PersonId(), roster, mode == "replace"));
    }

    private static ProblemHttpResult TooLarge() => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "The roster is too large.",
        detail: $"A roster file may have at most {RosterCsv.MaxBytes / 1024 / 1024} MB and {RosterCsv.MaxRows} people; split it and import with mode=merge.");

    private static Results<Ok<OffboardedPerson>, ProblemHttpResult> Offboard(string id, PeopleStore people, ClaimsPrincipal user) =>
        people.Offboard(user.PersonId(), id) switch
        {
            (OffboardOutcome.Offboarded, var revoked, var at) => TypedResults.Ok(new OffboardedPerson(id, at!, revoked)),
            (OffboardOutcome.LastAdmin, _, _) => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "This person holds the last active admin key.",
                detail: "Create another admin key first; without one nobody could manage keys (an operator can still issue one with 'recover-admin-key' on the server)."),
            _ => UnknownPerson(id),
        };

    private static Results<NoContent, ProblemHttpResult> Reinstate(string id, PeopleStore people, ClaimsPrincipal user) =>
        people.Reinstate(user.PersonId(), id) ? TypedResults.NoContent() : UnknownPerson(id);

    private static ProblemHttpResult UnknownPerson(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such person.", detail: $"The registry has no person '{id}'.");
}
