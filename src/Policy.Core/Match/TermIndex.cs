using System.Collections.Frozen;

namespace Policy.Core.Match;

/// <summary>How a term may occur in a draft.</summary>
public enum TermMode
{
    /// <summary>A whole word or phrase, optionally with an inflection ending ("Geheimnis" → "Geheimnisse").
    /// Never inside another word, so "arsch" does not fire in "Marschmallow".</summary>
    Word,

    /// <summary>Also inside compounds ("Falke" in "Projektfalke", "Falkenstart").</summary>
    Compound,

    /// <summary>Whole word, and also inside a hashtag: "Projekt Falke" matches "#ProjektFalke".</summary>
    Hashtag,

    /// <summary>Anywhere, no boundaries: detector keywords such as "ghp_".</summary>
    Substring,
}

/// <summary>A hit of a term set: where (normalized offsets) and which of the set's terms.</summary>
public readonly record struct TermHit(int Start, int Length, int Term);

/// <summary>One term as the pack wrote it, normalized, with its matching mode.</summary>
public sealed record TermSpec(string Term, TermMode Mode, FrozenSet<string> Endings)
{
    /// <summary>Conditions on the words around a hit, all of which must hold for it to count: a
    /// code name that is also an ordinary word ("Falke") counts only near project words. Null for
    /// almost every term, and then a hit costs nothing extra.</summary>
    public IReadOnlyList<TermContext>? Contexts { get; init; }
}

/// <summary>
/// A list value's context: one of the <see cref="Near"/> terms must stand within
/// <see cref="Within"/> words of the hit, on either side (the next word is 1 away). A near term
/// inside the hit itself does not count. Compared by reference: the pack reader makes one
/// instance per distinct context, so values that share one cost one term set.
/// </summary>
public sealed class TermContext(IReadOnlyList<TermSpec> near, int within)
{
    public IReadOnlyList<TermSpec> Near { get; } = near;

    public int Within { get; } = within;
}

/// <summary>
/// Collects the term sets of every rule in a pack and compiles them into a single automaton, so a
/// draft is scanned once for all of them.
/// </summary>
public sealed class TermIndexBuilder
{
    private readonly List<string> _patterns = [];
    private readonly Dictionary<string, int> _patternIds = new(StringComparer.Ordinal);
    private readonly List<List<Owner>> _owners = [];
    private readonly Dictionary<TermContext, int> _contextSets = new(ReferenceEqualityComparer.Instance);
    private int _sets;

    /// <summary>Registers a set of terms and returns its id.</summary>
    public int AddSet(IReadOnlyList<TermSpec> terms)
    {
        var set = _sets++;
        for (var i = 0; i < terms.Count; i++)
        {
            var spec = terms[i];
            if (spec.Term.Length == 0)
            {
                continue;
            }

            var owner = new Owner(set, i, spec, Conditions(spec));
            AddPattern(spec.Term, owner);
            if (spec.Mode == TermMode.Hashtag && spec.Term.Contains(' ', StringComparison.Ordinal))
            {
                // Hashtags cannot hold spaces: #ProjektFalke, #Projekt_Falke, #projekt-falke.
                foreach (var joiner in (string[])["", "_", "-"])
                {
                    AddPattern(spec.Term.Replace(" ", joiner, StringComparison.Ordinal), owner);
                }
            }
        }

        return set;
    }

    public int SetCount => _sets;

    /// <summary>A term's contexts as hidden sets of their near terms, found in the same single pass;
    /// each distinct context is registered once however many rules use its value.</summary>
    private (int Set, int Within)[]? Conditions(TermSpec spec)
    {
        if (spec.Contexts is not { Count: > 0 } contexts)
        {
            return null;
        }

        var conditions = new (int Set, int Within)[contexts.Count];
        for (var c = 0; c < contexts.Count; c++)
        {
            if (!_contextSets.TryGetValue(contexts[c], out var set))
            {
                set = AddSet([.. contexts[c].Near.Select(n => n with { Contexts = null })]);
                _contextSets[contexts[c]] = set;
            }

            conditions[c] = (set, contexts[c].Within);
        }

        return conditions;
    }

