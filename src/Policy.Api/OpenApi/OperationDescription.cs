using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Policy.Api.Identity;

namespace Policy.Api.OpenApi;

/// <summary>
/// Each operation's id (the handler's name unless the endpoint names it), its summary and
/// description (<see cref="ApiOperations"/>), who may call it, and the error answers it really
/// gives: 401 and 429 wherever a key is needed (429 after too many wrong keys from one address,
/// and for checks over the per-person limit), 403 where the endpoint admits only some roles, and
/// the statuses its handler answers (404, 409, 413, 422), all as problem+json.
/// </summary>
internal sealed class OperationDescription(IAuthorizationPolicyProvider policies, IOptions<SignInOptions> signIn) : IOpenApiOperationTransformer
{
    public const string ProblemJson = "application/problem+json";

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var key = Key(context.Description);
        var entry = ApiOperations.Find(key);
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            if (parameter.Name is { } name && ApiOperations.Parameter(key, name) is { } text)
            {
                parameter.Description ??= text.Description;
                if (text.Values is { } values && parameter.Schema is OpenApiSchema schema)
                {
                    schema.Enum = [.. values.Select(v => (System.Text.Json.Nodes.JsonNode)System.Text.Json.Nodes.JsonValue.Create(v))];
                }
            }
        }

        if (entry is not null)
        {
            operation.OperationId = entry.OperationId;
            // The endpoints' own WithSummary texts are sentences: they are the description here.
            operation.Description = entry.Description ?? operation.Summary;
            operation.Summary = entry.Summary;
        }

        operation.Responses ??= [];
        CheckExamples.Describe(operation);
        var document = context.Document!;
        if (entry?.Answers is { } answers)
        {
            foreach (var (status, media) in answers)
            {
                var response = operation.Responses.TryGetValue(status, out var r) && r is OpenApiResponse existing ? existing : new OpenApiResponse();
                response.Description = media.Description;
                response.Content = new Dictionary<string, OpenApiMediaType>
                {
                    [media.MediaType] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = media.Description } },
                };
                operation.Responses[status] = response;
            }
        }

        if (operation.RequestBody is not null)
        {
            Problem(operation, document, "400", "The body is malformed or a field is wrong; 'errors' names each field.", validation: true);
        }

        var secured = !metadata.OfType<IAllowAnonymous>().Any() && metadata.OfType<IAuthorizeData>().Any();
        if (secured)
        {
            operation.Security = [Requirement(document, DocumentDescription.KeyScheme)];
            if (signIn.Value.Enabled)
            {
                operation.Security.Add(Requirement(document, SignInOpenApi.SchemeName));
            }

            Problem(operation, document, "401", "No key or token, or a wrong, revoked or expired one.");
            var policy = await AuthorizationPolicy.CombineAsync(policies, metadata.OfType<IAuthorizeData>(), metadata.OfType<AuthorizationPolicy>());
            if (policy?.Requirements.OfType<RolesAuthorizationRequirement>().FirstOrDefault() is { } roles)
            {
                Problem(operation, document, "403", $"The caller's roles do not allow this (allowed: {string.Join(", ", roles.AllowedRoles)}).");
            }

            var checks = metadata.OfType<EnableRateLimitingAttribute>().Any();
            var tooMany = Problem(operation, document, "429", checks
                ? "More checks than the per-person limit allows in this period, or too many wrong keys from this address; Retry-After says when to try again."
                : "Too many requests with a wrong key from this address; Retry-After says when to try again.");
            tooMany.Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["Retry-After"] = new OpenApiHeader { Description = "Seconds to wait.", Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" } },
            };
        }
        else
        {
            operation.Security = [];
        }

        foreach (var (status, text) in entry?.Errors ?? new Dictionary<int, string>())
        {
            Problem(operation, document, status.ToString(System.Globalization.CultureInfo.InvariantCulture), text);
        }
    }

    /// <summary>"METHOD /path" as the document's paths spell it: no trailing slash, no route constraints.</summary>
    internal static string Key(Microsoft.AspNetCore.Mvc.ApiExplorer.ApiDescription description)
    {
        var path = System.Text.RegularExpressions.Regex.Replace(description.RelativePath ?? string.Empty, @"\{([^}:?]+)[^}]*\}", "{$1}").TrimEnd('/');
        return description.HttpMethod + " /" + path;
    }

    private static OpenApiSecurityRequirement Requirement(OpenApiDocument document, string scheme) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };

    /// <summary>The status as problem+json with this description (an existing answer keeps its schema).</summary>
    private static OpenApiResponse Problem(OpenApiOperation operation, OpenApiDocument document, string status, string description, bool validation = false)
    {
        if (operation.Responses!.TryGetValue(status, out var r) && r is OpenApiResponse existing)
        {
            existing.Description = description;
            existing.Content ??= new Dictionary<string, OpenApiMediaType>();
            if (!existing.Content.ContainsKey(ProblemJson))
            {
                existing.Content.Clear();
                existing.Content[ProblemJson] = new() { Schema = new OpenApiSchemaReference(validation ? "HttpValidationProblemDetails" : "ProblemDetails", document) };
            }

            return existing;
        }

        var response = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ProblemJson] = new() { Schema = new OpenApiSchemaReference(validation ? "HttpValidationProblemDetails" : "ProblemDetails", document) },
            },
        };
        operation.Responses[status] = response;
        return response;
    }
}
