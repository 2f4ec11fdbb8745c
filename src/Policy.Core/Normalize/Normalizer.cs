using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace Policy.Core.Normalize;

/// <summary>
/// First stage of the check pipeline. Undoes the evasions that defeat keyword lexicons
/// (zero-width characters, bidi controls, Cyrillic and Greek look-alikes, fullwidth and other
/// compatibility forms, spaced-out letters) and folds case and German umlaut spellings, so that
/// "V E R T R A U L I C H", "vertrаulich" (Cyrillic а) and "Geschaeftsgeheimnis" match the same
/// terms as their plain spelling. Terms of a pack go through the same function, so both sides agree.
/// </summary>
public static class Normalizer
{
    private const int MinSpacedLetters = 4;

    public static NormalizedText Normalize(string original) => Run(original, foldCase: true);

    /// <summary>
    /// Undoes the evasions (invisible characters, look-alikes, fullwidth and compatibility forms,
    /// spaced-out letters) but keeps case and umlauts: the view secret detectors read, where
    /// "Passwоrt lautet Kirsche#42" with a Cyrillic о must still be caught and the value's case matters.
    /// </summary>
    public static NormalizedText Clean(string original)
    {
        ArgumentNullException.ThrowIfNull(original);

        // Most drafts hold nothing this view changes (umlauts, dashes and emoji stay as they are), so
        // the cleaned text is the draft itself: no second fold, no second string. Surrogate pairs come
        // out unchanged but their offset map is not the identity (both halves map to the pair), so for
        // them the map is still built lazily by OffsetMap, exactly as Run would have it.
        return KeepsAsIs(original, out var surrogatePairs)
            ? new NormalizedText(original, original, foldCase: false, identity: !surrogatePairs)
            : Run(original, foldCase: false);
    }

    /// <summary><see cref="Clean"/> without its shortcut: the full fold, for tests that hold the two equal.</summary>
    internal static NormalizedText CleanByFolding(string original) => Run(original, foldCase: false);

    /// <summary>Whether <see cref="Clean"/>'s fold and join would return the text unchanged: every
    /// character one that the fold keeps as it is wherever it stands (<see cref="CleanKeeps"/>), and no
    /// four letters in a row that are each followed by a single space (the least a spaced run needs).</summary>
    private static bool KeepsAsIs(string s, out bool surrogatePairs)
    {
        surrogatePairs = false;
        var firstNonAscii = s.AsSpan().IndexOfAnyExceptInRange('\0', '\u007F');
        if (firstNonAscii >= 0)
        {
            var keeps = CleanKeeps.Table;
            for (var i = firstNonAscii; i < s.Length; i++)
            {
                var c = s[i];
                if (c < 0x80)
                {
                    // Kept: an ASCII character changes only as a keycap's key, and U+FE0F / U+20E3 are not kept.
                    continue;
                }

                if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                {
                    // As Fold: mathematical and enclosed letters are folded, tag characters dropped.
                    var cp = char.ConvertToUtf32(c, s[i + 1]);
                    if (cp is >= 0x1D400 and <= 0x1D7FF or >= 0x1F100 and <= 0x1F1FF or >= 0xE0000 and <= 0xE007F)
                    {
                        return false;
                    }

                    surrogatePairs = true;
                    i++;
                    continue;
                }

                if ((keeps[c >> 6] & (1UL << (c & 63))) == 0)
                {
                    return false;
                }
            }
        }

        return !MayHoldSpacedLetters(s);
    }

    /// <summary>Whether four letters stand in a row, each of the first three followed by a single
    /// space ("p a s s"): position i with spaces at i + 1, i + 3 and i + 5 and letters at i, i + 2,
    /// i + 4 and i + 6.</summary>
    private static bool MayHoldSpacedLetters(string s)
    {
        const int MaxMasked = 4_096;
        if (s.Length > MaxMasked || !Vector256.IsHardwareAccelerated)
        {
            for (var i = 0; i + 6 < s.Length; i++)
            {
                if (SpacedLettersAt(s, i))
                {
                    return true;
                }
            }

            return false;
        }

        // A bit per space, sixteen characters a step (a compare per character took a mispredicted
        // branch at most spaces); only positions whose three spaces are there are looked at.
        Span<ulong> spaces = stackalloc ulong[(MaxMasked / 64) + 2];
        var words = (s.Length / 64) + 1;
        spaces[..(words + 1)].Clear();
        var chars = MemoryMarshal.Cast<char, ushort>(s.AsSpan());
        var space = Vector256.Create((ushort)' ');
        var k = 0;
        for (; k + Vector256<ushort>.Count <= chars.Length; k += Vector256<ushort>.Count)
        {
            var bits = Vector256.Equals(Vector256.Create<ushort>(chars[k..]), space).ExtractMostSignificantBits();
            spaces[k >> 6] |= (ulong)bits << (k & 63);
        }

        for (; k < chars.Length; k++)
        {
            if (chars[k] == ' ')
            {
                spaces[k >> 6] |= 1UL << (k & 63);
            }
        }

        for (var w = 0; w < words; w++)
        {
            // Bit i of each shifted word: a space at i + 1, i + 3, i + 5 (the next word supplies the high bits).
            var high = spaces[w + 1];
            var candidates = ((spaces[w] >> 1) | (high << 63)) & ((spaces[w] >> 3) | (high << 61)) & ((spaces[w] >> 5) | (high << 59));
            while (candidates != 0)
            {
                var i = (w * 64) + BitOperations.TrailingZeroCount(candidates);
                if (i + 6 < s.Length && SpacedLettersAt(s, i))
                {
                    return true;
                }

                candidates &= candidates - 1;
            }
        }

        return false;
    }

