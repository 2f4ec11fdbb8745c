using Policy.Api.Spokespeople;
using Policy.Core.Checking;
using Policy.Core.Model;

namespace Policy.Api.Reviews;

/// <summary>Who reviews a draft: the crisis team, or the spokespeople for its topics, or else HR.</summary>
public static class ReviewRouting
{
    public const string Crisis = "crisis";
    public const string Spokespeople = "spokespeople";
    public const string Hr = "hr";

    /// <summary>
    /// A corporate post in crisis mode goes to the crisis team (holders of the topic "crisis");
    /// any other to the spokespeople with one of its topics, those whose grant covers its channel
    /// first; nobody found: HR. The author never reviews their own draft. HR (and admins) may
    /// decide every review whatever the route; the route says who is asked first.
    /// </summary>
    public static (string Route, IReadOnlyList<string> Reviewers) For(CheckRoute route, string authorId, IReadOnlyList<Spokesperson> registry, DateTimeOffset now)
    {
        var valid = registry.Where(s => s.ValidAt(now) && !string.Equals(s.PersonId, authorId, StringComparison.Ordinal)).ToList();
        var account = route.Channel == "private" ? AccountKind.Private : AccountKind.Corporate;
        var handle = account == AccountKind.Corporate ? route.Channel : null;

        IReadOnlyList<string> Holders(IReadOnlyCollection<string> topics)
        {
            bool Covers(Spokesperson s, bool channel) => s.Topics.Any(t => topics.Contains(t) && (!channel || new SpokespersonGrant(t, s.Channels).Covers(t, account, handle)));
            var onChannel = valid.Where(s => Covers(s, channel: true)).Select(s => s.PersonId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            return onChannel.Count > 0
                ? onChannel
                : [.. valid.Where(s => Covers(s, channel: false)).Select(s => s.PersonId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        }

        if (route.Crisis)
        {
            var team = Holders([Policy.Core.Checking.Topics.Crisis]);
            return team.Count > 0 ? (Crisis, team) : (Hr, []);
        }

        var speakers = Holders(route.Topics.ToHashSet(StringComparer.Ordinal));
        return speakers.Count > 0 ? (Spokespeople, speakers) : (Hr, []);
    }
}
