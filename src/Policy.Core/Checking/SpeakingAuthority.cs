using Policy.Core.Match;
using Policy.Core.Model;

namespace Policy.Core.Checking;

/// <summary>
/// Which of the pack's topics a draft touches and whether its author may speak for the company on
/// all of them, on this channel, now (a spokesperson grant per topic and channel). Computed once
/// per check when a rule or a message first asks. A struct held in its <see cref="CheckScope"/>'s
/// field (never copied), so the split costs no allocation per check.
/// </summary>
internal struct SpeakingAuthority
{
    private List<string>? _topics;
    private bool? _maySpeak;

    /// <summary>The pack's topics the draft touches, in pack order; "general" if none.</summary>
    public IReadOnlyList<string> Topics(TermHits terms, IReadOnlyList<Topic> packTopics)
    {
        if (_topics is null)
        {
            _topics = [];
            for (var i = 0; i < packTopics.Count; i++)
            {
                if (terms.Any(packTopics[i].Terms.Id))
                {
                    _topics.Add(packTopics[i].Id);
                }
            }

            if (_topics.Count == 0)
            {
                _topics.Add(Checking.Topics.General);
            }
        }

        return _topics;
    }

    /// <summary>Whether the author may speak for the company on every topic of the draft, on this channel, now.</summary>
    public bool AuthorMaySpeakOn(IReadOnlyList<string> topics, CheckRequest request)
    {
        if (_maySpeak is { } known)
        {
            return known;
        }

        var may = true;
        for (var i = 0; i < topics.Count && may; i++)
        {
            may = request.Author.MaySpeakOn(topics[i], request.Account, request.AccountHandle);
        }

        _maySpeak = may;
        return may;
    }

    /// <summary>The people who speak on the draft's topics, for a message's {spokespeople}.</summary>
    public static IReadOnlyList<string> SpokespeopleOf(IReadOnlyList<string> topics, CheckRequest request) =>
        [.. topics.SelectMany(t => request.Spokespeople.TryGetValue(t, out var n) ? n : []).Distinct(StringComparer.Ordinal)];
}
