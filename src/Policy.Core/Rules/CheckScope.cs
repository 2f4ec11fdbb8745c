using Policy.Core.Checking;
using Policy.Core.Decision;
using Policy.Core.Match;
using Policy.Core.Match.Detectors;
using Policy.Core.Normalize;

namespace Policy.Core.Rules;

/// <summary>
/// Everything the rules stage knows about one draft: the request, the normalized text, the term
/// hits of the single automaton pass, detector hits (run lazily, once per detector) and what the
/// rules have reported so far. One per check; never shared between threads.
/// </summary>
public sealed class CheckScope
{
    private List<(IDetector Detector, IReadOnlyList<DetectorHit> Hits)>? _detectorHits;
    private int[]? _tokenAt;
    private NormalizedText? _cleaned;

    private string? _language;
    private Match.Model.ModelScores? _modelScores;

    private readonly IReadOnlyList<Topic> _packTopics;
    private List<string>? _topics;

    internal CheckScope(CheckRequest request, NormalizedText text, TermHits terms, IReadOnlyList<Topic> packTopics)
    {
        Request = request;
        Text = text;
        Terms = terms;
        _packTopics = packTopics;
    }

    /// <summary>The pack's topics the draft touches; "general" if none.</summary>
    public IReadOnlyList<string> Topics
    {
        get
        {
            if (_topics is null)
            {
                _topics = [];
                for (var i = 0; i < _packTopics.Count; i++)
                {
                    if (Terms.Any(_packTopics[i].Terms.Id))
                    {
                        _topics.Add(_packTopics[i].Id);
                    }
                }

                if (_topics.Count == 0)
                {
                    _topics.Add(Rules.Topics.General);
                }
            }

            return _topics;
        }
    }

    /// <summary>Whether the author may speak for the company on every topic of the draft, on this channel, now.</summary>
    public bool AuthorMaySpeakOnTopics
    {
        get
        {
            var topics = Topics;
            for (var i = 0; i < topics.Count; i++)
            {
                if (!Request.Author.MaySpeakOn(topics[i], Request.Account, Request.AccountHandle))
                {
                    return false;
                }
            }

            return true;
        }
    }

    public CheckRequest Request { get; }

    public NormalizedText Text { get; }

    public TermHits Terms { get; }

    /// <summary>"de" or "en": the language messages are given in; guessed only when first needed,
    /// so a clean draft never pays for it.</summary>
    public string Language => _language ??= Request.Language is "de" or "en" ? Request.Language : LanguageGuess.Guess(Text.Text);

    /// <summary>The language if known without guessing: for a result without messages.</summary>
    internal string LanguageIfKnown => _language ?? (Request.Language is "de" or "en" ? Request.Language : "auto");

    private List<Finding>? _findings;
    private List<(int Start, int End, IReadOnlyList<string> Categories)>? _allowed;

    // Scratch for detector hits, reused by every check on this thread (detectors never call back into a scope).
    [ThreadStatic]
    private static List<DetectorHit>? t_scratch;

    // Created on first use: a clean draft, the common case, allocates neither.
    internal List<Finding> Findings => _findings ??= [];

    internal int FindingCount => _findings?.Count ?? 0;

    /// <summary>Spans (original offsets) that allowlists exempt, with the categories they exempt.</summary>
    internal List<(int Start, int End, IReadOnlyList<string> Categories)> Allowed => _allowed ??= [];

    internal IReadOnlyList<(int Start, int End, IReadOnlyList<string> Categories)> AllowedSoFar => (IReadOnlyList<(int, int, IReadOnlyList<string>)>?)_allowed ?? [];

    /// <summary>Hits of a detector, in the offsets of the text it reads. Hits are kept, so a detector
    /// that found something runs once per check however many rules ask; one that found nothing (the
    /// common case, 50–90 ns) runs again if a second rule asks, which only packs that name a detector
    /// twice do: remembering every empty run cost ~340 bytes per check. Callers skip detectors whose
    /// keywords are absent (see <see cref="Rule.Bind"/>).</summary>
    public IReadOnlyList<DetectorHit> Detect(IDetector detector)
    {
        if (_detectorHits is not null)
        {
            for (var i = 0; i < _detectorHits.Count; i++)
            {
                if (ReferenceEquals(_detectorHits[i].Detector, detector))
                {
                    return _detectorHits[i].Hits;
                }
            }
        }

        // Detectors append to a per-thread scratch list; most find nothing, and then nothing is allocated.
        var scratch = t_scratch ??= new List<DetectorHit>(8);
        scratch.Clear();
        if (detector.Input == DetectorInput.Original)
        {
            // Original-text detectors read the cleaned view (case kept, evasions undone) and
            // report in original offsets.
            _cleaned ??= Normalizer.Clean(Text.Original);
            detector.Scan(_cleaned.Text, scratch);
            if (scratch.Count > 0 && _cleaned.Text != Text.Original)
            {
                for (var i = 0; i < scratch.Count; i++)
                {
                    var (start, length) = _cleaned.ToOriginal(scratch[i].Start, scratch[i].Length);
                    scratch[i] = scratch[i] with { Start = start, Length = length };
                }
            }
        }
        else
        {
            detector.Scan(Text.Text, scratch);
        }

        if (scratch.Count == 0)
        {
            return [];
        }

        IReadOnlyList<DetectorHit> hits = [.. scratch];
        scratch.Clear();
        if (scratch.Capacity > 1_024)
        {
            // A pathological draft must not leave a large list behind on this thread.
            t_scratch = null;
        }

        (_detectorHits ??= new(4)).Add((detector, hits));
        return hits;
    }

