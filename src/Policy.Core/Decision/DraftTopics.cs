using Policy.Core.Checking;
using Policy.Core.Normalize;
using Policy.Core.Packs;
using Policy.Core.Rules;

namespace Policy.Core.Decision;

/// <summary>
/// The pack's topics a draft touches, as the spokesperson rules see them, for a caller outside the
/// check (routing a review to whoever speaks on those topics).
/// </summary>
public static class DraftTopics
{
    /// <summary>The topic ids the normalized draft touches, in pack order; "general" if none.</summary>
    public static IReadOnlyList<string> Of(CompiledPack pack, NormalizedText normalized)
    {
        ArgumentNullException.ThrowIfNull(pack);
        ArgumentNullException.ThrowIfNull(normalized);
        var hits = pack.Terms.Scan(normalized.Text);
        var topics = new List<string>();
        foreach (var topic in pack.Topics)
        {
            if (topic.Terms.Id >= 0 && hits.Any(topic.Terms.Id))
            {
                topics.Add(topic.Id);
            }
        }

        if (topics.Count == 0)
        {
            topics.Add(Topics.General);
        }

        return topics;
    }
}