    private static bool SpacedLettersAt(string s, int i) =>
        s[i + 1] == ' ' && char.IsLetter(s[i]) && char.IsLetter(s[i + 2]) && s[i + 3] == ' '
        && char.IsLetter(s[i + 4]) && s[i + 5] == ' ' && char.IsLetter(s[i + 6]);

    /// <summary>
    /// Per character, whether <see cref="Clean"/>'s fold keeps it as it is (same character, its own
    /// offset) wherever it stands. Worked out once by folding each character alone, so it cannot drift
    /// from <see cref="Fold"/>; the two characters whose fold depends on a keycap before them (U+20E3,
    /// U+2733) are taken as changed, as are surrogates (a pair is judged by its code point).
    /// </summary>
    private static class CleanKeeps
    {
        public static readonly ulong[] Table = Build();

        private static ulong[] Build()
        {
            var table = new ulong[(char.MaxValue + 1) / 64];
            for (int c = 0; c <= char.MaxValue; c++)
            {
                if (c is '\u20E3' or '\u2733' || char.IsSurrogate((char)c))
                {
                    continue;
                }

                using var folded = new Folded(((char)c).ToString(), foldCase: false);
                if (folded.Length == 1 && folded.Buffer[0] == c && folded.Starts[0] == 0 && folded.Ends[0] == 1)
                {
                    table[c >> 6] |= 1UL << (c & 63);
                }
            }

            return table;
        }
    }

    private static NormalizedText Run(string original, bool foldCase)
    {
        ArgumentNullException.ThrowIfNull(original);
        using var folded = new Folded(original, foldCase);
        var text = new string(folded.Buffer, 0, folded.Length);

        // The offset map is only needed to report a finding, and most drafts have none: it is
        // not kept here but rebuilt by OffsetMap on the first ToOriginal (same input, same map).
        // Nothing moved (plain ASCII prose) means the map is the identity and is never built.
        return new NormalizedText(original, text, foldCase, IsIdentity(folded.Starts, folded.Ends, folded.Length, original.Length));
    }

    /// <summary>
    /// <see cref="Normalize"/> for one check: where the map is not the identity, the fold's pooled
    /// offsets stay with the text as its map until <see cref="NormalizedText.Release"/>, so a draft
    /// with a finding does not fold a second time to map it back (about 600 ns of a flagged draft's
    /// 13,000), and a clean one allocates nothing more: the array goes back to the pool either way.
    /// </summary>
    internal static NormalizedText NormalizeHeld(string original)
    {
        ArgumentNullException.ThrowIfNull(original);
        var folded = new Folded(original, foldCase: true);
        var text = new string(folded.Buffer, 0, folded.Length);
        var identity = IsIdentity(folded.Starts, folded.Ends, folded.Length, original.Length);
        if (identity || !folded.OffsetsPooled)
        {
            // The identity needs no map; a fold that outgrew its pooled offsets (rare) maps as Normalize does.
            folded.Dispose();
            return new NormalizedText(original, text, foldCase: true, identity);
        }

        folded.DisposeKeepingOffsets();
        return new NormalizedText(original, text, folded.Offsets, folded.Capacity);
    }

    /// <summary>
    /// The map from each normalized character to the original range it came from, interleaved:
    /// [2i] is the start, [2i+1] the end of character i. Runs the same steps as <see cref="Run"/>.
    /// </summary>
    internal static int[] OffsetMap(string original, bool foldCase)
    {
        using var folded = new Folded(original, foldCase);
        var map = new int[2 * folded.Length];
        for (var i = 0; i < folded.Length; i++)
        {
            map[2 * i] = folded.Starts[i];
            map[(2 * i) + 1] = folded.Ends[i];
        }

        return map;
    }

