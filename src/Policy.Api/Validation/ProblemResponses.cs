using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;

namespace Policy.Api.Validation;

/// <summary>
/// Every error answer is RFC 9457 problem+json with a detail a person can act on, in every
/// environment: binding failures are thrown to <see cref="BadRequestExceptionHandler"/> (by default
/// only in Development; elsewhere they would be an empty 400), and answers that carry only a status
/// (404 of an unknown path, 401, 403, 405) get a detail for that status.
/// </summary>
public static class ProblemResponses
{
    public static IServiceCollection AddPolicyProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Detail ??= problem is HttpValidationProblemDetails { Errors.Count: > 0 }
                ? "See 'errors': each field that is wrong, and why."
                : DefaultDetail(problem.Status ?? context.HttpContext.Response.StatusCode);
        });
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        return services;
    }

    internal static string DefaultDetail(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "The request is malformed.",
        StatusCodes.Status401Unauthorized => "Send a valid API key: 'Authorization: Bearer <key>'.",
        StatusCodes.Status403Forbidden => "Your key's roles do not allow this.",
        StatusCodes.Status404NotFound => "There is nothing at this address.",
        StatusCodes.Status405MethodNotAllowed => "This address does not accept this method; the Allow header lists the ones it does.",
        StatusCodes.Status406NotAcceptable => "This address answers in JSON only.",
        StatusCodes.Status413PayloadTooLarge => "The body is larger than this server accepts.",
        StatusCodes.Status415UnsupportedMediaType => "This endpoint reads a JSON body: send it with 'Content-Type: application/json'.",
        StatusCodes.Status500InternalServerError => "Something went wrong on the server; it was logged.",
        _ => "See the status code.",
    };
}
