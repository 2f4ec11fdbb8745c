using System.Text.RegularExpressions;

namespace Policy.Core.Match.Detectors.Pii;

/// <summary>Shared helpers and checksums of the personal-data detectors. All methods are pure.</summary>
internal static class PiiText
{
    /// <summary>Options of every detector regex: the engine passes lower-cased text, tests pass both.</summary>
    public const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    /// <summary>Match timeout of every detector regex, in milliseconds: a last-resort guard, since the
    /// patterns run in linear time. A timeout fails the rule, and the engine then decides review,
    /// never allow; it is generous so that JIT time on a first match under load cannot trip it.</summary>
    public const int TimeoutMs = 2_000;

    public static bool IsDigit(char c) => c is >= '0' and <= '9';

    public static bool IsAsciiLetter(char c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a';

    public static bool IsAsciiLetterOrDigit(char c) => IsDigit(c) || IsAsciiLetter(c);

    public static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    /// <summary>Upper-case ASCII letter of <paramref name="c"/> (letters only).</summary>
    public static char Upper(char c) => (char)(c & ~0x20);

    /// <summary>True when <paramref name="text"/> holds at least <paramref name="min"/> ASCII digits.</summary>
    public static bool HasDigits(string text, int min)
    {
        var span = text.AsSpan();
        var found = 0;
        while (true)
        {
            var i = span.IndexOfAnyInRange('0', '9');
            if (i < 0)
            {
                return false;
            }

            if (++found >= min)
            {
                return true;
            }

            span = span[(i + 1)..];
        }
    }

    /// <summary>True when <paramref name="text"/> holds a run of at least <paramref name="min"/> consecutive ASCII digits.</summary>
    public static bool HasDigitRun(string text, int min)
    {
        var span = text.AsSpan();
        while (span.Length >= min)
        {
            var i = span.IndexOfAnyInRange('0', '9');
            if (i < 0)
            {
                return false;
            }

            span = span[i..];
            var run = span.IndexOfAnyExceptInRange('0', '9');
            if (run < 0)
            {
                return span.Length >= min;
            }

            if (run >= min)
            {
                return true;
            }

            span = span[run..];
        }

        return false;
    }

    /// <summary>Copies the ASCII digits of <paramref name="source"/> to <paramref name="digits"/>;
    /// returns how many, or -1 when there are more than fit.</summary>
    public static int CollectDigits(ReadOnlySpan<char> source, Span<char> digits)
    {
        var n = 0;
        foreach (var c in source)
        {
            if (IsDigit(c))
            {
                if (n == digits.Length)
                {
                    return -1;
                }

                digits[n++] = c;
            }
        }

        return n;
    }

    /// <summary>Luhn (mod 10) check over a string of ASCII digits, the last being the check digit.</summary>
    public static bool Luhn(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        var dbl = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (dbl)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            dbl = !dbl;
        }

        return sum % 10 == 0;
    }

    /// <summary>ISO 7064 MOD 11,10 check digit of a string of ASCII digits
    /// (German tax id and VAT id).</summary>
    public static int Iso7064Mod11_10(ReadOnlySpan<char> digits)
    {
        var product = 10;
        foreach (var c in digits)
        {
            var sum = (c - '0' + product) % 10;
            if (sum == 0)
            {
                sum = 10;
            }

            product = sum * 2 % 11;
        }

        var check = 11 - product;
        return check == 10 ? 0 : check;
    }

    /// <summary>ICAO 9303 check digit (weights 7, 3, 1; letters A = 10 … Z = 35) over ASCII letters and digits.</summary>
    public static int IcaoCheckDigit(ReadOnlySpan<char> chars)
    {
        ReadOnlySpan<int> weights = [7, 3, 1];
        var sum = 0;
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            var v = IsDigit(c) ? c - '0' : Upper(c) - 'A' + 10;
            sum += v * weights[i % 3];
        }

        return sum % 10;
    }

    /// <summary>True when all characters of <paramref name="s"/> are the same.</summary>
    public static bool AllSame(ReadOnlySpan<char> s)
    {
        for (var i = 1; i < s.Length; i++)
        {
            if (s[i] != s[0])
            {
                return false;
            }
        }

        return true;
    }
}