    private static bool IsIdentity(ReadOnlySpan<int> starts, ReadOnlySpan<int> ends, int length, int originalLength)
    {
        if (length != originalLength)
        {
            return false;
        }

        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // Eight characters a step: asked of every draft, and nearly always over its whole length.
            var expected = Vector256<int>.Indices;
            for (; i + Vector256<int>.Count <= length; i += Vector256<int>.Count)
            {
                if (!Vector256.EqualsAll(Vector256.Create<int>(starts.Slice(i, Vector256<int>.Count)), expected)
                    || !Vector256.EqualsAll(Vector256.Create<int>(ends.Slice(i, Vector256<int>.Count)), expected + Vector256<int>.One))
                {
                    return false;
                }

                expected += Vector256.Create(Vector256<int>.Count);
            }
        }

        for (; i < length; i++)
        {
            if (starts[i] != i || ends[i] != i + 1)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Normalizes a pack term the same way as drafts, without the offset map.</summary>
    public static string NormalizeTerm(string term) => Normalize(term.Trim()).Text;

    /// <summary>
    /// The folded text with, per character, the original range it came from, in pooled arrays
    /// (returned on Dispose): the steps <see cref="Run"/> and <see cref="OffsetMap"/> share.
    /// </summary>
    private ref struct Folded : IDisposable
    {
        private readonly char[] _rentedBuffer;
        private readonly int[] _rentedOffsets;

        public Folded(string original, bool foldCase)
        {
            // Umlaut expansion at most doubles a character; NFKC of a ligature can yield three.
            var capacity = original.Length * 2 + 8;
            _rentedBuffer = ArrayPool<char>.Shared.Rent(capacity);

            // Starts and ends in one array (starts from 0, ends from Capacity), so that a check can
            // keep it as its offset map in the one field NormalizedText has for a map.
            _rentedOffsets = ArrayPool<int>.Shared.Rent(2 * capacity);
            var writer = new Writer(_rentedBuffer, _rentedOffsets, Math.Min(_rentedBuffer.Length, _rentedOffsets.Length / 2));
            Fold(original, foldCase, ref writer);
            Length = JoinSpacedLetters(writer.Buffer, writer.Starts, writer.Ends, writer.Length, spacesOnly: !foldCase);
            if (foldCase)
            {
                // Only in the matching view: the detectors' cleaned view keeps a value's digits and hyphens.
                Length = JoinSyllables(writer.Buffer, writer.Starts, writer.Ends, Length, original);
                FoldLeetspeak(writer.Buffer, Length);
            }
            Buffer = writer.Buffer;
            Offsets = writer.Offsets;
            Capacity = writer.Capacity;
        }

        public char[] Buffer { get; }

        /// <summary>Starts at [0, Capacity), ends at [Capacity, 2 Capacity).</summary>
        public int[] Offsets { get; }

        public int Capacity { get; }

        public readonly Span<int> Starts => Offsets.AsSpan(0, Capacity);

        public readonly Span<int> Ends => Offsets.AsSpan(Capacity, Capacity);

        public int Length { get; }

        /// <summary>Whether <see cref="Offsets"/> is the pooled array (not replaced by a rare growth).</summary>
        public readonly bool OffsetsPooled => ReferenceEquals(Offsets, _rentedOffsets);

        public readonly void Dispose()
        {
            ArrayPool<char>.Shared.Return(_rentedBuffer);
            ArrayPool<int>.Shared.Return(_rentedOffsets);
        }

        /// <summary>Returns the buffer only: the offsets go on as a check's map (<see cref="NormalizedText.Release"/> returns them).</summary>
        public readonly void DisposeKeepingOffsets() => ArrayPool<char>.Shared.Return(_rentedBuffer);
    }

    private ref struct Writer(char[] buffer, int[] offsets, int capacity)
    {
        private char[] _buffer = buffer;
        private int[] _offsets = offsets;
        private int _capacity = capacity;
        public int Length;

        // After a rare growth these are no longer the pooled arrays; the caller returns its own.
        public readonly char[] Buffer => _buffer;
        public readonly int[] Offsets => _offsets;
        public readonly int Capacity => _capacity;
        public readonly Span<int> Starts => _offsets.AsSpan(0, _capacity);
        public readonly Span<int> Ends => _offsets.AsSpan(_capacity, _capacity);

        public void Put(char c, int start, int end)
        {
            if (Length == _capacity)
            {
                Grow();
            }

            _buffer[Length] = c;
            _offsets[Length] = start;
            _offsets[_capacity + Length] = end;
            Length++;
        }

        /// <summary>Puts printable ASCII and single spaces starting at original offset <paramref name="start"/>,
        /// one character for one, lower-cased when <paramref name="foldCase"/>.</summary>
        public void PutAscii(ReadOnlySpan<char> run, int start, bool foldCase)
        {
            while (Length + run.Length > _capacity)
            {
                Grow();
            }

            var target = _buffer.AsSpan(Length, run.Length);
            if (foldCase)
            {
                Ascii.ToLower(run, target, out _);
            }
            else
            {
                run.CopyTo(target);
            }

            var starts = _offsets.AsSpan(Length, run.Length);
            var ends = _offsets.AsSpan(_capacity + Length, run.Length);
            var k = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                // Eight offsets a step: most of a draft goes through here.
                var offsets = Vector256.Create(start) + Vector256<int>.Indices;
                for (; k + Vector256<int>.Count <= run.Length; k += Vector256<int>.Count)
                {
                    offsets.CopyTo(starts[k..]);
                    (offsets + Vector256<int>.One).CopyTo(ends[k..]);
                    offsets += Vector256.Create(Vector256<int>.Count);
                }
            }

            for (; k < run.Length; k++)
            {
                starts[k] = start + k;
                ends[k] = start + k + 1;
            }

            Length += run.Length;
        }

        public readonly char Last => Length == 0 ? '\0' : _buffer[Length - 1];

        /// <summary>Stretches the last character's origin over a dropped trailing mark.</summary>
        public readonly void Extend(int end)
        {
            if (Length > 0)
            {
                _offsets[_capacity + Length - 1] = end;
            }
        }

        private void Grow()
        {
            // Rare: only compatibility expansions longer than the reserve get here. The buffer may be
            // longer than the capacity (the pool rounds up); the offsets' halves are placed by capacity.
            var capacity = _capacity * 2;
            var offsets = new int[2 * capacity];
            Array.Copy(_offsets, 0, offsets, 0, _capacity);
            Array.Copy(_offsets, _capacity, offsets, capacity, _capacity);
            _offsets = offsets;
            _capacity = capacity;
            if (_buffer.Length < capacity)
            {
                Array.Resize(ref _buffer, capacity);
            }
        }
    }

