using Policy.Core.Match;
using Policy.Core.Model;

namespace Policy.Core.Checking;

/// <summary>
/// Which of the pack's topics a draft touches and whether its author may speak for the company on
/// all of them, on this channel, now (a spokesperson grant per topic and channel). Computed once
/// per check when a rule or a message first asks.
/// </summary>
public sealed class SpeakingAuthority
{
    private readonly CheckRequest _request;
    private bool? _maySpeak;

    internal SpeakingAuthority(CheckRequest request, TermHits terms, IReadOnlyList<Topic> packTopics)
    {
        _request = request;
        var topics = new List<string>();
        for (var i = 0; i < packTopics.Count; i++)
        {
            if (terms.Any(packTopics[i].Terms.Id))
            {
                topics.Add(packTopics[i].Id);
            }
        }

        if (topics.Count == 0)
        {
            topics.Add(Checking.Topics.General);
        }

        Topics = topics;
    }

    /// <summary>The pack's topics the draft touches, in pack order; "general" if none.</summary>
    public IReadOnlyList<string> Topics { get; }

    /// <summary>Whether the author may speak for the company on every topic of the draft, on this channel, now.</summary>
    public bool AuthorMaySpeakOnTopics => _maySpeak ??= MaySpeakOnAll();

    /// <summary>The people who speak on the draft's topics, for a message's {spokespeople}.</summary>
    public IReadOnlyList<string> SpokespeopleOfTopics() =>
        [.. Topics.SelectMany(t => _request.Spokespeople.TryGetValue(t, out var n) ? n : []).Distinct(StringComparer.Ordinal)];

    private bool MaySpeakOnAll()
    {
        for (var i = 0; i < Topics.Count; i++)
        {
            if (!_request.Author.MaySpeakOn(Topics[i], _request.Account, _request.AccountHandle))
            {
                return false;
            }
        }

        return true;
    }
}
