using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Policy.Core.Match;

/// <summary>
/// Aho-Corasick automaton over normalized text, compiled to a dense DFA on a compact alphabet:
/// one table lookup per character, however many terms a pack has. Immutable once built.
/// </summary>
public sealed class TermAutomaton
{
    private readonly ushort[] _classOf;      // char → alphabet class; 0 = in no pattern
    private readonly int _alphabet;
    private readonly int[]? _next;           // state * alphabet + class → next state, | OutputFlag32 if it has outputs
    private readonly ushort[]? _next16;      // the same table when every state fits 15 bits (half the cache lines)
    private readonly int[] _outStart;        // state → first index into _outPatterns
    private readonly int[] _outPatterns;     // pattern ids, grouped by state, suffix outputs included
    private readonly int[] _patternLength;

    // Most states end no pattern: a flag bit in the transition says whether the state reached has
    // outputs, so the scan reads _outStart only where a pattern ends, not once per character.
    private const int OutputFlag16 = 0x8000;
    private const int OutputFlag32 = 0x4000_0000;

    private TermAutomaton(ushort[] classOf, int alphabet, int[] next, int[] outStart, int[] outPatterns, int[] patternLength)
    {
        _classOf = classOf;
        _alphabet = alphabet;

        // The table is the scan's working set (the default pack: ~19,000 states × 79 classes); with
        // 16-bit entries twice as many of its rows stay in cache. Same transitions, same matches.
        var states = outStart.Length - 1;
        var flag = states <= OutputFlag16 ? OutputFlag16 : OutputFlag32;
        for (var i = 0; i < next.Length; i++)
        {
            var target = next[i];
            if (outStart[target + 1] > outStart[target])
            {
                next[i] = target | flag;
            }
        }

        if (flag == OutputFlag16)
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
            Scan(next16, OutputFlag16, text, matches);
        }
        else
        {
            Scan(_next!, OutputFlag32, text, matches);
        }
    }

    // One loop for both table widths: the JIT compiles it once per element type, so neither pays for the other.
    private void Scan<TState>(TState[] next, int outputFlag, ReadOnlySpan<char> text, List<(int Pattern, int End)> matches)
        where TState : unmanaged, System.Numerics.IBinaryInteger<TState>
    {
        // Unchecked reads: a class is looked up for every char (the table has 65,536 entries) and every
        // transition leads to a state of the table, so no index can be out of range. This loop is the
        // scan's hot path, one step per character of every draft.
        ref var classOf = ref MemoryMarshal.GetArrayDataReference(_classOf);
        ref var table = ref MemoryMarshal.GetArrayDataReference(next);
        var alphabet = _alphabet;
        var state = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var step = int.CreateTruncating(Unsafe.Add(ref table, (state * alphabet) + Unsafe.Add(ref classOf, text[i])));
            state = step & ~outputFlag;
            if ((step & outputFlag) != 0)
            {
                for (int k = _outStart[state], to = _outStart[state + 1]; k < to; k++)
                {
                    matches.Add((_outPatterns[k], i + 1));
                }
            }
        }
    }
}