    private static void Fold(string s, bool foldCase, ref Writer w)
    {
        // Where the last keycap emoji ended: "2️⃣0️⃣2️⃣4️⃣✳️" is a code typed key by key.
        var keycapEnd = -1;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c is (>= '0' and <= '9') or '#' or '*' && KeycapLength(s, i) is var keycap and > 0)
            {
                // "3️⃣" (digit, variation selector, enclosing keycap) is the digit; in the detectors' view each key
                // stands apart ("2 0 2 4"), as spaced digits do, so a code typed key by key reads as one, not as a year.
                if (!foldCase && keycapEnd == i)
                {
                    w.Put(' ', i, i);
                }

                w.Put(c, i, i + keycap);
                keycapEnd = i + keycap;
                i += keycap - 1;
                continue;
            }

            if (c == '\u20E3' && w.Last is (>= '0' and <= '9') or '#' or '*')
            {
                // A second keycap mark ("3⃣⃣") joins the key it follows, so normalizing twice changes nothing more.
                w.Extend(i + 1);
                continue;
            }

            if (c == '\u2733' && keycapEnd == i)
            {
                // "✳️" after keycaps is the star key.
                var end = i + 1 < s.Length && s[i + 1] == '\uFE0F' ? i + 2 : i + 1;
                w.Put('*', i, end);
                keycapEnd = end;
                i = end - 1;
                continue;
            }

            if (c is >= ' ' and < '\u0080' && !(foldCase && c == ' ' && w.Last == ' '))
            {
                // Most of a draft is printable ASCII and single spaces, which fold one for one (upper
                // case to lower): the whole run is copied at once. It ends before a second space in a
                // row (spaces collapse) and, when a keycap mark follows, before its last character
                // ("3️⃣"), so the paths below see those.
                var run = s.AsSpan(i).IndexOfAnyExceptInRange(' ', '\u007F');
                run = run < 0 ? s.Length - i : run;
                var doubleSpace = s.AsSpan(i, run).IndexOf("  ", StringComparison.Ordinal);
                if (doubleSpace >= 0)
                {
                    run = doubleSpace + 1;
                }
                else if (i + run < s.Length && s[i + run] is '\uFE0F' or '\u20E3')
                {
                    run--;
                }

                if (run > 0)
                {
                    w.PutAscii(s.AsSpan(i, run), i, foldCase);
                    i += run - 1;
                    continue;
                }
            }

