using System.Buffers;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Policy.Core.Match;

/// <summary>
/// A necessary condition for a pack regex to match, worked out from the pattern when the pack is
/// compiled: strings of which every match contains at least one ("d.d" for "[0-9]{1,2}[.][0-9]{3,8}",
/// ". de", "[dot]" …). A draft that contains none of them cannot match, so the non-backtracking
/// matcher, which walks every character of the draft at several nanoseconds each, is not asked.
/// A pack's keywords gate a regex in the same way, but they are written by hand and normalized
/// (a keyword " ." becomes "." and opens on every draft); this condition is derived from the
/// pattern itself and is therefore never wrong, only sometimes too weak to help.
/// </summary>
/// <remarks>
/// The analysis (after RE2's prefilter) knows literals, small character classes, groups,
/// alternation and quantifiers. Per part of the pattern it keeps the exact strings the part matches
/// while there are few, else strings every match starts with, ends with, and contains; across a
/// concatenation the end of one part and the start of the next make a longer string. Anything it does
/// not know (lookarounds, backreferences, inline options) gives no condition: the regex then always
/// runs. Under IgnoreCase each literal stands for the characters .NET's regex treats as its case
/// variants (asked of the regex engine itself) and the strings are searched ignoring case, with a
/// string of its own for a variant that ordinal-ignore-case does not equate (the Kelvin sign for k).
/// </remarks>
public sealed class RegexPrefilter
{
    /// <summary>At most this many strings in any set: beyond it a set is cut to shorter strings
    /// (any part of a required string is required too) or given up.</summary>
    internal const int MaxStrings = 256;

    /// <summary>A character class larger than this (after case variants) is treated as any character.</summary>
    private const int MaxClass = 24;

    /// <summary>Copies of a repeated part looked at for x{m,}: x{m,} contains, starts and ends with x{4}.</summary>
    private const int MaxCopies = 4;

    /// <summary>Characters rare in prose: each string is looked for only where its rarest
    /// character (in any case variant) stands, found by a vectorized search.</summary>
    private readonly SearchValues<char> _anchors;

    /// <summary>Per anchor character (ASCII by index, the rest in the dictionary): the strings
    /// anchored on it and where in them it stands.</summary>
    private readonly Anchored[]?[] _ascii = new Anchored[]?[128];

    private readonly Dictionary<char, Anchored[]> _other = [];

    /// <summary>Strings whose rarest character is more common than this (a letter of most words, a
    /// space, a full stop) would be looked at so often that the search costs about what the regex
    /// does; such a regex gets no condition.</summary>
    private const int MaxAnchorCommonness = 4;

    /// <summary>Per anchor character (ASCII by index, the rest in the dictionary): what its two
    /// neighbours must be for any string anchored on it to stand there.</summary>
    private readonly Neighbours[] _asciiNeighbours = new Neighbours[128];

    private readonly Dictionary<char, Neighbours> _otherNeighbours = [];

    /// <summary>Where some anchor is not ASCII: every ASCII character that is no anchor (else null).</summary>
    private readonly SearchValues<char>? _asciiNonAnchors;

    /// <summary>Every string with its anchor, unpruned: what <see cref="MayMatchNaive"/> reads.</summary>
    private readonly List<Anchored> _all = [];

    private RegexPrefilter(IReadOnlyList<string> strings, List<(char[][] Classes, int At)> anchored)
    {
        Strings = strings;
        var byAnchor = new Dictionary<char, List<Anchored>>();
        for (var n = 0; n < anchored.Count; n++)
        {
            var (classes, at) = anchored[n];
            var entry = new Anchored(classes, at);
            _all.Add(entry);

            // A string that holds another of the set stands nowhere the other does not: looking for it
            // cannot change the answer, only cost a look ('.00' … '.99' beside '.0' … '.9' in
            // location.coordinates, each looked at wherever a digit stands). The strings are the
            // classes' smallest characters, so a substring here is a substring class by class.
            if (ContainsAnother(strings, n))
            {
                continue;
            }

            foreach (var v in classes[at])
            {
                if (!byAnchor.TryGetValue(v, out var list))
                {
                    byAnchor[v] = list = [];
                }

                list.Add(entry);
            }
        }

        _anchors = SearchValues.Create([.. byAnchor.Keys]);

        // .NET searches a set with a non-ASCII character (location.coordinates' '°' and 'ü') by a
        // probabilistic map whose vectorized path gives up at every non-ASCII character of the draft,
        // several times slower than its search of an ASCII set on German text; so such a set is searched
        // as "any character but the ASCII non-anchors" (a plain ASCII search) and a non-ASCII character
        // found is asked of the anchors' own table.
        if (byAnchor.Keys.Any(c => c >= 128))
        {
            _asciiNonAnchors = SearchValues.Create([.. Enumerable.Range(0, 128).Select(c => (char)c).Where(c => !byAnchor.ContainsKey(c))]);
        }

        foreach (var (c, list) in byAnchor)
        {
            var neighbours = Neighbours.Of(list);
            if (c < 128)
            {
                _ascii[c] = [.. list];
                _asciiNeighbours[c] = neighbours;
            }
            else
            {
                _other[c] = [.. list];
                _otherNeighbours[c] = neighbours;
            }
        }
    }

