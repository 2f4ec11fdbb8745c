using Policy.Core.Match;
using Policy.Core.Match.Detectors;
using Policy.Core.Model;
using Policy.Core.Normalize;

namespace Policy.Core.Checking;

/// <summary>
/// Everything the rules stage knows about one draft: the request, the normalized text, the term
/// hits of the single automaton pass and what the rules have reported so far. Three parts are
/// their own types (structs in its fields, so the split allocates nothing): who may speak on the draft's topics (<see cref="SpeakingAuthority"/>), what
/// is computed once and reused (<see cref="ScopeCaches"/>: detector hits, word positions, model
/// scores) and filling placeholders of messages (<see cref="MessageTemplate"/>). One per check;
/// never shared between threads. It knows no rule: rules read it and report into it.
/// </summary>
public sealed class CheckScope
{
    private readonly IReadOnlyList<Topic> _packTopics;
    // Mutable structs, called through their fields only, so what they compute stays in this scope.
    private SpeakingAuthority _authority;
    private ScopeCaches _caches;
    private string? _language;
    private List<Finding>? _findings;
    private List<(int Start, int End, IReadOnlyList<string> Categories)>? _allowed;

    internal CheckScope(CheckRequest request, NormalizedText text, TermHits terms, IReadOnlyList<Topic> packTopics)
    {
        Request = request;
        Text = text;
        Terms = terms;
        _packTopics = packTopics;
    }

    public CheckRequest Request { get; }

    public NormalizedText Text { get; }

    public TermHits Terms { get; }

    /// <summary>The pack's topics the draft touches; "general" if none (see <see cref="SpeakingAuthority"/>).</summary>
    public IReadOnlyList<string> Topics => _authority.Topics(Terms, _packTopics);

    /// <summary>Whether the author may speak for the company on every topic of the draft, on this channel, now.</summary>
    public bool AuthorMaySpeakOnTopics => _authority.AuthorMaySpeakOn(Topics, Request);

    /// <summary>The people who speak on the draft's topics, for a message's {spokespeople}.</summary>
    public IReadOnlyList<string> SpokespeopleOfTopics() => SpeakingAuthority.SpokespeopleOf(Topics, Request);

    /// <summary>"de" or "en": the language messages are given in; guessed only when first needed,
    /// so a clean draft never pays for it.</summary>
    public string Language => _language ??= Request.Language is "de" or "en" ? Request.Language : LanguageGuess.Guess(Text.Text);

    /// <summary>The language if known without guessing: for a result without messages.</summary>
    internal string LanguageIfKnown => _language ?? (Request.Language is "de" or "en" ? Request.Language : "auto");

    // Created on first use: a clean draft, the common case, allocates none of them.
    internal List<Finding> Findings => _findings ??= [];

    internal int FindingCount => _findings?.Count ?? 0;

    /// <summary>Spans (original offsets) that allowlists exempt, with the categories they exempt.</summary>
    internal List<(int Start, int End, IReadOnlyList<string> Categories)> Allowed => _allowed ??= [];

    internal IReadOnlyList<(int Start, int End, IReadOnlyList<string> Categories)> AllowedSoFar => (IReadOnlyList<(int, int, IReadOnlyList<string>)>?)_allowed ?? [];

    /// <summary>Hits of a detector, in the offsets of the text it reads (see <see cref="ScopeCaches.Detect"/>).</summary>
    public IReadOnlyList<DetectorHit> Detect(IDetector detector) => _caches.Detect(this, detector);

    /// <summary>Whether the normalized text holds the digits a detector needs (<see cref="DigitNeed"/>).</summary>
    internal bool HasDigits(DigitNeed need) => _caches.HasDigits(this, need);

    /// <summary>The index of the word a normalized offset lies in (or follows), for proximity.</summary>
    public int TokenAt(int position) => _caches.TokenAt(this, position);

    /// <summary>The trained layer's scores for this draft, computed once however many classifier rules ask.</summary>
    internal Match.Model.ModelScores ModelScores(Match.Model.TextModel model) => _caches.ModelScores(this, model);
}