    private void AddPattern(string pattern, Owner owner)
    {
        if (!_patternIds.TryGetValue(pattern, out var id))
        {
            id = _patterns.Count;
            _patterns.Add(pattern);
            _patternIds[pattern] = id;
            _owners.Add([]);
        }

        _owners[id].Add(owner);
    }

    public TermIndex Build() => new(
        TermAutomaton.Build(_patterns),
        [.. _owners.Select(o => o.ToArray())],
        _sets);
}

/// <summary>The compiled term sets of a pack. Immutable and thread-safe.</summary>
public sealed class TermIndex
{
    private readonly TermAutomaton _automaton;
    private readonly Owner[][] _owners;

    internal TermIndex(TermAutomaton automaton, Owner[][] owners, int sets)
    {
        _automaton = automaton;
        _owners = owners;
        SetCount = sets;
    }

    public int SetCount { get; }

    public int PatternCount => _automaton.PatternCount;

    public int StateCount => _automaton.StateCount;

    // Raw automaton matches, reused by every scan on this thread.
    [ThreadStatic]
    private static List<(int Pattern, int End)>? t_raw;

    /// <summary>Scans <paramref name="text"/> once and returns the accepted hits of every set.</summary>
    public TermHits Scan(string text)
    {
        var raw = t_raw ??= new List<(int Pattern, int End)>(16);
        raw.Clear();
        _automaton.Scan(text, raw);
        var hits = new TermHits(SetCount);
        List<(Owner Owner, TermHit Hit)>? conditional = null;
        for (var r = 0; r < raw.Count; r++)
        {
            var (pattern, end) = raw[r];
            var start = end - _automaton.PatternLength(pattern);
            var owners = _owners[pattern];

            // Common words ("wir", "we") belong to many sets, nearly always with the same mode and
            // endings: whether a hit counts depends only on those and the text, so it is decided
            // once per run of owners that share them (the order of the hits stays the same).
            TermSpec? decidedFor = null;
            bool accepted = false;
            int hitStart = 0, hitEnd = 0;
            for (var o = 0; o < owners.Length; o++)
            {
                ref readonly var owner = ref owners[o];
                var spec = owner.Spec;
                if (decidedFor is null || spec.Mode != decidedFor.Mode || !ReferenceEquals(spec.Endings, decidedFor.Endings))
                {
                    accepted = Accept(text, start, end, spec, owner.Endings, out hitStart, out hitEnd);
                    decidedFor = spec;
                }

                if (accepted)
                {
                    var hit = new TermHit(hitStart, hitEnd - hitStart, owner.Term);
                    if (owner.Conditions is null)
                    {
                        hits.Add(owner.Set, hit);
                    }
                    else
                    {
                        // Its near words may come later in the text: decided once the pass is done.
                        (conditional ??= []).Add((owner, hit));
                    }
                }
            }
        }

        if (conditional is not null)
        {
            AddWhereContextHolds(text, conditional, hits);
        }

        hits.Complete();

        raw.Clear();
        if (raw.Capacity > 1_024)
        {
            // A pathological draft must not leave a large list behind on this thread.
            t_raw = null;
        }

        return hits;
    }

    internal static bool IsWordChar(char c) => char.IsLetterOrDigit(c);

    /// <summary>Adds the hits whose every context has a near word within reach (in words, either
    /// side), with the same word count as proximity rules use. The near words of each context are
    /// sorted once, so a draft full of a value and its near words stays linear.</summary>
    private static void AddWhereContextHolds(string text, List<(Owner Owner, TermHit Hit)> conditional, TermHits hits)
    {
        var words = new WordPositions(text);
        var nearOf = new Dictionary<int, NearWords>();
        foreach (var (owner, hit) in conditional)
        {
            var first = words.FirstWordIn(hit.Start, hit.Start + hit.Length);
            var last = words.At(hit.Start + hit.Length - 1);
            var holds = true;
            foreach (var (set, within) in owner.Conditions!)
            {
                if (!nearOf.TryGetValue(set, out var near))
                {
                    // Context sets are never conditional themselves, so their hits are complete here.
                    nearOf[set] = near = new NearWords(hits.Of(set), words);
                }

                if (!near.AnyWithin(first, last, hit, within))
                {
                    holds = false;
                    break;
                }
            }

            if (holds)
            {
                hits.Add(owner.Set, hit);
            }
        }
    }

