using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Policy.Api.OpenApi;

/// <summary>
/// Examples of a check and its answer, as the README shows them: a draft with a password, which the
/// default pack blocks. The answer masks the secret in 'evidence'; the draft's text never comes back.
/// </summary>
internal static class CheckExamples
{
    private const string Draft = "Der neue Zugang fürs Lager-WLAN: Passwort lautet Blaubeere#77";

    public static JsonNode Request() => new JsonObject
    {
        ["text"] = Draft,
        ["language"] = "de",
        ["account"] = new JsonObject { ["kind"] = "private" },
    };

    public static JsonNode Response() => new JsonObject
    {
        ["decision"] = "block",
        ["findings"] = new JsonArray(new JsonObject
        {
            ["ruleId"] = "credential.secret",
            ["category"] = "credential",
            ["severity"] = "block",
            ["section"] = new JsonObject { ["id"] = "sensitive-information", ["title"] = "Vertrauliche Informationen" },
            ["span"] = new JsonObject { ["start"] = 49, ["length"] = 12 },
            ["evidence"] = Policy.Core.Checking.EvidenceMask.Mask("Blaubeere#77", "password"),
            ["message"] = "Zugangsdaten im Beitrag (Passwort).",
            ["suggestion"] = "Entferne das Geheimnis und ändere es sofort, falls es schon geteilt wurde.",
            ["insert"] = null,
        }),
        ["pack"] = new JsonObject { ["id"] = "social-media-guideline", ["version"] = "2.0.0", ["sha256"] = "eab85afe0820213fe6a3dfffecc60c88704f34a2f7571410a0954a0b1f5a2378" },
        ["checkId"] = "0193a4c2-7f7e-7b31-9d2a-52c1f0e4a8b6",
        ["language"] = "de",
        ["overridable"] = false,
        ["approval"] = null,
    };

    /// <summary>Puts the examples on the JSON bodies of the check operations.</summary>
    public static void Describe(OpenApiOperation operation)
    {
        var single = operation.OperationId == "CheckDraft";
        if (!single && operation.OperationId != "CheckDrafts")
        {
            return;
        }

        if (operation.RequestBody?.Content?.TryGetValue("application/json", out var request) == true && request is OpenApiMediaType requestMedia)
        {
            requestMedia.Example = single ? Request() : new JsonObject { ["items"] = new JsonArray(Request(), new JsonObject { ["text"] = "Schönen Feierabend zusammen!" }) };
        }

        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok.Content?.TryGetValue("application/json", out var answer) == true && answer is OpenApiMediaType answerMedia)
        {
            answerMedia.Example = single ? Response() : new JsonObject { ["items"] = new JsonArray(Response(), Allowed()) };
        }
    }

    private static JsonObject Allowed() => new()
    {
        ["decision"] = "allow",
        ["findings"] = new JsonArray(),
        ["pack"] = new JsonObject { ["id"] = "social-media-guideline", ["version"] = "2.0.0", ["sha256"] = "eab85afe0820213fe6a3dfffecc60c88704f34a2f7571410a0954a0b1f5a2378" },
        ["checkId"] = "0193a4c2-7f7f-7c02-8e51-0d3b9a6f1c27",
        ["language"] = "de",
        ["overridable"] = false,
        ["approval"] = null,
    };
}