    private static bool ContainsAnother(IReadOnlyList<string> strings, int n)
    {
        for (var k = 0; k < strings.Count; k++)
        {
            if (k != n && strings[n].Length > strings[k].Length && strings[n].Contains(strings[k], StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The strings of which every match contains one (each character standing for itself
    /// and its case variants under IgnoreCase).</summary>
    public IReadOnlyList<string> Strings { get; }

    /// <summary>False only if <paramref name="text"/> certainly has no match.</summary>
    public bool MayMatch(ReadOnlySpan<char> text)
    {
        var offset = 0;
        while (true)
        {
            var i = _asciiNonAnchors is null ? text[offset..].IndexOfAny(_anchors) : text[offset..].IndexOfAnyExcept(_asciiNonAnchors);
            if (i < 0)
            {
                return false;
            }

            i += offset;
            offset = i + 1;
            var c = text[i];
            if (c >= 128 && !_otherNeighbours.ContainsKey(c))
            {
                continue;
            }

            // Most anchors (a digit, a slash) stand where no string can: the characters beside them
            // fit none of the strings anchored there. One look at each neighbour rules that out before
            // the strings are walked one by one; it rejects only where every string would.
            var neighbours = c < 128 ? _asciiNeighbours[c] : _otherNeighbours[c];
            if (!neighbours.Before.Admits(text, i - 1) || !neighbours.After.Admits(text, i + 1))
            {
                continue;
            }

            var entries = c < 128 ? _ascii[c] : _other[c];
            foreach (var e in entries!)
            {
                if (e.StandsAt(text, i))
                {
                    return true;
                }
            }
        }
    }

    /// <summary><see cref="MayMatch"/> the slow way: every string, pruned or not, at every position
    /// (for tests, which hold the two equal).</summary>
    internal bool MayMatchNaive(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            foreach (var e in _all)
            {
                if (e.Anchor.AsSpan().Contains(text[i]) && e.StandsAt(text, i))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The characters that may stand right before and right after an anchor character: the
    /// union, over the strings anchored on it, of their classes there.</summary>
    private readonly struct Neighbours(Neighbour before, Neighbour after)
    {
        public Neighbour Before { get; } = before;

        public Neighbour After { get; } = after;

        public static Neighbours Of(List<Anchored> entries) =>
            new(Neighbour.Of(entries.Select(e => e.At > 0 ? e.ClassAt(e.At - 1) : null)),
                Neighbour.Of(entries.Select(e => e.At + 1 < e.Length ? e.ClassAt(e.At + 1) : null)));
    }

    /// <summary>A set of characters as a bit per ASCII character, any non-ASCII character let through
    /// (the strings are walked for it), or every position let through (some string needs nothing there).</summary>
    private readonly struct Neighbour
    {
        private readonly ulong _low;
        private readonly ulong _high;
        private readonly bool _any;
        private readonly bool _nonAscii;

        private Neighbour(ulong low, ulong high, bool any, bool nonAscii)
        {
            _low = low;
            _high = high;
            _any = any;
            _nonAscii = nonAscii;
        }

        /// <summary>From the class each string needs there, null for a string that needs nothing there.</summary>
        public static Neighbour Of(IEnumerable<char[]?> classes)
        {
            ulong low = 0, high = 0;
            var nonAscii = false;
            foreach (var cls in classes)
            {
                if (cls is null)
                {
                    return new Neighbour(0, 0, any: true, nonAscii: true);
                }

                foreach (var c in cls)
                {
                    if (c >= 128)
                    {
                        nonAscii = true;
                    }
                    else if (c < 64)
                    {
                        low |= 1UL << c;
                    }
                    else
                    {
                        high |= 1UL << (c - 64);
                    }
                }
            }

            return new Neighbour(low, high, any: false, nonAscii);
        }

        /// <summary>Whether <paramref name="text"/>[<paramref name="at"/>] may be the neighbour (false
        /// past either end, where every string needing a neighbour fails too).</summary>
        public bool Admits(ReadOnlySpan<char> text, int at)
        {
            if (_any)
            {
                return true;
            }

            if ((uint)at >= (uint)text.Length)
            {
                return false;
            }

            var c = text[at];
            return c < 64 ? (_low & (1UL << c)) != 0 : c < 128 ? (_high & (1UL << (c - 64))) != 0 : _nonAscii;
        }
    }

    /// <summary>How often a character turns up in German or English prose, roughly (0 rare, 9 most
    /// common): only which character of a string is searched for depends on it, never the answer.</summary>
    private static int Commonness(char c) => c switch
    {
        ' ' => 9,
        'e' or 'n' => 8,
        'i' or 's' or 'r' or 'a' or 't' or 'o' => 7,
        'h' or 'd' or 'l' or 'u' or 'c' => 6,
        'm' or 'g' or 'w' or 'b' or 'f' => 5,
        'y' or 'p' or 'k' or 'v' or 'z' => 4,
        >= 'a' and <= 'z' => 3,
        >= 'A' and <= 'Z' => 3,
        '.' or ',' => 4,
        >= '0' and <= '9' => 2,
        _ => c < 128 ? 1 : 2,
    };

    /// <summary>One string as its characters' classes, anchored at one of them.</summary>
    private sealed class Anchored(char[][] classes, int at)
    {
        public int At => at;

        public int Length => classes.Length;

        public char[] Anchor => classes[at];

        public char[] ClassAt(int k) => classes[k];

        public bool StandsAt(ReadOnlySpan<char> text, int anchor)
        {
            var start = anchor - at;
            if (start < 0 || start + classes.Length > text.Length)
            {
                return false;
            }

            for (var k = 0; k < classes.Length; k++)
            {
                if (k != at && !classes[k].AsSpan().Contains(text[start + k]))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>The condition for <paramref name="regex"/>, or null where the analysis knows none.</summary>
    public static RegexPrefilter? For(Regex regex)
    {
        ArgumentNullException.ThrowIfNull(regex);
        const RegexOptions known = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.Compiled;
        if ((regex.Options & ~known) != 0)
        {
            return null;
        }

        var ignoreCase = (regex.Options & RegexOptions.IgnoreCase) != 0;
        var analysis = new Analysis(regex.ToString(), ignoreCase);
        Info root;
        try
        {
            root = analysis.Parse();
        }
        catch (NotSupportedException)
        {
            return null;
        }

        var best = Best(root.Exact is { } e && !e.Contains(string.Empty) ? e : null, root.Required, root.Prefix, root.Suffix);
        if (best is null)
        {
            return null;
        }

        string[] strings = [.. best.Order(StringComparer.Ordinal)];
        var anchored = new List<(char[][] Classes, int At)>();
        foreach (var str in strings)
        {
            var classes = str.Select(analysis.ClassOf).ToArray();
            var at = 0;
            for (var k = 1; k < str.Length; k++)
            {
                if (classes[k].Max(Commonness) < classes[at].Max(Commonness))
                {
                    at = k;
                }
            }

            if (classes[at].Max(Commonness) > MaxAnchorCommonness)
            {
                return null;
            }

            anchored.Add((classes, at));
        }

        return new RegexPrefilter(strings, anchored);
    }

    /// <summary>What is known of the strings a part of the pattern matches. Null sets are unknown;
    /// Prefix, Suffix and Required never hold the empty string (it would say nothing).</summary>
    private sealed record Info(HashSet<string>? Exact, HashSet<string>? Prefix, HashSet<string>? Suffix, HashSet<string>? Required)
    {
        public HashSet<string>? StartSet => Exact is { } e && !e.Contains(string.Empty) ? e : Prefix;

        public HashSet<string>? EndSet => Exact is { } e && !e.Contains(string.Empty) ? e : Suffix;

        public HashSet<string>? BestRequired => Best(Exact is { } e && !e.Contains(string.Empty) ? e : null, Required, Prefix, Suffix);
    }

    /// <summary>The most selective of some sets: the longest shortest string, then the fewest strings.</summary>
    private static HashSet<string>? Best(params HashSet<string>?[] sets)
    {
        HashSet<string>? best = null;
        foreach (var s in sets)
        {
            if (s is null || s.Count == 0 || s.Contains(string.Empty))
            {
                continue;
            }

            if (best is null || Better(s, best))
            {
                best = s;
            }
        }

        return best;
    }

    private static bool Better(HashSet<string> a, HashSet<string> b)
    {
        var la = a.Min(x => x.Length);
        var lb = b.Min(x => x.Length);
        return la != lb ? la > lb : a.Count < b.Count;
    }

    private sealed class Analysis(string pattern, bool ignoreCase)
    {
        private static StringComparer Comparer => StringComparer.Ordinal;
        /// <summary>Per character of the pattern, the class of characters the engine takes for it.</summary>
        private readonly Dictionary<char, char[]> _classes = [];
        private string? _allChars;
        private int _i;

        private static Info Any { get; } = new(null, null, null, null);

        public Info Parse()
        {
            var info = Alternation();
            if (_i != pattern.Length)
            {
                throw new NotSupportedException("unbalanced ')'");
            }

            return info;
        }

        private Info Alternation()
        {
            var parts = new List<Info> { Concatenation() };
            while (_i < pattern.Length && pattern[_i] == '|')
            {
                _i++;
                parts.Add(Concatenation());
            }

            return parts.Count == 1 ? parts[0] : Alt(parts);
        }

        private Info Concatenation()
        {
            var info = Empty();
            while (_i < pattern.Length && pattern[_i] is not '|' and not ')')
            {
                info = Concat(info, Quantified(Atom()));
            }

            return info;
        }

        private Info Empty() => new(new HashSet<string>(Comparer) { string.Empty }, null, null, null);

        private Info Atom()
        {
            var c = pattern[_i++];
            switch (c)
            {
                case '(':
                    if (_i < pattern.Length && pattern[_i] == '?')
                    {
                        if (_i + 1 < pattern.Length && pattern[_i + 1] == ':')
                        {
                            _i += 2;
                        }
                        else
                        {
                            throw new NotSupportedException("group construct");
                        }
                    }

                    var inner = Alternation();
                    if (_i >= pattern.Length || pattern[_i] != ')')
                    {
                        throw new NotSupportedException("unclosed group");
                    }

                    _i++;
                    return inner;
                case '[':
                    return Chars(Class());
                case '\\':
                    return Escape();
                case '.':
                    return Any;
                case '^' or '$':
                    return Empty();
                case '*' or '+' or '?' or ')' or '|':
                    throw new NotSupportedException("quantifier or bracket out of place");
                default:
                    return Chars([c]);
            }
        }

        private Info Escape()
        {
            if (_i >= pattern.Length)
            {
                throw new NotSupportedException("trailing backslash");
            }

            var c = pattern[_i++];
            switch (c)
            {
                case 'b' or 'B' or 'A' or 'z' or 'Z' or 'G':
                    return Empty();
                case 'd' or 'D' or 'w' or 'W' or 's' or 'S':
                    return Any;
                case 'p' or 'P':
                    SkipCategory();
                    return Any;
                default:
                    return Chars([EscapedChar(c)]);
            }
        }

        /// <summary>A single character written after a backslash (outside or inside a class).</summary>
        private char EscapedChar(char c)
        {
            switch (c)
            {
                case 't': return '\t';
                case 'n': return '\n';
                case 'r': return '\r';
                case 'f': return '\f';
                case 'v': return '\v';
                case 'e': return '\u001B';
                case 'a': return '\u0007';
                case 'x': return Hex(2);
                case 'u': return Hex(4);
                default:
                    if (char.IsAsciiLetterOrDigit(c) || c == '_')
                    {
                        // Backreferences, octal, control characters, named references: not analysed.
                        throw new NotSupportedException("escape \\" + c);
                    }

                    return c;
            }
        }

        private char Hex(int digits)
        {
            if (_i + digits > pattern.Length || !int.TryParse(pattern.AsSpan(_i, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            {
                throw new NotSupportedException("hex escape");
            }

            _i += digits;
            return (char)value;
        }

        private void SkipCategory()
        {
            if (_i >= pattern.Length || pattern[_i] != '{')
            {
                throw new NotSupportedException("category");
            }

            var end = pattern.IndexOf('}', _i);
            _i = end >= 0 ? end + 1 : throw new NotSupportedException("category");
        }

        /// <summary>The characters of a class after '[', or null for a negated or large one.</summary>
        private List<char>? Class()
        {
            var negated = _i < pattern.Length && pattern[_i] == '^';
            if (negated)
            {
                _i++;
            }

            List<char>? chars = [];
            var first = true;
            while (true)
            {
                if (_i >= pattern.Length)
                {
                    throw new NotSupportedException("unclosed class");
                }

                var c = pattern[_i++];
                if (c == ']' && !first)
                {
                    break;
                }

                first = false;
                char low;
                if (c == '\\')
                {
                    if (_i >= pattern.Length)
                    {
                        throw new NotSupportedException("trailing backslash");
                    }

                    var e = pattern[_i++];
                    if (e is 'd' or 'D' or 'w' or 'W' or 's' or 'S')
                    {
                        chars = null;
                        continue;
                    }

                    if (e is 'p' or 'P')
                    {
                        SkipCategory();
                        chars = null;
                        continue;
                    }

                    low = e == 'b' ? '\b' : EscapedChar(e);
                }
                else if (c == '[')
                {
                    // Subtraction ("[a-z-[aeiou]]") and the like: not analysed.
                    throw new NotSupportedException("bracket in class");
                }
                else
                {
                    low = c;
                }

                if (_i + 1 < pattern.Length && pattern[_i] == '-' && pattern[_i + 1] != ']')
                {
                    _i++;
                    if (pattern[_i] == '[')
                    {
                        throw new NotSupportedException("class subtraction");
                    }

                    var hc = pattern[_i++];
                    var high = hc == '\\' ? (_i < pattern.Length ? ClassEscapeChar(pattern[_i++]) : throw new NotSupportedException("trailing backslash")) : hc;
                    if (high < low)
                    {
                        throw new NotSupportedException("reversed range");
                    }

                    if (chars is not null && high - low < MaxClass)
                    {
                        for (var x = low; x <= high; x++)
                        {
                            chars.Add(x);
                        }
                    }
                    else
                    {
                        chars = null;
                    }
                }
                else
                {
                    chars?.Add(low);
                }
            }

            return negated ? null : chars;
        }

        private char ClassEscapeChar(char e) =>
            e is 'd' or 'D' or 'w' or 'W' or 's' or 'S' or 'p' or 'P' ? throw new NotSupportedException("class as range end") : e == 'b' ? '\b' : EscapedChar(e);

        private Info Quantified(Info atom)
        {
            if (_i >= pattern.Length)
            {
                return atom;
            }

            int min, max;
            var c = pattern[_i];
            if (c == '*')
            {
                (min, max) = (0, int.MaxValue);
                _i++;
            }
            else if (c == '+')
            {
                (min, max) = (1, int.MaxValue);
                _i++;
            }
            else if (c == '?')
            {
                (min, max) = (0, 1);
                _i++;
            }
            else if (c == '{' && Braces() is { } q)
            {
                (min, max) = q;
            }
            else
            {
                return atom;
            }

            if (_i < pattern.Length && pattern[_i] == '?')
            {
                _i++; // lazy: the same strings
            }

            if (_i < pattern.Length && (pattern[_i] is '*' or '+' or '?' || (pattern[_i] == '{' && IsQuantifierAt(_i))))
            {
                throw new NotSupportedException("nested quantifier");
            }

            return Repeat(atom, min, max);
        }

        private bool IsQuantifierAt(int at)
        {
            var save = _i;
            _i = at;
            var q = Braces();
            _i = save;
            return q is not null;
        }

        /// <summary>{n}, {n,} or {n,m} at the position (moved past it), else null with the position kept.</summary>
        private (int Min, int Max)? Braces()
        {
            var close = pattern.IndexOf('}', _i);
            if (close < 0)
            {
                return null;
            }

            var body = pattern.AsSpan(_i + 1, close - _i - 1);
            var comma = body.IndexOf(',');
            var minText = comma < 0 ? body : body[..comma];
            if (minText.Length == 0 || !int.TryParse(minText, NumberStyles.None, CultureInfo.InvariantCulture, out var min))
            {
                return null;
            }

            var max = min;
            if (comma >= 0)
            {
                var maxText = body[(comma + 1)..];
                if (maxText.Length == 0)
                {
                    max = int.MaxValue;
                }
                else if (!int.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out max))
                {
                    return null;
                }
            }

            _i = close + 1;
            return (min, max);
        }

        /// <summary>A part that matches one of some characters, with their case variants under IgnoreCase.</summary>
        private Info Chars(List<char>? chars)
        {
            if (chars is null)
            {
                return Any;
            }

            // Each class of case variants once, by its smallest character.
            var set = new HashSet<string>(Comparer);
            var all = new HashSet<char>();
            foreach (var c in chars)
            {
                var cls = ClassOf(c);
                all.UnionWith(cls);
                set.Add(cls[0].ToString());
            }

            return all.Count == 0 || all.Count > MaxClass ? Any : new Info(set, null, null, null);
        }

        /// <summary>The characters the engine takes for <paramref name="c"/>: itself, and under
        /// IgnoreCase every character a one-character class of it matches (asked of the regex engine
        /// itself, so the two cannot differ); the smallest of them stands for all in the strings.</summary>
        public char[] ClassOf(char c)
        {
            if (!ignoreCase)
            {
                return [c];
            }

            if (_classes.TryGetValue(c, out var known))
            {
                return known;
            }

            _allChars ??= string.Create(65536, 0, (span, _) =>
            {
                for (var k = 0; k < span.Length; k++)
                {
                    span[k] = (char)k;
                }
            });
            var probe = new Regex("[\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) + "]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            var found = new List<char>();
            foreach (var m in probe.EnumerateMatches(_allChars))
            {
                found.Add(_allChars[m.Index]);
            }

            if (!found.Contains(c))
            {
                throw new NotSupportedException("a character that does not match itself");
            }

            char[] cls = [.. found.Order()];
            foreach (var v in cls)
            {
                _classes[v] = cls;
            }

            return cls;
        }

        private Info Alt(List<Info> parts)
        {
            HashSet<string>? exact = new(Comparer);
            foreach (var p in parts)
            {
                exact = Union(exact, p.Exact);
            }

            var prefix = UnionFitted([.. parts.Select(p => p.StartSet)], heads: true, tails: false);
            var suffix = UnionFitted([.. parts.Select(p => p.EndSet)], heads: false, tails: true);
            var required = UnionFitted([.. parts.Select(p => p.BestRequired)], heads: true, tails: true);
            return new Info(exact is { Count: <= MaxStrings } ? exact : null, prefix, suffix, Best(required, prefix, suffix));
        }

        /// <summary>The union of one set per alternative, null if one is unknown; while it has more
        /// than <see cref="MaxStrings"/> strings, the alternative with the most has its strings cut
        /// by one character (to their first or last characters, whichever leaves fewer; a start set
        /// only to its first, an end set only to its last).</summary>
        private HashSet<string>? UnionFitted(List<HashSet<string>?> sets, bool heads, bool tails)
        {
            if (sets.Exists(x => x is null || x.Count == 0 || x.Contains(string.Empty)))
            {
                return null;
            }

            var parts = sets.ConvertAll(x => x!);
            while (true)
            {
                var union = new HashSet<string>(Comparer);
                foreach (var p in parts)
                {
                    union.UnionWith(p);
                }

                if (union.Count <= MaxStrings)
                {
                    return union;
                }

                var largest = parts.IndexOf(parts.MaxBy(p => p.Count)!);
                var k = parts[largest].Max(x => x.Length) - 1;
                if (k < 1)
                {
                    return null;
                }

                var first = heads ? new HashSet<string>(parts[largest].Select(x => x.Length > k ? x[..k] : x), Comparer) : null;
                var last = tails ? new HashSet<string>(parts[largest].Select(x => x.Length > k ? x[^k..] : x), Comparer) : null;
                parts[largest] = first is null || (last is not null && last.Count < first.Count) ? last! : first;
            }
        }

        private static HashSet<string>? Union(HashSet<string>? a, HashSet<string>? b)
        {
            if (a is null || b is null)
            {
                return null;
            }

            a.UnionWith(b);
            return a;
        }

        private Info Concat(Info a, Info b)
        {
            var exact = Cross(a.Exact, b.Exact);

            // Every match starts with a's exact string and b's start (b's start set is valid also if
            // a's set holds the empty string), or at least with a's start.
            var prefix = (a.Exact is not null && b.StartSet is not null ? CrossFitted(a.Exact, b.StartSet, fromEnd: false) : null) ?? a.StartSet;
            var suffix = (b.Exact is not null && a.EndSet is not null ? CrossFitted(a.EndSet, b.Exact, fromEnd: true) : null) ?? b.EndSet;

            var junction = a.EndSet is not null && b.StartSet is not null ? Junction(a.EndSet, b.StartSet) : null;
            var required = Best(exact is { } x && !x.Contains(string.Empty) ? x : null, junction, a.BestRequired, b.BestRequired, prefix, suffix);
            return new Info(exact, Clean(prefix), Clean(suffix), required);
        }

        private static HashSet<string>? Clean(HashSet<string>? set) => set is null || set.Count == 0 || set.Contains(string.Empty) ? null : set;

        /// <summary>All concatenations, or null if there would be more than <see cref="MaxStrings"/>.</summary>
        private HashSet<string>? Cross(HashSet<string>? a, HashSet<string>? b)
        {
            if (a is null || b is null || (long)a.Count * b.Count > MaxStrings)
            {
                return null;
            }

            var set = new HashSet<string>(Comparer);
            foreach (var x in a)
            {
                foreach (var y in b)
                {
                    set.Add(x + y);
                }
            }

            return set;
        }

        /// <summary>A start set a·b (fromEnd false: whole a, b cut to its first characters) or an end
        /// set a·b (fromEnd true: a cut to its last characters, whole b) of at most
        /// <see cref="MaxStrings"/> strings, with as much of the cut side as fits; null if not even
        /// one character of it fits.</summary>
        private HashSet<string>? CrossFitted(HashSet<string> a, HashSet<string> b, bool fromEnd)
        {
            var cut = fromEnd ? a : b;
            for (var k = cut.Max(s => s.Length); k >= 1; k--)
            {
                var part = new HashSet<string>(cut.Select(s => s.Length > k ? (fromEnd ? s[^k..] : s[..k]) : s), Comparer);
                var set = fromEnd ? Cross(part, b) : Cross(a, part);
                if (set is not null)
                {
                    return set;
                }
            }

            return null;
        }

        /// <summary>Strings every match contains where a part ending in one of <paramref name="ends"/>
        /// meets a part starting with one of <paramref name="starts"/>: the best of each end's last i
        /// and each start's first j characters that fits.</summary>
        private HashSet<string>? Junction(HashSet<string> ends, HashSet<string> starts)
        {
            HashSet<string>? best = null;
            var maxI = ends.Max(s => s.Length);
            var maxJ = starts.Max(s => s.Length);
            for (var i = 1; i <= maxI; i++)
            {
                var tails = new HashSet<string>(ends.Select(s => s.Length > i ? s[^i..] : s), Comparer);
                for (var j = 1; j <= maxJ; j++)
                {
                    var heads = new HashSet<string>(starts.Select(s => s.Length > j ? s[..j] : s), Comparer);
                    if (Cross(tails, heads) is { } set && (best is null || Better(set, best)))
                    {
                        best = set;
                    }
                }
            }

            return best;
        }

        private Info Repeat(Info atom, int min, int max)
        {
            if (max == 0)
            {
                return Empty();
            }

            if (min == 0)
            {
                // x? matches x's strings or nothing; x* and x{0,n} say nothing certain.
                if (max == 1 && atom.Exact is { } e)
                {
                    var set = new HashSet<string>(e, Comparer) { string.Empty };
                    return new Info(set, null, null, null);
                }

                return Empty() with { Exact = null };
            }

            // x{m,n} = x^m · x{0,n-m} = x{0,n-m} · x^m: it starts, ends with and contains what x^m
            // does, and x^m (m > 4) what x^4 does.
            var copies = Math.Min(min, MaxCopies);
            var m = atom;
            for (var k = 1; k < copies; k++)
            {
                m = Concat(m, atom);
            }

            var exact = min == max && min <= MaxCopies ? m.Exact : null;
            return new Info(exact, m.StartSet, m.EndSet, m.BestRequired);
        }
    }
}
