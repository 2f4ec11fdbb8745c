using Policy.Core.Model;

namespace Policy.Core.Checking;

/// <summary>
/// Fills the placeholders of a rule's message and suggestion for one draft: <c>{entity}</c> (what
/// a detector found, named), <c>{topics}</c> (the draft's topics) and <c>{spokespeople}</c> (who
/// speaks on them, or corporate communications). The pack compiler refuses any other placeholder.
/// </summary>
public static class MessageTemplate
{
    /// <summary>Every placeholder a message or suggestion may use.</summary>
    public static IReadOnlyList<string> Placeholders { get; } = ["entity", "topics", "spokespeople"];

    private static readonly LocalizedText CorporateCommunications = new("die Unternehmenskommunikation", "corporate communications");

    /// <summary>The message and suggestion with their placeholders filled, in the scope's language.</summary>
    public static (string Message, string Suggestion) Fill(CheckScope scope, LocalizedText message, LocalizedText suggestion, string? entity)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(suggestion);
        message = message.With("entity", entity ?? string.Empty);

        // Most messages have no placeholder left: then the draft's topics are not even computed.
        if (HasPlaceholder(message) || HasPlaceholder(suggestion))
        {
            var topics = string.Join(", ", scope.Topics);
            var names = scope.SpokespeopleOfTopics();
            var who = names.Count > 0
                ? new LocalizedText(string.Join(", ", names), string.Join(", ", names))
                : CorporateCommunications;
            message = Apply(message, topics, who);
            suggestion = Apply(suggestion, topics, who);
        }

        return (message.In(scope.Language), suggestion.In(scope.Language));
    }

    private static bool HasPlaceholder(LocalizedText text) =>
        text.De.Contains('{', StringComparison.Ordinal) || text.En.Contains('{', StringComparison.Ordinal);

    private static LocalizedText Apply(LocalizedText text, string topics, LocalizedText who) => new(
        text.De.Replace("{topics}", topics, StringComparison.Ordinal).Replace("{spokespeople}", who.De, StringComparison.Ordinal),
        text.En.Replace("{topics}", topics, StringComparison.Ordinal).Replace("{spokespeople}", who.En, StringComparison.Ordinal));
}
