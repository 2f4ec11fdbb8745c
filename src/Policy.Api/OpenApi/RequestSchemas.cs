using FluentValidation;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Policy.Api.OpenApi;

/// <summary>
/// Request bodies are C# records whose optional fields are nullable: the server reads an absent
/// field and a null one alike. The generator marks every constructor parameter required and every
/// nullable one <c>null</c>-able, so a generated client would have to send <c>"language": null</c>.
/// For schemas that only requests use, a field is required when the body's validator insists on
/// it (NotNull/NotEmpty without a condition) or it cannot be null; the others are optional and
/// simply absent rather than null. Schemas that answers use as well keep what the answers do.
/// </summary>
internal static class RequestSchemas
{
    public static void MakeOptionalFieldsOptional(OpenApiDocument document, OpenApiDocumentTransformerContext context)
    {
        if (document.Components?.Schemas is not { } schemas)
        {
            return;
        }

        var requestRoots = new List<IOpenApiSchema>();
        var answerRoots = new List<IOpenApiSchema>();
        foreach (var operation in (document.Paths ?? []).Values.SelectMany(p => p.Operations ?? []).Select(o => o.Value))
        {
            requestRoots.AddRange((operation.RequestBody?.Content ?? new Dictionary<string, OpenApiMediaType>()).Values.Select(m => m.Schema).OfType<IOpenApiSchema>());
            answerRoots.AddRange((operation.Responses ?? []).Values.SelectMany(r => (r.Content ?? new Dictionary<string, OpenApiMediaType>()).Values).Select(m => m.Schema).OfType<IOpenApiSchema>());
        }

        // Policy sends the webhooks: their payloads are answers too, as far as clients go.
        foreach (var operation in (document.Webhooks ?? new Dictionary<string, IOpenApiPathItem>()).Values.SelectMany(p => p.Operations ?? []).Select(o => o.Value))
        {
            answerRoots.AddRange((operation.RequestBody?.Content ?? new Dictionary<string, OpenApiMediaType>()).Values.Select(m => m.Schema).OfType<IOpenApiSchema>());
        }

        var answered = Referenced(answerRoots, schemas);
        var bodyTypes = context.DescriptionGroups.SelectMany(g => g.Items).SelectMany(d => d.ParameterDescriptions)
            .Where(p => p.Source == BindingSource.Body).Select(p => p.Type).Distinct()
            .ToDictionary(t => t.Name, StringComparer.Ordinal);

        foreach (var name in Referenced(requestRoots, schemas).Where(n => !answered.Contains(n)))
        {
            if (schemas[name] is not OpenApiSchema schema || schema.Properties is null)
            {
                continue;
            }

            var demanded = bodyTypes.TryGetValue(name, out var type) ? Demanded(type, context.ApplicationServices) : null;
            foreach (var (field, value) in schema.Properties.ToList())
            {
                if (!IsNullable(value))
                {
                    continue;
                }

                schema.Properties[field] = WithoutNull(value);
                if (demanded is null || !demanded.Contains(field))
                {
                    schema.Required?.Remove(field);
                }
            }
        }
    }

    /// <summary>The members the body's validator requires, or null without a validator.</summary>
    private static HashSet<string>? Demanded(Type type, IServiceProvider services)
    {
        if (services.GetService(typeof(IValidator<>).MakeGenericType(type)) is not IValidator validator)
        {
            return null;
        }

        var demanded = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var rule in validator.CreateDescriptor().Rules)
        {
            // RuleForEach(…).NotNull() speaks of the items, not of the list.
            var items = rule.GetType().Name.StartsWith("CollectionPropertyRule", StringComparison.Ordinal);
            if (!items && rule.PropertyName is { } property && rule.Components.Any(c =>
                    !c.HasCondition && !c.HasAsyncCondition && c.Validator.Name is "NotNullValidator" or "NotEmptyValidator"))
            {
                demanded.Add(property);
            }
        }

        return demanded;
    }

    private static bool IsNullable(IOpenApiSchema schema) =>
        schema.Type?.HasFlag(JsonSchemaType.Null) == true
        || schema.OneOf?.Any(s => s.Type == JsonSchemaType.Null) == true;

    private static IOpenApiSchema WithoutNull(IOpenApiSchema schema)
    {
        if (schema.OneOf is { } oneOf && oneOf.Count(s => s.Type != JsonSchemaType.Null) == 1)
        {
            return oneOf.Single(s => s.Type != JsonSchemaType.Null);
        }

        if (schema is OpenApiSchema plain)
        {
            plain.Type &= ~JsonSchemaType.Null;
            plain.Enum = plain.Enum?.Where(v => !JsonNullSentinel.IsJsonNullSentinel(v)).ToList();
        }

        return schema;
    }

    /// <summary>The names of the component schemas these reach, through references at any depth.</summary>
    private static HashSet<string> Referenced(IEnumerable<IOpenApiSchema> roots, IDictionary<string, IOpenApiSchema> schemas)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<IOpenApiSchema>(roots);
        while (pending.TryPop(out var schema))
        {
            if (schema is OpenApiSchemaReference reference)
            {
                if (reference.Reference.Id is { } id && found.Add(id) && schemas.TryGetValue(id, out var target))
                {
                    pending.Push(target);
                }

                continue;
            }

            foreach (var child in Children(schema))
            {
                pending.Push(child);
            }
        }

        return found;
    }

    private static IEnumerable<IOpenApiSchema> Children(IOpenApiSchema schema) =>
        (schema.Properties?.Values ?? [])
            .Concat(schema.AllOf ?? []).Concat(schema.OneOf ?? []).Concat(schema.AnyOf ?? [])
            .Concat(new[] { schema.Items, schema.AdditionalProperties }.OfType<IOpenApiSchema>());
}
