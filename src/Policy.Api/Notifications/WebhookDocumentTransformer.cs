using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Policy.Api.Notifications;

/// <summary>
/// Puts every event into the OpenAPI document's <c>webhooks</c> (OpenAPI 3.1): the request Policy
/// sends, its signature headers and the envelope with the event's data, so an integrator can
/// generate a receiver from the same document as the client.
/// </summary>
internal sealed class WebhookDocumentTransformer : IOpenApiDocumentTransformer
{
    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Webhooks ??= new Dictionary<string, IOpenApiPathItem>(StringComparer.Ordinal);
        foreach (var e in NotificationEvents.All)
        {
            var envelope = typeof(NotificationEnvelope<>).MakeGenericType(e.DataType);
            var schema = await context.GetOrCreateSchemaAsync(envelope, null, cancellationToken);
            var name = "Event_" + e.Name.Replace('.', '_').Replace('-', '_');
            document.AddComponent(name, schema);
            var operation = new OpenApiOperation
            {
                Summary = e.Name,
                Description = e.Description + " / " + e.DescriptionDe
                    + " Headers: Policy-Event, Policy-Event-Id, Policy-Delivery, Policy-Timestamp (Unix seconds), Policy-Signature (v1=hex HMAC-SHA256 of timestamp + '.' + body). "
                    + "The 'teams' and 'slack' formats send a card or text built from the same data instead; see docs/notifications.md.",
                Tags = new HashSet<OpenApiTagReference> { new("Notifications", document) },
                RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/json"] = new() { Schema = new OpenApiSchemaReference(name, document) },
                    },
                },
                Responses = new OpenApiResponses
                {
                    ["2XX"] = new OpenApiResponse { Description = "Received; any other answer (or none within the timeout) is retried with backoff." },
                },
            };
            document.Webhooks[e.Name] = new OpenApiPathItem
            {
                Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Post] = operation },
            };
        }
    }
}
