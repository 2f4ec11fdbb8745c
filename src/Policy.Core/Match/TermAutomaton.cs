namespace Policy.Core.Match;

/// <summary>
/// Aho-Corasick automaton over normalized text, compiled to a dense DFA on a compact alphabet:
/// one table lookup per character, however many terms a pack has. Immutable once built.
/// </summary>
public sealed class TermAutomaton
{
    private readonly ushort[] _classOf;      // char → alphabet class; 0 = in no pattern
    private readonly int _alphabet;
    private readonly int[]? _next;           // state * alphabet + class → state
    private readonly ushort[]? _next16;      // the same table when every state fits 16 bits (half the cache lines)
    private readonly int[] _outStart;        // state → first index into _outPatterns
    private readonly int[] _outPatterns;     // pattern ids, grouped by state, suffix outputs included
    private readonly int[] _patternLength;

    private TermAutomaton(ushort[] classOf, int alphabet, int[] next, int[] outStart, int[] outPatterns, int[] patternLength)
    {
        _classOf = classOf;
        _alphabet = alphabet;

        // The table is the scan's working set (the default pack: ~19,000 states × 79 classes); with
        // 16-bit entries twice as many of its rows stay in cache. Same transitions, same matches.
        if (outStart.Length - 1 <= ushort.MaxValue + 1)
        {
            _next16 = new ushort[next.Length];
            for (var i = 0; i < next.Length; i++)
            {
                _next16[i] = (ushort)next[i];
            }
        }
        else
        {
            _next = next;
        }

        _outStart = outStart;
        _outPatterns = outPatterns;
        _patternLength = patternLength;
    }

    public int PatternCount => _patternLength.Length;

    public int StateCount => _outStart.Length - 1;

    public int PatternLength(int pattern) => _patternLength[pattern];

    /// <summary>Builds the automaton; pattern ids are the indices in <paramref name="patterns"/>.</summary>
    public static TermAutomaton Build(IReadOnlyList<string> patterns)
    {
        var classOf = new ushort[char.MaxValue + 1];
        ushort alphabet = 1;
        foreach (var p in patterns)
        {
            foreach (var c in p)
            {
                if (classOf[c] == 0)
                {
                    classOf[c] = alphabet++;
                }
            }
        }

        // Trie with sparse children first; the dense table is filled breadth-first afterwards.
        var children = new List<Dictionary<ushort, int>> { new() };
        var own = new List<List<int>?> { null };
        for (var id = 0; id < patterns.Count; id++)
        {
            var state = 0;
            foreach (var c in patterns[id])
            {
                var cls = classOf[c];
                if (!children[state].TryGetValue(cls, out var nextState))
                {
                    nextState = children.Count;
                    children.Add(new Dictionary<ushort, int>());
                    own.Add(null);
                    children[state][cls] = nextState;
                }

                state = nextState;
            }

            (own[state] ??= []).Add(id);
        }

        var stateCount = children.Count;
        var next = new int[stateCount * alphabet];
        var fail = new int[stateCount];
        var outputs = new List<int>?[stateCount];
        var order = new List<int>(stateCount) { 0 };
        outputs[0] = own[0];

        foreach (var (cls, child) in children[0])
        {
            next[cls] = child;
            fail[child] = 0;
            order.Add(child);
        }

        for (var head = 1; head < order.Count; head++)
        {
            var state = order[head];
            var merged = own[state];
            var suffixOutputs = outputs[fail[state]];
            if (suffixOutputs is not null)
            {
                merged = merged is null ? suffixOutputs : [.. merged, .. suffixOutputs];
            }

            outputs[state] = merged;
            var row = state * alphabet;
            var failRow = fail[state] * alphabet;
            for (var cls = 1; cls < alphabet; cls++)
            {
                next[row + cls] = next[failRow + cls];
            }

            foreach (var (cls, child) in children[state])
            {
                fail[child] = next[failRow + cls];
                next[row + cls] = child;
                order.Add(child);
            }
        }

        var outStart = new int[stateCount + 1];
        var flat = new List<int>();
        for (var s = 0; s < stateCount; s++)
        {
            outStart[s] = flat.Count;
            if (outputs[s] is { } list)
            {
                flat.AddRange(list);
            }
        }

        outStart[stateCount] = flat.Count;
        var lengths = patterns.Select(p => p.Length).ToArray();
        return new TermAutomaton(classOf, alphabet, next, outStart, [.. flat], lengths);
    }

    /// <summary>Reports every occurrence as (pattern id, end offset exclusive).</summary>
    public void Scan(ReadOnlySpan<char> text, List<(int Pattern, int End)> matches)
    {
        if (_next16 is { } next16)
        {
            Scan(next16, text, matches);
        }
        else
        {
            Scan(_next!, text, matches);
        }
    }

    // One loop for both table widths: the JIT compiles it once per element type, so neither pays for the other.
    private void Scan<TState>(TState[] next, ReadOnlySpan<char> text, List<(int Pattern, int End)> matches)
        where TState : unmanaged, System.Numerics.IBinaryInteger<TState>
    {
        var classOf = _classOf;
        var outStart = _outStart;
        var alphabet = _alphabet;
        var state = 0;
        for (var i = 0; i < text.Length; i++)
        {
            state = int.CreateTruncating(next[state * alphabet + classOf[text[i]]]);
            var from = outStart[state];
            var to = outStart[state + 1];
            for (var k = from; k < to; k++)
            {
                matches.Add((_outPatterns[k], i + 1));
            }
        }
    }
}