    private static bool Accept(string text, int start, int end, TermSpec spec, FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> endings, out int hitStart, out int hitEnd)
    {
        hitStart = start;
        hitEnd = end;
        if (spec.Mode == TermMode.Substring)
        {
            return true;
        }

        // A term that starts or ends with a non-word character ("pw:", "#intern") is its own boundary.
        var leftBounded = start == 0 || !IsWordChar(text[start - 1]) || !IsWordChar(text[start]);
        if (!leftBounded && spec.Mode == TermMode.Word)
        {
            // Inside a word ("we" in "answer"), the common case: the word's ends do not matter.
            return false;
        }

        var wordEnd = end;
        if (IsWordChar(text[end - 1]))
        {
            while (wordEnd < text.Length && IsWordChar(text[wordEnd]))
            {
                wordEnd++;
            }
        }

        var wordStart = start;
        while (wordStart > 0 && IsWordChar(text[wordStart - 1]) && IsWordChar(text[start]))
        {
            wordStart--;
        }

        var inHashtag = wordStart > 0 && text[wordStart - 1] == '#';
        switch (spec.Mode)
        {
            case TermMode.Compound:
                hitStart = wordStart;
                hitEnd = wordEnd;
                return true;
            case TermMode.Hashtag when inHashtag:
                hitStart = wordStart - 1;
                hitEnd = wordEnd;
                return true;
        }

        if (!leftBounded)
        {
            return false;
        }

        if (wordEnd == end)
        {
            return true;
        }

        var ending = text.AsSpan(end, wordEnd - end);
        if (endings.Contains(ending))
        {
            hitEnd = wordEnd;
            return true;
        }

        return false;
    }
}

/// <summary>Who owns an automaton pattern: a set's term, and the sets of near terms its contexts
/// need (null: none, the common case).</summary>
internal readonly record struct Owner(int Set, int Term, TermSpec Spec, (int Set, int Within)[]? Conditions)
{
    /// <summary>The spec's endings, looked up by span: made once here rather than for every hit.</summary>
    public FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Endings { get; } = Spec.Endings.GetAlternateLookup<ReadOnlySpan<char>>();
}

/// <summary>The index of the word each position of a normalized text lies in (or follows), counted
/// as <see cref="Checking.CheckScope.TokenAt"/> counts: built only for a draft with a conditional hit.</summary>
internal readonly struct WordPositions
{
    private readonly string _text;
    private readonly int[] _wordAt;

    public WordPositions(string text)
    {
        _text = text;
        _wordAt = new int[text.Length + 1];
        var word = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (TermIndex.IsWordChar(text[i]) && (i == 0 || !TermIndex.IsWordChar(text[i - 1])))
            {
                word++;
            }

            _wordAt[i] = word;
        }

        _wordAt[text.Length] = word;
    }

    public int At(int position) => _wordAt[Math.Clamp(position, 0, _wordAt.Length - 1)];

    /// <summary>The first word inside a span: a hashtag hit starts at its '#'.</summary>
    public int FirstWordIn(int start, int end)
    {
        var p = start;
        while (p < end - 1 && !TermIndex.IsWordChar(_text[p]))
        {
            p++;
        }

        return At(p);
    }
}

/// <summary>The hits of one context's near terms in a draft, as word ranges sorted by first word.</summary>
internal sealed class NearWords
{
    private readonly (int First, int Last, int Start, int End)[] _near;
    private readonly int _maxSpan;

    public NearWords(IReadOnlyList<TermHit> hits, WordPositions words)
    {
        _near = new (int, int, int, int)[hits.Count];
        for (var i = 0; i < hits.Count; i++)
        {
            var h = hits[i];
            _near[i] = (words.FirstWordIn(h.Start, h.Start + h.Length), words.At(h.Start + h.Length - 1), h.Start, h.Start + h.Length);
            _maxSpan = Math.Max(_maxSpan, _near[i].Last - _near[i].First);
        }

        Array.Sort(_near);
    }

