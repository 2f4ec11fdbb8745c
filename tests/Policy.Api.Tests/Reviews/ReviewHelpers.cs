using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Policy.Api.Tests.Decisions;

namespace Policy.Api.Tests.Reviews;

/// <summary>HTTP steps of the review tests, on a real host and store.</summary>
internal static class ReviewHelpers
{
    /// <summary>Review in the default guideline: speaks for the company on finance (rule spokesperson.statement).</summary>
    public const string Finance = "Im Namen der Geschäftsführung: Der Umsatz im dritten Quartal ist gestiegen.";

    /// <summary>Review: speaks for the company on products.</summary>
    public const string Products = "Im Namen der Geschäftsführung: Das neue Produkt kommt im Mai.";

    /// <summary>Warn in the default guideline (pii.phone).</summary>
    public const string Phone = "Ruft mich einfach an unter 0171 2345678.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<JsonObject> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public static async Task<JsonArray> Array(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsArray();
    }

    public static async Task<JsonObject> Check(HttpClient client, string text, string expectedDecision, object? account = null)
    {
        var check = await Json(await client.PostAsJsonAsync("/api/v1/checks", new { text, language = "de", account = account ?? new { kind = "private" } }, Ct), HttpStatusCode.OK);
        Assert.Equal(expectedDecision, (string?)check["decision"]);
        return check;
    }

    public static async Task<JsonObject> Request(HttpClient client, JsonObject check, string? text = null, string note = "Bitte freigeben")
    {
        var response = await client.PostAsJsonAsync("/api/v1/reviews", new { checkId = (string?)check["checkId"], note, text, shareText = text is not null }, Ct);
        var review = await Json(response, HttpStatusCode.Created);
        Assert.Equal("pending", (string?)review["state"]);
        Assert.Equal($"/api/v1/reviews/{review["id"]}", response.Headers.Location?.OriginalString);
        return review;
    }

    public static async Task Spokesperson(HttpClient hr, string personId, string[] topics, string[] channels) =>
        await Json(await hr.PostAsJsonAsync("/api/v1/spokespeople", new { personId, topics, channels }, Ct), HttpStatusCode.Created);

    public static async Task<JsonObject> Problem(HttpResponseMessage response, HttpStatusCode expected)
    {
        var problem = await Json(response, expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return problem;
    }

    /// <summary>The audit actions about one subject, in order.</summary>
    public static List<string> AuditActions(DecisionHost host, string subject)
    {
        using var db = host.OpenDatabase();
        return [.. db.Query<string>("SELECT action FROM audit WHERE subject = @subject ORDER BY seq", new { subject })];
    }

    /// <summary>The outbox events about one subject, in order, with their payloads.</summary>
    public static List<(string Event, JsonObject Payload)> Outbox(DecisionHost host, string subject)
    {
        using var db = host.OpenDatabase();
        return [.. db.Query<(string Event, string Payload)>("SELECT event, payload FROM notification_outbox WHERE subject = @subject ORDER BY seq", new { subject })
            .Select(r => (r.Event, JsonNode.Parse(r.Payload)!.AsObject()))];
    }
}
