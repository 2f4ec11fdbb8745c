using Policy.Core.Match.Detectors;

namespace Policy.Core.Tests.Adversarial;

/// <summary>
/// Drafts built to make a backtracking regex or a nested scan work hard: one piece repeated up to the
/// length, a detector's keyword followed by the repetition, and keyword and piece repeated together.
/// The pieces are the separators, quotes, digits and option prefixes the detectors' patterns treat
/// specially; "\\\n -x" after "curl" is the case that took seconds before the curl detectors were rewritten.
/// </summary>
/// <remarks>Shared with bench/Policy.Benchmarks (linked there), so the benchmark times what the test checks.</remarks>
public static class AdversarialInputs
{
    public static IReadOnlyList<string> Pieces { get; } =
    [
        " ", "\t", "\n", "\r\n", "\\\n", "\\\n -x", "\\\r\n -u", "\n -", "-", "--", ".", "..", ":", "::", "/", "//", "=", "==", "_",
        "@", "\"", "'", "`", ",", ";", "|", "+", "%", "#", "*", "(", ")", "[", "{", "<", ">", "~", "0", "1", "9", "a", "A", "x", "Z",
        "a1", "0.", "1.", "0:", "0-", "aa:", "a.", "a-", "a@", "a b", "1 ", "1-", "(0", "+1", "00", "de ", "hr", "ey", "eyJ", "ab.",
        "A1.", "=a", "a=", ":a", "a=b;", "-----", "-----BEGIN ", "x-", " -u ", " -u a:", " -H \"", " --user ", "curl ", "curl \\\n -x",
        "Aa0_", "Str ", "Straße 1 ", " at ", " dot ", "wohnt ", "key: ", "password ", "passwort: a/", "token=\"", "Server=a;",
        "://a:", "ff:", "ff-", "ffff.", "1.1.", "::1:", "DE1", "1234 ", "4111 ",
        // issue 14's credential shapes: number words between dashes, digits over lines, keycaps, a login pair
        // alluded to, options of a command line, Base64 words
        "eins – ", "4 8\n", "2\uFE0F\u20E3", "user a.b das andere ist ", " -u a -p a1!", "QWRtaW46 ",
    ];

    /// <summary>Every input for a detector with <paramref name="keywords"/>, each at most <paramref name="length"/> characters.</summary>
    public static IEnumerable<(string Shape, string Text)> For(IReadOnlyList<string> keywords, int length)
    {
        foreach (var piece in Pieces)
        {
            yield return ($"{Show(piece)} × n", Repeat(piece, length));
            foreach (var keyword in keywords.Take(3))
            {
                yield return ($"{Show(keyword)} + {Show(piece)} × n", Fit(keyword + Repeat(piece, length), length));
                yield return ($"({Show(keyword)} + {Show(piece)}) × n", Repeat(keyword + piece, length));
                yield return ($"({Show(keyword)} + {Show(piece)} + '1') × n", Repeat(keyword + piece + "1", length));
            }
        }
    }

    public static IEnumerable<(string Shape, string Text)> For(IDetector detector, int length) => For(detector.Keywords, length);

    /// <summary>The drafts for a whole pack: every detector's inputs, without repeats.</summary>
    public static IEnumerable<(string Shape, string Text)> ForAll(IEnumerable<IDetector> detectors, int length)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (shape, text) in detectors.SelectMany(d => For(d, length)).Concat(For([], length)))
        {
            if (seen.Add(text))
            {
                yield return (shape, text);
            }
        }
    }

    public static string Repeat(string piece, int length)
    {
        var count = Math.Max(1, length / piece.Length);
        return Fit(string.Concat(Enumerable.Repeat(piece, count)), length);
    }

    private static string Fit(string text, int length) => text.Length <= length ? text : text[..length];

    private static string Show(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)
        .Replace("\r", "\\r", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal) + "\"";
}