    /// <summary>The trained layer's scores for this draft, computed once however many classifier rules ask.</summary>
    internal Match.Model.ModelScores ModelScores(Match.Model.TextModel model)
    {
        if (_modelScores is null || !ReferenceEquals(_modelScoresOf, model))
        {
            _modelScores = model.Score(Text.Text, Request);
            _modelScoresOf = model;
        }

        return _modelScores;
    }

    private Match.Model.TextModel? _modelScoresOf;

    /// <summary>The index of the word a normalized offset lies in (or follows), for proximity.</summary>
    public int TokenAt(int position)
    {
        if (_tokenAt is null)
        {
            var text = Text.Text;
            _tokenAt = new int[text.Length + 1];
            var token = 0;
            for (var i = 0; i < text.Length; i++)
            {
                if (TermIndex.IsWordChar(text[i]) && (i == 0 || !TermIndex.IsWordChar(text[i - 1])))
                {
                    token++;
                }

                _tokenAt[i] = token;
            }

            _tokenAt[text.Length] = token;
        }

        return _tokenAt[Math.Clamp(position, 0, _tokenAt.Length - 1)];
    }

    /// <summary>Reports a finding at a span of the normalized text.</summary>
    internal void Report(Rule rule, int start, int length, Severity? severity = null, string? entity = null, string? insert = null) =>
        ReportOriginal(rule, Text.ToOriginal(start, length), severity, entity, insert);

    /// <summary>Reports a finding at a span of the original text.</summary>
    internal void ReportOriginal(Rule rule, (int Start, int Length) span, Severity? severity = null, string? entity = null, string? insert = null, string? evidence = null, int? attachment = null)
    {
        var original = Text.Original;
        var raw = evidence ?? original.Substring(span.Start, span.Length);
        var message = rule.Message.With("entity", entity ?? string.Empty);
        var suggestion = rule.Suggestion;
        if (message.De.Contains('{', StringComparison.Ordinal) || message.En.Contains('{', StringComparison.Ordinal)
            || suggestion.De.Contains('{', StringComparison.Ordinal) || suggestion.En.Contains('{', StringComparison.Ordinal))
        {
            var topics = string.Join(", ", Topics);
            var names = Topics.SelectMany(t => Request.Spokespeople.TryGetValue(t, out var n) ? n : []).Distinct(StringComparer.Ordinal).ToList();
            var who = names.Count > 0
                ? new Packs.LocalizedText(string.Join(", ", names), string.Join(", ", names))
                : new Packs.LocalizedText("die Unternehmenskommunikation", "corporate communications");
            message = new Packs.LocalizedText(
                message.De.Replace("{topics}", topics, StringComparison.Ordinal).Replace("{spokespeople}", who.De, StringComparison.Ordinal),
                message.En.Replace("{topics}", topics, StringComparison.Ordinal).Replace("{spokespeople}", who.En, StringComparison.Ordinal));
            suggestion = new Packs.LocalizedText(
                suggestion.De.Replace("{topics}", topics, StringComparison.Ordinal).Replace("{spokespeople}", who.De, StringComparison.Ordinal),
                suggestion.En.Replace("{topics}", topics, StringComparison.Ordinal).Replace("{spokespeople}", who.En, StringComparison.Ordinal));
        }

        Findings.Add(new Finding(
            rule.Id,
            rule.Category,
            severity ?? rule.Severity,
            rule.Section,
            span.Start,
            span.Length,
            rule.IsSensitive ? EvidenceMask.Mask(raw, entity) : EvidenceMask.Shorten(raw),
            message.In(Language),
            suggestion.In(Language),
            insert)
        { Attachment = attachment });
    }
}