    /// <summary>Whether a near word lies within <paramref name="within"/> words of the words
    /// <paramref name="first"/>…<paramref name="last"/>: it starts at most that far after the last,
    /// or ends at most that far before the first, and is not a part of the hit itself.</summary>
    public bool AnyWithin(int first, int last, TermHit hit, int within)
    {
        // Only near words that start at most their longest span before the reach can end inside it.
        var from = first - within - _maxSpan;
        int lo = 0, hi = _near.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_near[mid].First < from)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        for (var i = lo; i < _near.Length && _near[i].First <= last + within; i++)
        {
            var n = _near[i];
            if (n.Last < first - within || (n.Start >= hit.Start && n.End <= hit.Start + hit.Length))
            {
                continue;
            }

            return true;
        }

        return false;
    }
}

/// <summary>
/// Hits per term set for one draft. Most drafts hit few of a pack's many sets, so hits are kept in
/// one flat array with a bit per set, instead of a list per set. The bits of the first 384 sets live
/// in the object itself (the default pack has about 280, a company pack extending it a few more), so a
/// draft without hits allocates only it.
/// </summary>
public sealed class TermHits
{
    private const int InlineSets = 384;

    private InlineBits _inline;
    private readonly ulong[]? _present;
    private (int Set, TermHit Hit)[]? _hits;
    private int _count;

    internal TermHits(int sets)
    {
        if (sets > InlineSets)
        {
            _present = new ulong[(sets + 63) / 64];
        }
    }

    // While a scan adds hits they go to this thread's scratch array; Complete copies them into one
    // array of the exact size, instead of growing a private array 4 → 8 → 16 (a draft has ~12 hits).
    [ThreadStatic]
    private static (int Set, TermHit Hit)[]? t_scratch;

    internal void Add(int set, TermHit hit)
    {
        Bits[set >> 6] |= 1UL << (set & 63);
        if (_hits is null)
        {
            _hits = t_scratch ??= new (int, TermHit)[64];
        }
        else if (_count == _hits.Length)
        {
            // Leaves the scratch (if it was that) to the thread: the larger copy is this draft's own.
            var grown = new (int, TermHit)[_hits.Length * 2];
            Array.Copy(_hits, grown, _count);
            _hits = grown;
        }

        _hits[_count++] = (set, hit);
    }

    /// <summary>Ends the scan's adding: the hits move out of the thread's scratch into their own array.</summary>
    internal void Complete()
    {
        if (_hits is not null && ReferenceEquals(_hits, t_scratch))
        {
            _hits = _hits.AsSpan(0, _count).ToArray();
        }
    }

    /// <summary>The hits of <paramref name="set"/> in the order they were found: a new array on
    /// each call (an array, so that a <c>foreach</c> over it allocates no enumerator).</summary>
    public TermHit[] Of(int set)
    {
        if (!Any(set))
        {
            return [];
        }

        // Counted first, so the result is one array of the exact size.
        var n = 0;
        for (var i = 0; i < _count; i++)
        {
            if (_hits![i].Set == set)
            {
                n++;
            }
        }

        var result = new TermHit[n];
        for (int i = 0, k = 0; k < n; i++)
        {
            if (_hits![i].Set == set)
            {
                result[k++] = _hits[i].Hit;
            }
        }

        return result;
    }

    public bool Any(int set)
    {
        if (set < 0)
        {
            return false;
        }

        var bits = Bits;
        return (set >> 6) < bits.Length && (bits[set >> 6] & (1UL << (set & 63))) != 0;
    }

    /// <summary>Whether any set of <paramref name="mask"/> (a bit per set id) has a hit.</summary>
    internal bool AnyOf(ReadOnlySpan<ulong> mask)
    {
        ReadOnlySpan<ulong> bits = Bits;
        var n = Math.Min(bits.Length, mask.Length);
        for (var i = 0; i < n; i++)
        {
            if ((bits[i] & mask[i]) != 0)
            {
                return true;
            }
        }

        return false;
    }

    private Span<ulong> Bits => _present is null ? _inline : _present;

    [System.Runtime.CompilerServices.InlineArray(InlineSets / 64)]
    private struct InlineBits
    {
        private ulong _bits;
    }
}
