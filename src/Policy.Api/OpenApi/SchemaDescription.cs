using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Policy.Api.Accounts;
using Policy.Api.Checks;
using Policy.Api.Decisions;
using Policy.Api.Identity;
using Policy.Api.Monitoring;
using Policy.Api.Notifications;
using Policy.Api.Overrides;
using Policy.Api.Reviews;
using Policy.Core.Accounts;

namespace Policy.Api.OpenApi;

/// <summary>
/// Types as the wire has them. Numbers are written as numbers: the web defaults would also read
/// "12" for 12, which made every integer <c>["integer","string"]</c> with a pattern, and generated
/// clients then typed counts as strings. Closed vocabularies (decision, severity, kind, …) become
/// enums, taken from the same lists the validators and stores use.
/// </summary>
internal sealed class SchemaDescription : IOpenApiSchemaTransformer
{
    private static readonly string[] Decisions = ["allow", "info", "warn", "review", "block"];
    private static readonly string[] ReviewStateNames =
        [ReviewStates.Pending, ReviewStates.Approved, ReviewStates.Rejected, ReviewStates.ChangesRequested, ReviewStates.Expired, ReviewStates.Withdrawn];

    /// <summary>Type → JSON property → its values.</summary>
    private static readonly Dictionary<Type, Dictionary<string, IReadOnlyList<string>>> Vocabularies = new()
    {
        [typeof(CheckRequestDto)] = new() { ["language"] = ["de", "en", "auto"] },
        [typeof(CheckResponse)] = new() { ["decision"] = Decisions, ["language"] = ["de", "en"] },
        [typeof(FindingDto)] = new() { ["severity"] = Decisions, ["kind"] = [FindingDto.ErrorKind] },
        [typeof(AccountDto)] = new() { ["kind"] = ["private", "corporate"] },
        [typeof(AttachmentDto)] = new() { ["license"] = ["own", "licensed", "unknown"] },
        [typeof(MyDecisionDto)] = new() { ["decision"] = Decisions },
        [typeof(DecisionFindingDto)] = new() { ["severity"] = Decisions },
        [typeof(ReviewDto)] = new() { ["decision"] = Decisions, ["state"] = ReviewStateNames },
        [typeof(ReviewFindingDto)] = new() { ["severity"] = Decisions },
        [typeof(OverrideRequestDto)] = new() { ["reason"] = OverrideEndpoints.Reasons },
        [typeof(OverrideDto)] = new() { ["decision"] = Decisions, ["reason"] = OverrideEndpoints.Reasons },
        [typeof(OverrideRecordDto)] = new() { ["decision"] = Decisions, ["reason"] = OverrideEndpoints.Reasons },
        [typeof(AccountRequest)] = new()
        {
            ["platform"] = AccountNames.Platforms, ["registeredTo"] = AccountNames.RegisteredTos, ["paidBy"] = AccountNames.Payers,
            ["purpose"] = AccountNames.Purposes, ["status"] = AccountNames.Statuses,
        },
        [typeof(AccountView)] = new()
        {
            ["platform"] = AccountNames.Platforms, ["registeredTo"] = AccountNames.RegisteredTos, ["paidBy"] = AccountNames.Payers,
            ["purpose"] = AccountNames.Purposes, ["status"] = AccountNames.Statuses,
        },
        [typeof(VerdictView)] = new() { ["computed"] = AccountNames.Verdicts, ["effective"] = AccountNames.Verdicts },
        [typeof(OverrideRequest)] = new() { ["verdict"] = AccountNames.Verdicts },
        [typeof(OverrideView)] = new() { ["verdict"] = AccountNames.Verdicts },
        [typeof(ExportFilters)] = new() { ["verdict"] = AccountNames.Verdicts, ["status"] = AccountNames.Statuses },
        [typeof(ExportManifest)] = new() { ["format"] = ["csv", "json"] },
        [typeof(OffboardingItem)] = new() { ["item"] = OffboardingItems.All, ["platform"] = AccountNames.Platforms, ["verdict"] = AccountNames.Verdicts },
        [typeof(OffboardingDoneRequest)] = new() { ["item"] = OffboardingItems.All },
        [typeof(CreateKeyRequest)] = new() { ["roles"] = Roles.All },
        [typeof(MeResponse)] = new() { ["roles"] = Roles.All },
        [typeof(ApiKeyInfo)] = new() { ["roles"] = Roles.All },
        [typeof(SubscriptionRequest)] = new() { ["kind"] = [SubscriptionStore.Webhook, SubscriptionStore.Email], ["format"] = [.. SubscriptionStore.WebhookFormats, "email"] },
        [typeof(Subscription)] = new() { ["kind"] = [SubscriptionStore.Webhook, SubscriptionStore.Email], ["format"] = [.. SubscriptionStore.WebhookFormats, "email"] },
        [typeof(Delivery)] = new() { ["state"] = ["pending", "delivered", "failed", "cancelled"] },
        [typeof(WatchTermRequest)] = new() { ["category"] = WatchlistStore.Categories, ["match"] = WatchlistStore.Modes },
        [typeof(WatchTerm)] = new() { ["category"] = WatchlistStore.Categories, ["match"] = WatchlistStore.Modes },
        [typeof(Checks.RightsReportDto)] = new() { ["status"] = ["missing", "own", "foreign"] },
    };

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        AsNumber(schema);
        if (schema.Properties is { } properties)
        {
            foreach (var property in properties.Values.OfType<OpenApiSchema>())
            {
                AsNumber(property);
            }

            if (Vocabularies.TryGetValue(context.JsonTypeInfo.Type, out var vocabularies))
            {
                foreach (var (name, values) in vocabularies)
                {
                    if (properties.TryGetValue(name, out var p) && p is OpenApiSchema property)
                    {
                        Restrict(property, values);
                    }
                }
            }
        }

        return Task.CompletedTask;
    }

    private static void AsNumber(OpenApiSchema schema)
    {
        if (schema.Type is { } type && type.HasFlag(JsonSchemaType.String) && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        if (schema.Items is OpenApiSchema items)
        {
            AsNumber(items);
        }
    }

    private static void Restrict(OpenApiSchema property, IReadOnlyList<string> values)
    {
        // An array of words (roles): the items are the vocabulary.
        var target = property.Type?.HasFlag(JsonSchemaType.Array) == true && property.Items is OpenApiSchema items ? items : property;
        var nullable = target.Type?.HasFlag(JsonSchemaType.Null) == true;
        var list = new List<JsonNode>(values.Select(v => (JsonNode)JsonValue.Create(v)));
        if (nullable)
        {
            list.Add(JsonNullSentinel.JsonNull);
        }

        target.Enum = list;
    }
}
