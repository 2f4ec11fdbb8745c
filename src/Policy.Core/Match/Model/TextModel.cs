using Policy.Core.Checking;
using Policy.Core.Model;

namespace Policy.Core.Match.Model;

/// <summary>
/// The trained layer of a pack: a linear model (one logistic regression per head, a head being a
/// category such as insider or tone) over the <see cref="ModelFeatures"/> of a draft. Explainable by
/// construction: a score is the bias plus the weights of the features present, and the feature that
/// weighed most is the finding's span. Immutable; shared by every check.
/// </summary>
public sealed class TextModel
{
    // Open addressing, linear probing, key and row side by side: one cache line per lookup.
    private readonly Slot[] _slots;
    private readonly int _mask;

    // 64 Kbit (8 KB, stays in L1) saying which hashes may be features: most words of a draft are not,
    // and the filter answers for them without touching the larger table.
    private readonly ulong[] _maybe = new ulong[1024];
    private readonly float[] _weights; // row-major: row * Heads.Count + head
    private readonly float[] _bias;

    internal TextModel(string version, IReadOnlyList<string> heads, float[] bias, IReadOnlyList<string> features, float[] weights)
    {
        if (bias.Length != heads.Count || weights.Length != features.Count * heads.Count)
        {
            throw new ArgumentException("bias and weights do not match the heads and features");
        }

        Version = version;
        Heads = heads;
        Features = features;
        _bias = bias;
        _weights = weights;
        var capacity = 16;
        while (capacity < features.Count * 2)
        {
            capacity <<= 1;
        }

        _slots = new Slot[capacity];
        _mask = capacity - 1;
        Array.Fill(_slots, new Slot(0, -1));
        for (var i = 0; i < features.Count; i++)
        {
            var key = ModelFeatures.Hash(features[i]);
            var slot = (int)key & _mask;
            while (_slots[slot].Row >= 0 && _slots[slot].Key != key)
            {
                slot = (slot + 1) & _mask;
            }

            _slots[slot] = new Slot(key, i);
            var bit = (int)(key >> 48);
            _maybe[bit >> 6] |= 1UL << (bit & 63);
        }
    }

    public string Version { get; }

    public IReadOnlyList<string> Heads { get; }

    /// <summary>Feature names, one per weight row.</summary>
    public IReadOnlyList<string> Features { get; }

