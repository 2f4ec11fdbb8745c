using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Policy.Api.OpenApi;

/// <summary>
/// What the document says as a whole: title and description, the tags with what they group, the
/// API key scheme, and one server relative to wherever the document was fetched from. The default
/// would name the host of the request that asked for it, so the committed document and a client
/// generated from it would depend on who fetched it.
/// </summary>
internal sealed class DocumentDescription : IOpenApiDocumentTransformer
{
    public const string KeyScheme = "apiKey";

    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Policy API",
            Version = "1",
            Description = "Checks employees' draft social-media posts against the company's guideline (policy packs) and keeps the records HR and legal need: " +
                "spokespeople, acknowledgements, the account registry, reviews, overrides and the audit log. " +
                "Errors are RFC 9457 problem details (application/problem+json). See docs/integrators.md.",
        };
        document.Servers = [new OpenApiServer { Url = "/", Description = "The server that serves this document." }];

        document.Tags = new HashSet<OpenApiTag>(ApiOperations.Tags.Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }));

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[KeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "API key",
            Description = "An API key (pk_…) an admin created (POST /api/v1/keys), sent as 'Authorization: Bearer <key>'. Its roles decide what it may do.",
        };

        // The error answers of every operation point at these two.
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        foreach (var type in new[] { typeof(ProblemDetails), typeof(HttpValidationProblemDetails) })
        {
            if (!document.Components.Schemas.ContainsKey(type.Name))
            {
                document.AddComponent(type.Name, await context.GetOrCreateSchemaAsync(type, null, cancellationToken));
            }
        }

        // Webhooks are requests Policy sends: receivers need no key of ours, and a generated
        // receiver names its handler after the operation id.
        foreach (var (name, hook) in document.Webhooks ?? new Dictionary<string, IOpenApiPathItem>())
        {
            foreach (var operation in (hook.Operations ?? []).Values)
            {
                operation.OperationId ??= "On" + string.Concat(name.Split('.', '-', '_').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]));
                operation.Security = [];
            }
        }

        RequestSchemas.MakeOptionalFieldsOptional(document, context);
    }
}
