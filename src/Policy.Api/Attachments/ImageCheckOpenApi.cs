using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Policy.Api.Attachments;

/// <summary>
/// The OpenAPI document has one operation per path and method, so the multipart check is described
/// as a second body type of the JSON check's operation (CheckDraft) rather than as an operation of
/// its own, which would replace the JSON one in the document.
/// </summary>
internal sealed class ImageCheckOpenApi : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.OperationId == "CleanCopy")
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [AttachmentEndpoints.Multipart] = new OpenApiMediaType
                    {
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Required = new HashSet<string> { "image" },
                            Properties = new Dictionary<string, IOpenApiSchema>
                            {
                                ["image"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "One JPEG, PNG or WebP file." },
                            },
                        },
                    },
                },
            };
            return Task.CompletedTask;
        }

        if (operation.OperationId != "CheckDraft" || operation.RequestBody?.Content is not { } content)
        {
            return Task.CompletedTask;
        }

        content[AttachmentEndpoints.Multipart] = new OpenApiMediaType
        {
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Required = new HashSet<string> { ImageUpload.DraftName },
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    [ImageUpload.DraftName] = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        Description = "The check's JSON, as the application/json body takes it; attachments[i] describes images[i] (licence, alt text).",
                    },
                    [ImageUpload.ImagesName] = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Array,
                        MaxItems = 4,
                        Items = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                        Description = "Up to four JPEG, PNG, WebP or HEIC files (Policy:Attachments limits). Their GPS position, rights fields and text are read; the answer then carries 'attachments', and findings in an image carry 'attachment' and 'box'.",
                    },
                },
            },
        };
        operation.Description = (operation.Description is null ? string.Empty : operation.Description + "\n\n")
            + "Send multipart/form-data instead of JSON to have images inspected themselves (413 for a file over the size limit, 415 for a file that is no image, 400 for a damaged one or one with too many pixels).";
        return Task.CompletedTask;
    }
}