            if (c < 0x80)
            {
                if (c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v')
                {
                    // Code and config pastes keep their line structure in the cleaned view.
                    if (foldCase)
                    {
                        PutSpace(ref w, i);
                    }
                    else
                    {
                        w.Put(c, i, i + 1);
                    }
                }
                else
                {
                    w.Put(foldCase && c is >= 'A' and <= 'Z' ? (char)(c + 32) : c, i, i + 1);
                }

                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                var cp = char.ConvertToUtf32(c, s[i + 1]);
                if (cp is >= 0x1D400 and <= 0x1D7FF or >= 0x1F100 and <= 0x1F1FF)
                {
                    PutCompatibility(s.AsSpan(i, 2), i, i + 2, foldCase, ref w);
                }
                else if (cp is >= 0xE0000 and <= 0xE007F)
                {
                    // Tag characters are invisible and can hide inside words.
                    w.Extend(i + 2);
                }
                else
                {
                    w.Put(c, i, i + 2);
                    w.Put(s[i + 1], i, i + 2);
                }

                i++;
                continue;
            }

            if (IsInvisible(c))
            {
                continue;
            }

            if (c is >= '\u0300' and <= '\u036F')
            {
                // A decomposed umlaut (a + U+0308) folds like the composed one; other marks drop,
                // so "é" written as e + U+0301 matches "e".
                if (foldCase && c == '\u0308' && w.Last is 'a' or 'o' or 'u')
                {
                    w.Put('e', i - 1, i + 1);
                }
                else
                {
                    w.Extend(i + 1);
                }

                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                if (foldCase)
                {
                    PutSpace(ref w, i);
                }
                else
                {
                    w.Put(' ', i, i + 1);
                }

                continue;
            }

            if (foldCase && TryPutGerman(char.ToLowerInvariant(c), i, i + 1, ref w))
            {
                continue;
            }

            if (c is >= '\uFF01' and <= '\uFF5E')
            {
                var ascii = (char)(c - 0xFEE0);
                w.Put(foldCase && ascii is >= 'A' and <= 'Z' ? (char)(ascii + 32) : ascii, i, i + 1);
                continue;
            }

            if (NeedsCompatibilityFold(c))
            {
                PutCompatibility(s.AsSpan(i, 1), i, i + 1, foldCase, ref w);
                continue;
            }

            w.Put(foldCase ? FoldLookAlike(char.ToLowerInvariant(c)) : FoldLookAlikeKeepCase(c), i, i + 1);
        }
    }

    /// <summary>The length of a keycap emoji starting at <paramref name="i"/> (its digit, an optional
    /// U+FE0F and U+20E3), or 0.</summary>
    private static int KeycapLength(string s, int i)
    {
        var j = i + 1;
        if (j < s.Length && s[j] == '\uFE0F')
        {
            j++;
        }

        return j < s.Length && s[j] == '\u20E3' ? j + 1 - i : 0;
    }

    private static void PutSpace(ref Writer w, int i)
    {
        if (w.Length > 0 && w.Last == ' ')
        {
            w.Extend(i + 1);
        }
        else
        {
            w.Put(' ', i, i + 1);
        }
    }

    private static void PutCompatibility(ReadOnlySpan<char> source, int start, int end, bool foldCase, ref Writer w)
    {
        var folded = source.ToString().Normalize(NormalizationForm.FormKC);
        foreach (var f in folded)
        {
            if (IsInvisible(f))
            {
                continue;
            }

            if (!foldCase)
            {
                if (char.IsWhiteSpace(f))
                {
                    PutSpace(ref w, start);
                }
                else
                {
                    w.Put(FoldLookAlikeKeepCase(f), start, end);
                }

                continue;
            }

            var lower = char.ToLowerInvariant(f);
            if (TryPutGerman(lower, start, end, ref w))
            {
                continue;
            }

            if (char.IsWhiteSpace(lower))
            {
                PutSpace(ref w, start);
            }
            else
            {
                w.Put(FoldLookAlike(lower), start, end);
            }
        }
    }

    /// <summary>ä → ae, ö → oe, ü → ue, ß → ss, so both spellings of a German word match.</summary>
    private static bool TryPutGerman(char lower, int start, int end, ref Writer w)
    {
        var (first, second) = lower switch
        {
            'ä' => ('a', 'e'),
            'ö' => ('o', 'e'),
            'ü' => ('u', 'e'),
            'ß' or 'ẞ' => ('s', 's'),
            _ => ('\0', '\0'),
        };
        if (first == '\0')
        {
            return false;
        }

        w.Put(first, start, end);
        w.Put(second, start, end);
        return true;
    }

    private static bool NeedsCompatibilityFold(char c) =>
        c is '\u00AA' or '\u00B2' or '\u00B3' or '\u00B5' or '\u00B9' or '\u00BA' or >= '\u00BC' and <= '\u00BE'
            or >= '\u2000' and <= '\u2BFF'
            or >= '\u3000' and <= '\u33FF'
            or >= '\uFB00' and <= '\uFB4F'
            or >= '\uFE30' and <= '\uFE4F'
            or >= '\uFF5F' and <= '\uFFEF';

    /// <summary>Characters that render as nothing and only serve to split a word.</summary>
    private static bool IsInvisible(char c) =>
        c is '\u00AD' or '\u034F' or '\u061C' or '\u115F' or '\u1160' or '\u17B4' or '\u17B5' or '\u180E'
            or >= '\u200B' and <= '\u200F'
            or >= '\u202A' and <= '\u202E'
            or >= '\u2060' and <= '\u206F'
            or '\u3164' or '\uFEFF' or '\uFFA0'
            or >= '\uFE00' and <= '\uFE0F';

    /// <summary>Cyrillic and Greek letters that look like Latin ones (after lower-casing).</summary>
    private static char FoldLookAlike(char c) => c switch
    {
        // Cyrillic
        'а' => 'a', 'в' => 'b', 'е' => 'e', 'ё' => 'e', 'к' => 'k', 'м' => 'm', 'н' => 'h', 'о' => 'o',
        'р' => 'p', 'с' => 'c', 'т' => 't', 'у' => 'y', 'х' => 'x', 'ѕ' => 's', 'і' => 'i', 'ї' => 'i',
        'ј' => 'j', 'ԁ' => 'd', 'ӏ' => 'l', 'ԛ' => 'q', 'ԝ' => 'w', 'һ' => 'h', 'ɡ' => 'g',
        // Greek
        'α' => 'a', 'β' => 'b', 'ε' => 'e', 'ζ' => 'z', 'η' => 'h', 'ι' => 'i', 'κ' => 'k', 'μ' => 'm',
        'ν' => 'v', 'ο' => 'o', 'ρ' => 'p', 'τ' => 't', 'υ' => 'u', 'χ' => 'x', 'ϲ' => 'c', 'ϳ' => 'j',
        // Latin look-alikes from other blocks
        'ı' => 'i', 'ſ' => 's', 'ℓ' => 'l',
        _ => c,
    };

    private static char FoldLookAlikeKeepCase(char c)
    {
        var lower = char.ToLowerInvariant(c);
        var folded = FoldLookAlike(lower);
        return folded == lower ? c : char.IsUpper(c) ? char.ToUpperInvariant(folded) : folded;
    }

    // Asked for every character of a draft (MayHoldSpacedRun): inlined, it is a compare or two.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool IsSpacingSeparator(char c) => c is ' ' or '.' or '-' or '_' or '*' or '·' or '/' or '|';

    /// <summary>
    /// Joins runs such as "v e r t r a u l i c h" or "g-e-h-e-i-m" into one word. A run needs at least
    /// four single letters with the same separator, so ordinary prose ("a b" in a list) stays as it is.
    /// </summary>
    private static int JoinSpacedLetters(char[] buf, Span<int> starts, Span<int> ends, int length, bool spacesOnly)
    {
        if (!MayHoldSpacedRun(buf, starts, length, spacesOnly))
        {
            return length;
        }

        var read = 0;
        var write = 0;
        while (read < length)
        {
            var runEnd = SpacedRunEnd(buf, starts, length, read, spacesOnly, out var letters);
            if (letters >= MinSpacedLetters)
            {
                for (var k = read; k < runEnd; k++)
                {
                    if (char.IsLetter(buf[k]))
                    {
                        Move(buf, starts, ends, k, write++);
                    }
                }

                read = runEnd;
                continue;
            }

            Move(buf, starts, ends, read, write);

            write++;
            read++;
        }

        return write;
    }

    /// <summary>Moves the character at <paramref name="from"/> with its origin to <paramref name="to"/>
    /// (never after it): the joins drop separators by copying what they keep forward.</summary>
    private static void Move(char[] buf, Span<int> starts, Span<int> ends, int from, int to)
    {
        if (to != from)
        {
            buf[to] = buf[from];
            starts[to] = starts[from];
            ends[to] = ends[from];
        }
    }

    /// <summary>
    /// Joins a word split into syllables by hyphens ("ver-trau-lich", "con-fi-den-tial", "IN-TER-NAL"):
    /// three or more groups of two to five letters, each group after the first starting with a small
    /// letter in the draft (or the whole chain in capitals), so that compounds of nouns ("Drei-Tage-Bart",
    /// "Check-in-Code") and words with a one-letter part ("E-Mail-Adresse") stay as they are. The hyphens
    /// are dropped; every letter keeps its origin.
    /// </summary>
    private static int JoinSyllables(char[] buf, Span<int> starts, Span<int> ends, int length, string original)
    {
        if (!MayHoldSyllables(buf, length))
        {
            return length;
        }

        var read = 0;
        var write = 0;
        var previous = '\0';
        while (read < length)
        {
            var chainEnd = char.IsLetterOrDigit(previous) || previous == '-' ? -1 : SyllableChainEnd(buf, starts, length, read, original);
            if (chainEnd > 0)
            {
                for (var k = read; k < chainEnd; k++)
                {
                    if (buf[k] != '-')
                    {
                        Move(buf, starts, ends, k, write++);
                    }
                }

                previous = buf[chainEnd - 1];
                read = chainEnd;
                continue;
            }

            previous = buf[read];
            Move(buf, starts, ends, read, write);

            write++;
            read++;
        }

        return write;
    }

    /// <summary>Whether some hyphen has a letter after it and another hyphen three to six characters on
    /// (the least a chain of syllables needs); most drafts have none, and then nothing is copied.</summary>
    private static bool MayHoldSyllables(char[] buf, int length)
    {
        var span = buf.AsSpan(0, length);
        var at = span.IndexOf('-');
        while (at >= 0 && at + 3 < length)
        {
            if (char.IsLetter(buf[at + 1]))
            {
                var next = span.Slice(at + 3, Math.Min(4, length - at - 3)).IndexOf('-');
                if (next >= 0)
                {
                    return true;
                }
            }

            var rest = span[(at + 1)..].IndexOf('-');
            at = rest < 0 ? -1 : at + 1 + rest;
        }

        return false;
    }

    /// <summary>The end of a chain of syllables starting at <paramref name="i"/> (see <see cref="JoinSyllables"/>), or -1.</summary>
    private static int SyllableChainEnd(char[] buf, ReadOnlySpan<int> starts, int length, int i, string original)
    {
        var groups = 0;
        var laterStartSmall = true;
        var allCapitals = true;
        var k = i;
        while (true)
        {
            // A group starts with a letter; digits that stand for letters ("v3r-tr4u-l1ch") go on to the leetspeak fold.
            var end = k;
            while (end < length && (char.IsLetter(buf[end]) || (end > k && buf[end] is '0' or '1' or '3' or '4' or '5' or '7')))
            {
                end++;
            }

            if (end - k is < 2 or > 5 || !char.IsLetter(buf[k]))
            {
                return -1;
            }

            var first = original[starts[k]];
            var second = original[starts[k + 1]];
            allCapitals &= char.IsUpper(first) && char.IsUpper(second);
            laterStartSmall &= groups == 0 || char.IsLower(first);
            groups++;
            k = end;
            if (k + 1 < length && buf[k] == '-' && char.IsLetter(buf[k + 1]))
            {
                k++;
                continue;
            }

            break;
        }

        var endsWord = k == length || !(char.IsLetterOrDigit(buf[k]) || buf[k] == '-');
        return groups >= 3 && endsWord && (laterStartSmall || allCapitals) ? k : -1;
    }

    /// <summary>
    /// Whether the text may hold a run <see cref="JoinSpacedLetters"/> joins: four letters need at least
    /// "s L s L s" somewhere (two single letters, each between the same separator s; a letter may be two
    /// characters from one original, "ä" → "ae"). Ordinary prose has none, and then the join, which
    /// looks at every character, is skipped: without such a run it changes nothing.
    /// </summary>
    private static bool MayHoldSpacedRun(char[] buf, ReadOnlySpan<int> starts, int length, bool spacesOnly)
    {
        for (var k = 0; k + 2 < length; k++)
        {
            var separator = buf[k];
            if (spacesOnly ? separator != ' ' : !IsSpacingSeparator(separator))
            {
                continue;
            }

            var afterFirst = SingleLetterEnd(buf, starts, length, k + 1);
            if (afterFirst == k + 1 || afterFirst >= length || buf[afterFirst] != separator)
            {
                continue;
            }

            var afterSecond = SingleLetterEnd(buf, starts, length, afterFirst + 1);
            if (afterSecond > afterFirst + 1 && afterSecond < length && buf[afterSecond] == separator)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The end of the letter at <paramref name="i"/> (its characters share one original start),
    /// or <paramref name="i"/> itself when no letter is there.</summary>
    private static int SingleLetterEnd(char[] buf, ReadOnlySpan<int> starts, int length, int i)
    {
        if (i >= length || !char.IsLetter(buf[i]))
        {
            return i;
        }

        var end = i + 1;
        while (end < length && char.IsLetter(buf[end]) && starts[end] == starts[i])
        {
            end++;
        }

        return end;
    }

    /// <summary>
    /// "p4ssw0rt", "v3rtr4ul1ch", "c0nf1d3nt14l", "n!cht": digits and '!' that stand for letters inside a
    /// word become those letters, one character for one, so offsets stay. Only in words of five or more
    /// characters, at least half of them letters, whose digits are all look-alikes (0 1 3 4 5 7) and one
    /// of them followed by a letter: an IBAN, a passport number, "Win10" or "Q3" keep their digits.
    /// </summary>
    private static void FoldLeetspeak(char[] buf, int length)
    {
        // Only a look-alike can change a word: most drafts hold none, and one vectorized search says so.
        var i = buf.AsSpan(0, length).IndexOfAny(LeetCharacters);
        if (i < 0)
        {
            return;
        }

        // Back to the start of the word the first look-alike is in: the words before it hold none.
        while (i > 0 && IsLeetWordChar(buf, i - 1, length))
        {
            i--;
        }

        while (i < length)
        {
            if (!IsLeetWordChar(buf, i, length))
            {
                // A word without a look-alike stays as it is: go on at the word of the next one.
                var next = buf.AsSpan(i + 1, length - i - 1).IndexOfAny(LeetCharacters);
                if (next < 0)
                {
                    return;
                }

                // Back to that word's start; it stops at the character just passed, which is no word character.
                i += 1 + next;
                while (IsLeetWordChar(buf, i - 1, length))
                {
                    i--;
                }

                continue;
            }

            var start = i;
            int letters = 0, leet = 0;
            var other = false;
            var inner = false;
            while (i < length && IsLeetWordChar(buf, i, length))
            {
                var c = buf[i];
                if (char.IsLetter(c))
                {
                    letters++;
                }
                else if (LeetLetter(c) != '\0')
                {
                    leet++;
                    inner |= i + 1 < length && char.IsLetter(buf[i + 1]);
                }
                else
                {
                    other = true;
                }

                i++;
            }

            // A look-alike must stand between letters: "Win10" or "Kunde7" end in a number.
            if (!other && inner && letters >= 3 && i - start >= 5 && letters * 2 >= i - start)
            {
                for (var k = start; k < i; k++)
                {
                    if (!char.IsLetter(buf[k]))
                    {
                        buf[k] = LeetLetter(buf[k]);
                    }
                }
            }
        }
    }

    /// <summary>A letter or digit, or a '!' between two of them ("n!cht", not the end of "toll!").</summary>
    private static bool IsLeetWordChar(char[] buf, int i, int length) =>
        char.IsLetterOrDigit(buf[i])
        || (buf[i] == '!' && i > 0 && i + 1 < length && char.IsLetterOrDigit(buf[i - 1]) && char.IsLetterOrDigit(buf[i + 1]));

    private static readonly SearchValues<char> LeetCharacters = SearchValues.Create("013457!");

    private static char LeetLetter(char c) => c switch
    {
        '0' => 'o',
        '1' => 'i',
        '3' => 'e',
        '4' => 'a',
        '5' => 's',
        '7' => 't',
        '!' => 'i',
        _ => '\0',
    };

    /// <summary>Where a run of separated single letters starting at <paramref name="i"/> ends.</summary>
    private static int SpacedRunEnd(char[] buf, ReadOnlySpan<int> starts, int length, int i, bool spacesOnly, out int letters)
    {
        letters = 0;
        if (!char.IsLetter(buf[i]) || (i > 0 && char.IsLetterOrDigit(buf[i - 1])))
        {
            return i;
        }

        var separator = '\0';
        var pos = i;
        var end = i;
        while (pos < length && char.IsLetter(buf[pos]))
        {
            // One original letter may have become two ("ä" → "ae"); it still counts as one.
            var letterEnd = pos + 1;
            while (letterEnd < length && char.IsLetter(buf[letterEnd]) && starts[letterEnd] == starts[pos])
            {
                letterEnd++;
            }

            if (letterEnd < length && char.IsLetterOrDigit(buf[letterEnd]))
            {
                break;
            }

            letters++;
            end = letterEnd;
            if (letterEnd + 1 >= length || !(spacesOnly ? buf[letterEnd] == ' ' : IsSpacingSeparator(buf[letterEnd])) || !char.IsLetter(buf[letterEnd + 1]))
            {
                break;
            }

            if (separator == '\0')
            {
                separator = buf[letterEnd];
            }
            else if (buf[letterEnd] != separator)
            {
                break;
            }

            pos = letterEnd + 1;
        }

        return end;
    }
}
