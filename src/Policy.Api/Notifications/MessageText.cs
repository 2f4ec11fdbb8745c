using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Policy.Api.Notifications;

/// <summary>
/// An event as people read it, German and English: a title and a few lines, for Teams and Slack
/// cards and e-mail. Built from the envelope's data, so it never holds more than the event does.
/// </summary>
public sealed record MessageText(string Title, IReadOnlyList<string> Lines)
{
    public static MessageText Of(string payload)
    {
        var envelope = JsonNode.Parse(payload)!.AsObject();
        var name = (string?)envelope["event"] ?? "event";
        var data = envelope["data"] as JsonObject ?? [];
        string S(string key) => data[key] is JsonValue v ? v.ToString() : data[key]?.ToJsonString() ?? string.Empty;
        string List(string key) => data[key] is JsonArray a ? string.Join(", ", a.Select(x => x?.ToString())) : string.Empty;
        var lines = new List<string>();
        string title;
        switch (name)
        {
            case NotificationEvents.ReviewRequested:
                title = "Freigabe angefragt / Review requested";
                lines.Add($"Prüfung / check: {S("checkId")} · Entscheidung / decision: {S("decision")}");
                lines.Add($"An / to: {S("route")} {List("reviewers")}".TrimEnd());
                lines.Add($"Läuft ab / expires: {S("expiresAt")}");
                break;
            case NotificationEvents.ReviewDecided:
                title = $"Freigabe entschieden / Review decided: {S("state")}";
                lines.Add($"Prüfung / check: {S("checkId")} · von / by: {S("decidedBy")}");
                if (S("reason").Length > 0)
                {
                    lines.Add($"Begründung / reason: {S("reason")}");
                }

                break;
            case NotificationEvents.ReviewExpired:
                title = "Freigabe abgelaufen / Review expired";
                lines.Add($"Prüfung / check: {S("checkId")} · an / to: {S("route")}");
                break;
            case NotificationEvents.CrisisOn:
                title = "Krisenmodus EIN / Crisis mode ON";
                lines.Add($"Grund / reason: {S("reason")}");
                lines.Add($"von / by: {S("by")}");
                break;
            case NotificationEvents.CrisisOff:
                title = "Krisenmodus aus / Crisis mode off";
                lines.Add($"Grund / reason: {S("reason")}");
                lines.Add($"von / by: {S("by")}");
                break;
            case NotificationEvents.GuidelineActivated:
                title = $"Richtlinie aktiviert / Guideline activated: {S("packId")} {S("version")}";
                lines.Add(S("material") == "true"
                    ? "Wesentliche Änderung: alle müssen neu bestätigen. / Material change: everyone must acknowledge again."
                    : "Keine wesentliche Änderung. / Not a material change.");
                lines.Add($"vorher / previous: {S("previous")} · von / by: {S("by")}");
                break;
            case NotificationEvents.AcknowledgementReminder:
                title = $"Erinnerung: Richtlinie bestätigen / Reminder: acknowledge the guideline ({S("pending")})";
                lines.Add($"{S("packId")} {S("version")}");
                if (data["people"] is JsonArray people)
                {
                    lines.Add(string.Join(", ", people.Take(50).Select(p => (string?)p?["displayName"])) + (people.Count > 50 ? ", …" : string.Empty));
                }

                break;
            case NotificationEvents.MonitoringAlert:
                title = $"Monitoring: Ausschlag / spike – „{S("term")}“";
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"{S("count")} Erwähnungen in der Stunde ab / mentions in the hour from {S("hour")} (üblich / baseline {S("baseline")}/h)"));
                if (S("suggestCrisisMode") == "true")
                {
                    lines.Add("Krisenbegriff: Krisenmodus einschalten? / Crisis term: switch crisis mode on?");
                }

                if (data["samples"] is JsonArray samples)
                {
                    lines.AddRange(samples.Take(5).Select(x => $"{(string?)x?["source"]}: {(string?)x?["url"]}"));
                }

                break;
            case NotificationEvents.Test:
                title = "Test: Benachrichtigungen kommen an / notifications arrive";
                lines.Add($"von / by: {S("by")}");
                break;
            default:
                title = name;
                lines.Add(data.ToJsonString());
                break;
        }

        return new MessageText("[Policy] " + title, lines);
    }

    /// <summary>Slack's incoming-webhook body: text with a bold title.</summary>
    public string Slack() => JsonSerializer.Serialize(new { text = "*" + Title + "*\n" + string.Join('\n', Lines) });

    /// <summary>A Teams (Workflows / incoming webhook) message with one Adaptive Card.</summary>
    public string Teams()
    {
        var body = new JsonArray { new JsonObject { ["type"] = "TextBlock", ["text"] = Title, ["weight"] = "Bolder", ["wrap"] = true } };
        foreach (var line in Lines)
        {
            body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = line, ["wrap"] = true });
        }

        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray
            {
                new JsonObject
                {
                    ["contentType"] = "application/vnd.microsoft.card.adaptive",
                    ["content"] = new JsonObject
                    {
                        ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
                        ["type"] = "AdaptiveCard",
                        ["version"] = "1.4",
                        ["body"] = body,
                    },
                },
            },
        }.ToJsonString();
    }

    public string PlainText()
    {
        var text = new StringBuilder().AppendLine(Title).AppendLine();
        foreach (var line in Lines)
        {
            text.AppendLine(line);
        }

        return text.ToString();
    }
}
