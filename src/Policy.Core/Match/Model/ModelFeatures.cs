using System.Numerics;
using System.Runtime.InteropServices;
using Policy.Core.Checking;
using Policy.Core.Model;

namespace Policy.Core.Match.Model;

/// <summary>Receives the features of one draft: a kind letter, one or two text parts, and the span
/// of the normalized text they come from (context features have an empty span).</summary>
internal interface IFeatureVisitor
{
    /// <param name="hash">The feature's hash (<see cref="ModelFeatures.Hash(char, ulong, ulong)"/>).</param>
    void Visit(char kind, ReadOnlySpan<char> first, ReadOnlySpan<char> second, ulong hash, int start, int end);
}

/// <summary>
/// The features the trained layer reads from a normalized draft, and the one hash both training and
/// checking use for them. Words (<c>w:</c>), neighbouring word pairs (<c>b:</c>), the first five and
/// last five letters of long words (<c>p:</c>, <c>s:</c>: German compounds and word forms share
/// them: "Konkurrenzprodukt", "Konkurrenten"; words of 12 letters or more), the shape of words with digits (<c>d:</c>: "a0a0",
/// so a door code and a PIN look alike whatever their digits), emoji (<c>e:</c>: "📈😉" after a
/// figure, "🤫" after a hint) and the context of the post (<c>c:</c>: account kind, complaint reply,
/// spokesperson, attachments). A feature's name is its
/// kind, a colon and its parts joined by '_', e.g. <c>b:nicht_weitergeben</c> (words hold only
/// letters and digits, so '_' never occurs inside a part). The hash is built from the parts' hashes,
/// so each word is hashed once however many features it takes part in.
/// </summary>
internal static class ModelFeatures
{
    private const int AffixLength = 5;

    // Affixes are for compounds and word forms ("Konkurrenzprodukt", "Konkurrenten"); a shorter word
    // has its own feature, and its affixes would weigh it three times ("während": w:, p:, s:).
    // Measured by part-wise cross-validation on 10,653 posts: from 8 letters (before) 84.2 % in band and
    // 3.5 % harmless warned, from 12 letters 84.5 % and 3.3 %.
    private const int MinCompoundLength = 12;
    private const int MaxWordLength = 40;
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    public static void Extract<TVisitor>(string normalized, CheckRequest request, ref TVisitor visitor)
        where TVisitor : struct, IFeatureVisitor
    {
        Context(ref visitor, request.Account == AccountKind.Corporate ? "corporate" : "private");
        if (request.ReplyToComplaint)
        {
            Context(ref visitor, "complaint");
        }

        if (request.Author.IsSpokesperson)
        {
            Context(ref visitor, "spokesperson");
        }

        for (var i = 0; i < request.Attachments.Count; i++)
        {
            var a = request.Attachments[i];
            Context(ref visitor, a.License == MediaLicense.Unknown ? "media-unknown" : "media-known");
            if (a.Gps is not null)
            {
                Context(ref visitor, "gps");
            }
        }

        var text = normalized.AsSpan();
        int previousStart = -1, previousEnd = -1;
        ulong previousHash = 0;
        var previousHasDigit = false;
        var i0 = 0;
        Span<char> shape = stackalloc char[MaxWordLength];
        while (i0 < text.Length)
        {
            if (!char.IsLetterOrDigit(text[i0]))
            {
                // Emoji carry tone and intent the words leave out ("Zahlen kommen Donnerstag 📈😉",
                // "Mehr darf ich nicht 🤫"); other punctuation does not.
                if (char.IsHighSurrogate(text[i0]) && i0 + 1 < text.Length && char.IsLowSurrogate(text[i0 + 1]))
                {
                    var emoji = text.Slice(i0, 2);
                    visitor.Visit('e', emoji, default, Hash('e', PartHash(emoji), 0), i0, i0 + 2);
                    i0 += 2;
                    continue;
                }

                i0++;
                continue;
            }

            var start = i0;
            var hasDigit = false;
            while (i0 < text.Length && char.IsLetterOrDigit(text[i0]))
            {
                hasDigit |= char.IsAsciiDigit(text[i0]);
                i0++;
            }

            var end = i0;
            var word = text[start..Math.Min(end, start + MaxWordLength)];
            ulong wordHash;
            if (hasDigit)
            {
                var n = 0;
                for (var k = 0; k < word.Length; k++)
                {
                    var c = char.IsAsciiDigit(word[k]) ? '0' : 'a';
                    if (n < 2 || shape[n - 1] != c || shape[n - 2] != c)
                    {
                        shape[n++] = c; // runs longer than two collapse, so "4711" and "123456" share a shape
                    }
                }

                visitor.Visit('d', shape[..n], default, Hash('d', PartHash(shape[..n]), 0), start, end);
                wordHash = DigitsHash;
            }
            else
            {
                wordHash = PartHash(word);
                visitor.Visit('w', word, default, Hash('w', wordHash, 0), start, end);
                if (word.Length >= MinCompoundLength)
                {
                    visitor.Visit('p', word[..AffixLength], default, Hash('p', PartHash(word[..AffixLength]), 0), start, end);
                    visitor.Visit('s', word[^AffixLength..], default, Hash('s', PartHash(word[^AffixLength..]), 0), start, end);
                }
            }

            if (previousStart >= 0)
            {
                // Pairs read digits as "0": "code 4711" and "code 0815" are one feature.
                ReadOnlySpan<char> previous = previousHasDigit ? "0" : text[previousStart..Math.Min(previousEnd, previousStart + MaxWordLength)];
                visitor.Visit('b', previous, hasDigit ? "0" : word, Hash('b', previousHash, wordHash), previousStart, end);
            }

            previousStart = start;
            previousEnd = end;
            previousHash = wordHash;
            previousHasDigit = hasDigit;
        }
    }