    public int HeadIndex(string head)
    {
        for (var i = 0; i < Heads.Count; i++)
        {
            if (string.Equals(Heads[i], head, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    public float Weight(int row, int head) => _weights[(row * Heads.Count) + head];

    // One per thread, reused by every check on it: a check reads its scores before the next begins.
    [ThreadStatic]
    private static ModelScores? t_scores;

    /// <summary>Every head's score for a draft (its normalized text and context). The result is
    /// this thread's scratch: valid until the next call on the same thread.</summary>
    public ModelScores Score(string normalized, CheckRequest request)
    {
        var heads = Heads.Count;
        var scores = t_scores is { Logits.Length: var n } reused && n == heads ? reused : t_scores = new ModelScores(heads);
        scores.Reset(_bias, this);
        var visitor = new Scorer(this, scores);
        ModelFeatures.Extract(normalized, request, ref visitor);
        return scores;
    }

    private int RowOf(ulong key)
    {
        var bit = (int)(key >> 48);
        if ((_maybe[bit >> 6] & (1UL << (bit & 63))) == 0)
        {
            return -1;
        }

        var slot = (int)key & _mask;
        while (true)
        {
            ref readonly var s = ref _slots[slot];
            if (s.Row < 0 || s.Key == key)
            {
                return s.Row;
            }

            slot = (slot + 1) & _mask;
        }
    }

    private readonly record struct Slot(ulong Key, int Row);

    /// <summary>
    /// Why a head scored as it did: how many different words weighed for it and the word (or pair)
    /// that weighed most. A second pass over the draft, run only for a head that fired, so the
    /// common path stays one addition per feature.
    /// </summary>
    public (int Words, int Start, int Length) Evidence(string normalized, CheckRequest request, int head)
    {
        var visitor = new Explainer(this, head);
        ModelFeatures.Extract(normalized, request, ref visitor);
        return (visitor.Words, visitor.Start, visitor.End - visitor.Start);
    }

    /// <summary>
    /// <see cref="Evidence(string, CheckRequest, int)"/> for the draft <paramref name="scores"/> were
    /// computed for (by <see cref="Score"/> of this model, the latest call on this thread), read from
    /// the features it found instead of a second pass over the draft: the same features in the same order.
    /// </summary>
    public (int Words, int Start, int Length) Evidence(ModelScores scores, int head)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (!ReferenceEquals(scores.ScoredBy, this))
        {
            throw new ArgumentException("The scores are not this model's.", nameof(scores));
        }

        var visitor = new Explainer(this, head);
        var found = scores.Found;
        for (var i = 0; i < found.Length; i++)
        {
            ref readonly var f = ref found[i];
            visitor.Consider(f.Kind, f.Row, f.Start, f.End);
        }

        return (visitor.Words, visitor.Start, visitor.End - visitor.Start);
    }

    private readonly struct Scorer(TextModel model, ModelScores scores) : IFeatureVisitor
    {
        public void Visit(char kind, ReadOnlySpan<char> first, ReadOnlySpan<char> second, ulong hash, int start, int end)
        {
            var row = model.RowOf(hash);
            if (row < 0)
            {
                return;
            }

            scores.Remember(kind, row, start, end);
            var logits = scores.Logits;
            var w = model._weights.AsSpan(row * logits.Length, logits.Length);
            for (var h = 0; h < logits.Length; h++)
            {
                logits[h] += w[h];
            }
        }
    }

    private struct Explainer(TextModel model, int head) : IFeatureVisitor
    {
        /// <summary>A word supports a head when one of its own features weighs at least this for it.</summary>
        private const float SupportWeight = 0.2f;

        private float _strongest;
        private int _lastSupport = -1;

        public int Words { get; private set; }

        public int Start { get; private set; }

        public int End { get; private set; }

        public void Visit(char kind, ReadOnlySpan<char> first, ReadOnlySpan<char> second, ulong hash, int start, int end)
        {
            var row = model.RowOf(hash);
            if (row >= 0)
            {
                Consider(kind, row, start, end);
            }
        }

        /// <summary>One feature of the draft that the model knows (its weight row).</summary>
        public void Consider(char kind, int row, int start, int end)
        {
            var w = model.Weight(row, head);
            // Pairs and context do not count as words of their own: "one word" means one word.
            if (w >= SupportWeight && kind is not ('b' or 'c') && start != _lastSupport)
            {
                Words++;
                _lastSupport = start;
            }

            if (end > start && w > _strongest)
            {
                _strongest = w;
                Start = start;
                End = end;
            }
        }
    }
}

/// <summary>One draft's scores: per head the logit.</summary>
public sealed class ModelScores
{
    // The features of the draft the model knows, in the order they were found: what Evidence reads
    // for a head that fired, instead of extracting the draft's features a second time.
    private Feature[] _found = new Feature[64];
    private int _foundCount;

    internal ModelScores(int heads) => Logits = new float[heads];

    public float[] Logits { get; }

    internal TextModel? ScoredBy { get; private set; }

    internal ReadOnlySpan<Feature> Found => _found.AsSpan(0, _foundCount);

    internal void Reset(float[] bias, TextModel model)
    {
        bias.CopyTo(Logits, 0);
        ScoredBy = model;
        _foundCount = 0;
        if (_found.Length > 4_096)
        {
            // A pathological draft must not leave a large array behind on this thread.
            _found = new Feature[64];
        }
    }

    internal void Remember(char kind, int row, int start, int end)
    {
        if (_foundCount == _found.Length)
        {
            Array.Resize(ref _found, _found.Length * 2);
        }

        _found[_foundCount++] = new Feature(kind, row, start, end);
    }

    internal readonly record struct Feature(char Kind, int Row, int Start, int End);

    public double Probability(int head) => 1.0 / (1.0 + Math.Exp(-Logits[head]));
}
