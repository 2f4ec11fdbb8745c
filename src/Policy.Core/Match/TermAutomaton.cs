namespace Policy.Core.Match;

/// <summary>
/// Aho-Corasick automaton over normalized text, compiled to a dense DFA on a compact alphabet:
/// one table lookup per character, however many terms a pack has. States are numbered so that those
/// with outputs come last (a step asks one comparison, not the output table, whether a match ends
/// there). Immutable once built.
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
    private readonly int _firstWithOutputs;  // states from this one on have outputs, those before none

    private TermAutomaton(ushort[] classOf, int alphabet, int[] next, int[] outStart, int[] outPatterns, int[] patternLength, int firstWithOutputs)
    {
        _classOf = classOf;
        _alphabet = alphabet;
        _firstWithOutputs = firstWithOutputs;

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

        // Renumbered: the states without outputs first (the root stays 0), then those with outputs,
        // each group in breadth-first order. Same transitions and outputs under new numbers.
        var renumbered = new int[stateCount];
        var firstWithOutputs = 0;
        for (var s = 0; s < stateCount; s++)
        {
            if (outputs[s] is null)
            {
                renumbered[s] = firstWithOutputs++;
            }
        }

        if (outputs[0] is not null)
        {
            // Only an empty pattern gives the root outputs: then every state is asked.
            firstWithOutputs = 0;
            for (var s = 0; s < stateCount; s++)
            {
                renumbered[s] = s;
            }
        }
        else
        {
            var k = firstWithOutputs;
            for (var s = 0; s < stateCount; s++)
            {
                if (outputs[s] is not null)
                {
                    renumbered[s] = k++;
                }
            }
        }

        var table = new int[next.Length];
        var outputsOf = new List<int>?[stateCount];
        for (var s = 0; s < stateCount; s++)
        {
            var from = s * alphabet;
            var to = renumbered[s] * alphabet;
            for (var cls = 0; cls < alphabet; cls++)
            {
                table[to + cls] = renumbered[next[from + cls]];
            }

            outputsOf[renumbered[s]] = outputs[s];
        }

        var outStart = new int[stateCount + 1];
        var flat = new List<int>();
        for (var s = 0; s < stateCount; s++)
        {
            outStart[s] = flat.Count;
            if (outputsOf[s] is { } list)
            {
                flat.AddRange(list);
            }
        }

        outStart[stateCount] = flat.Count;
        var lengths = patterns.Select(p => p.Length).ToArray();
        return new TermAutomaton(classOf, alphabet, table, outStart, [.. flat], lengths, firstWithOutputs);
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

    // Each step's table read depends on the one before (the state), so a walk in one piece costs a
    // memory latency per character. A longer draft is walked as two or four pieces at once, independent
    // chains whose reads overlap: piece p walks its own part and, before it, the RunIn characters that
    // end the part of piece p - 1 (reporting nothing there). The state after a character depends only
    // on the longest pattern prefix that ends there, so piece p's state where its own part begins is the
    // true one whenever that prefix is at most RunIn long: the previous piece's last state says which.
    // Piece 0 reports into the list, the others into their own buffers, appended in piece order when
    // their entry state proves right. From a piece whose entry state is wrong (or whose buffer ran
    // full) on, the rest is walked again in one piece from the true state. Same matches, same order.

    /// <summary>Characters a piece reads before its own part.</summary>
    internal const int RunIn = 16;

    /// <summary>Matches a piece after the first keeps before it gives up (a walk in one piece takes over).</summary>
    private const int PieceMatches = 32;

    private void Scan<TState>(TState[] next, ReadOnlySpan<char> text, List<(int Pattern, int End)> matches)
        where TState : unmanaged, System.Numerics.IBinaryInteger<TState>
    {
        var pieces = text.Length < 40 ? 1 : text.Length < 64 ? 2 : 4;
        if (pieces == 1)
        {
            Walk(next, text, 0, text.Length, 0, matches);
            return;
        }

        // Piece p walks [begin_p, begin_p + length); its own part is the last `own` of them (piece 0: all).
        var length = (text.Length + ((pieces - 1) * RunIn)) / pieces;
        var own = length - RunIn;
        var classOf = _classOf;
        var alphabet = _alphabet;
        var outputs = _firstWithOutputs;
        int b1 = length - RunIn, b2 = b1 + own, b3 = b2 + own;
        int s0 = 0, s1 = 0, s2 = 0, s3 = 0;

        // Run-in: piece 0 reports, the others only walk.
        for (var j = 0; j < RunIn; j++)
        {
            s0 = int.CreateTruncating(next[(s0 * alphabet) + classOf[text[j]]]);
            s1 = int.CreateTruncating(next[(s1 * alphabet) + classOf[text[b1 + j]]]);
            if (pieces == 4)
            {
                s2 = int.CreateTruncating(next[(s2 * alphabet) + classOf[text[b2 + j]]]);
                s3 = int.CreateTruncating(next[(s3 * alphabet) + classOf[text[b3 + j]]]);
            }

            if (s0 >= outputs)
            {
                Report(s0, j, matches);
            }
        }

        int entry1 = s1, entry2 = s2, entry3 = s3;
        Span<(int Pattern, int End)> kept = stackalloc (int, int)[3 * PieceMatches];
        var kept1 = kept[..PieceMatches];
        var kept2 = kept.Slice(PieceMatches, PieceMatches);
        var kept3 = kept[(2 * PieceMatches)..];
        int n1 = 0, n2 = 0, n3 = 0;
        if (pieces == 2)
        {
            for (var j = RunIn; j < length; j++)
            {
                s0 = int.CreateTruncating(next[(s0 * alphabet) + classOf[text[j]]]);
                s1 = int.CreateTruncating(next[(s1 * alphabet) + classOf[text[b1 + j]]]);
                if (s0 >= outputs)
                {
                    Report(s0, j, matches);
                }

                if (s1 >= outputs)
                {
                    n1 = Keep(s1, b1 + j, kept1, n1);
                }
            }
        }
        else
        {
            for (var j = RunIn; j < length; j++)
            {
                s0 = int.CreateTruncating(next[(s0 * alphabet) + classOf[text[j]]]);
                s1 = int.CreateTruncating(next[(s1 * alphabet) + classOf[text[b1 + j]]]);
                s2 = int.CreateTruncating(next[(s2 * alphabet) + classOf[text[b2 + j]]]);
                s3 = int.CreateTruncating(next[(s3 * alphabet) + classOf[text[b3 + j]]]);
                if (s0 >= outputs)
                {
                    Report(s0, j, matches);
                }

                if (s1 >= outputs)
                {
                    n1 = Keep(s1, b1 + j, kept1, n1);
                }

                if (s2 >= outputs)
                {
                    n2 = Keep(s2, b2 + j, kept2, n2);
                }

                if (s3 >= outputs)
                {
                    n3 = Keep(s3, b3 + j, kept3, n3);
                }
            }
        }

        // The pieces in order, each proved by its predecessor's last state.
        if (entry1 != s0 || n1 > PieceMatches)
        {
            Walk(next, text, length, text.Length, s0, matches);
            return;
        }

        matches.AddRange(kept1[..n1]);
        if (pieces == 2)
        {
            Walk(next, text, b1 + length, text.Length, s1, matches);
            return;
        }

        if (entry2 != s1 || n2 > PieceMatches)
        {
            Walk(next, text, b1 + length, text.Length, s1, matches);
            return;
        }

        matches.AddRange(kept2[..n2]);
        if (entry3 != s2 || n3 > PieceMatches)
        {
            Walk(next, text, b2 + length, text.Length, s2, matches);
            return;
        }

        matches.AddRange(kept3[..n3]);
        Walk(next, text, b3 + length, text.Length, s3, matches);
    }

    /// <summary>Reports the outputs of <paramref name="state"/>, reached at offset <paramref name="at"/>.</summary>
    private void Report(int state, int at, List<(int Pattern, int End)> matches)
    {
        var to = _outStart[state + 1];
        for (var k = _outStart[state]; k < to; k++)
        {
            matches.Add((_outPatterns[k], at + 1));
        }
    }

    /// <summary>Keeps the outputs of <paramref name="state"/> in a piece's buffer holding
    /// <paramref name="count"/>; the new count, or more than the buffer holds once it ran full.</summary>
    private int Keep(int state, int at, Span<(int Pattern, int End)> buffer, int count)
    {
        var from = _outStart[state];
        var to = _outStart[state + 1];
        if (count + (to - from) > buffer.Length)
        {
            return buffer.Length + 1;
        }

        for (var k = from; k < to; k++)
        {
            buffer[count++] = (_outPatterns[k], at + 1);
        }

        return count;
    }

    /// <summary>Walks text[from..to) from <paramref name="state"/>, reporting every match.</summary>
    private void Walk<TState>(TState[] next, ReadOnlySpan<char> text, int from, int to, int state, List<(int Pattern, int End)> matches)
        where TState : unmanaged, System.Numerics.IBinaryInteger<TState>
    {
        var classOf = _classOf;
        var alphabet = _alphabet;
        var outputs = _firstWithOutputs;
        for (var i = from; i < to; i++)
        {
            state = int.CreateTruncating(next[(state * alphabet) + classOf[text[i]]]);
            if (state >= outputs)
            {
                Report(state, i, matches);
            }
        }
    }
}