    private static readonly ulong DigitsHash = PartHash("0");

    private static void Context<TVisitor>(ref TVisitor visitor, string name)
        where TVisitor : struct, IFeatureVisitor =>
        visitor.Visit('c', name, default, Hash('c', PartHash(name), 0), 0, 0);

    /// <summary>A feature's hash from its kind and the hashes of its parts (0 for no second part).</summary>
    public static ulong Hash(char kind, ulong first, ulong second)
    {
        // splitmix64's finalizer over an order-dependent combination of the parts.
        var z = first + (second * 0x9E3779B97F4A7C15UL) + ((ulong)kind << 56);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>
    /// FNV-1a's step over four characters at a time (one 64-bit word, rotated after each product so
    /// its upper characters reach the lower bits), then over the last ones alone: a quarter of the
    /// dependent multiplications of one step per character, for every word of every draft. Each step
    /// is a bijection, so two parts of the same length never share a hash. Nothing stores these
    /// hashes: a pack holds feature names, which <see cref="TextModel"/> hashes with this on loading.
    /// </summary>
    public static ulong PartHash(ReadOnlySpan<char> part)
    {
        var h = FnvOffset;
        var i = 0;
        for (; i + 4 <= part.Length; i += 4)
        {
            var four = MemoryMarshal.Read<ulong>(MemoryMarshal.AsBytes(part.Slice(i, 4)));
            h = BitOperations.RotateLeft((h ^ four) * FnvPrime, 29);
        }

        for (; i < part.Length; i++)
        {
            h = (h ^ part[i]) * FnvPrime;
        }

        return h;
    }

    /// <summary>The hash of a feature written as its name ("b:nicht_weitergeben"), as the pack stores it.</summary>
    public static ulong Hash(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var body = name.AsSpan(2);
        var split = body.IndexOf('_');
        return split < 0
            ? Hash(name[0], PartHash(body), 0)
            : Hash(name[0], PartHash(body[..split]), PartHash(body[(split + 1)..]));
    }
}
