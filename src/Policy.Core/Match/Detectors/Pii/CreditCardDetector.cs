namespace Policy.Core.Match.Detectors.Pii;

/// <summary>
/// Payment card numbers: 13–19 digits, solid or in groups (4-4-4-4, 4-4-4-1..4, 4-4-4-4-1..3,
/// Amex 4-6-5, Diners 4-6-4) separated by one kind of space or dash. The issuer prefix must fit
/// the length and the Luhn check must hold, so order and ticket numbers stay clean.
/// </summary>
public sealed class CreditCardDetector : IDetector, INeedsDigits
{
    DigitNeed INeedsDigits.Needs => new(13, 0);

    private const int MaxGroups = 16;

    public string Name => "credit-card";

    public DetectorInput Input => DetectorInput.Normalized;

    public IReadOnlyList<string> Keywords => [];

    public void Scan(string text, List<DetectorHit> hits)
    {
        if (text.Length < 13 || !PiiText.HasDigits(text, 13))
        {
            return;
        }

        Span<int> gStart = stackalloc int[MaxGroups];
        Span<int> gEnd = stackalloc int[MaxGroups];
        Span<char> seps = stackalloc char[MaxGroups];
        var i = 0;
        while (i < text.Length)
        {
            var j = text.AsSpan(i).IndexOfAnyInRange('0', '9');
            if (j < 0)
            {
                return;
            }

            i += j;
            var chunkStart = i;
            // A chunk is a run of digit groups joined by single spaces or dashes.
            var groups = 0;
            var overflow = false;
            while (true)
            {
                var s = i;
                while (i < text.Length && PiiText.IsDigit(text[i]))
                {
                    i++;
                }

                if (groups < MaxGroups)
                {
                    gStart[groups] = s;
                    gEnd[groups] = i;
                    groups++;
                }
                else
                {
                    overflow = true;
                }

                if (i + 1 < text.Length && text[i] is ' ' or '-' && PiiText.IsDigit(text[i + 1]))
                {
                    if (groups <= MaxGroups && groups > 0)
                    {
                        seps[groups - 1] = text[i];
                    }

                    i++;
                    continue;
                }

                break;
            }

            var chunkEnd = i;
            if (overflow || !CleanEdges(text, chunkStart, chunkEnd))
            {
                // Skip the rest of a word such as "abc123" so its digits do not start a chunk.
                while (i < text.Length && PiiText.IsWordChar(text[i]))
                {
                    i++;
                }

                continue;
            }

            ScanChunk(text, gStart[..groups], gEnd[..groups], seps[..Math.Max(0, groups - 1)], hits);
        }
    }

    private static bool CleanEdges(string text, int start, int end)
    {
        if (start > 0)
        {
            var p = text[start - 1];
            if (PiiText.IsWordChar(p) || p == '+' || (p is '.' or ',' && start > 1 && PiiText.IsDigit(text[start - 2])))
            {
                return false;
            }
        }

        if (end < text.Length)
        {
            var n = text[end];
            if (PiiText.IsWordChar(n) || (n is '.' or ',' && end + 1 < text.Length && PiiText.IsDigit(text[end + 1])))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Splits a chunk into segments with one kind of separator and checks each. Neighbouring
    /// segments share their border group, so "…1881 4012 8888 8888 1881" after a dashed card still
    /// yields the spaced card.</summary>
    private static void ScanChunk(string text, ReadOnlySpan<int> gStart, ReadOnlySpan<int> gEnd, ReadOnlySpan<char> seps, List<DetectorHit> hits)
    {
        var n = gStart.Length;
        var last = -1;
        if (n == 1)
        {
            TrySegment(text, gStart, gEnd, 0, 0, last, hits);
            return;
        }

        var a = 0;
        while (true)
        {
            var b = a;
            while (b + 1 < n && (b == a || seps[b] == seps[a]))
            {
                b++;
            }

            var sharedFirst = a > 0;
            var sharedLast = b < n - 1;
            if (TrySegment(text, gStart, gEnd, a, b, last, hits))
            {
                last = b;
            }
            else if (sharedFirst && TrySegment(text, gStart, gEnd, a + 1, b, last, hits))
            {
                last = b;
            }
            else if (sharedLast && TrySegment(text, gStart, gEnd, a, b - 1, last, hits))
            {
                last = b - 1;
            }
            else if (sharedFirst && sharedLast && TrySegment(text, gStart, gEnd, a + 1, b - 1, last, hits))
            {
                last = b - 1;
            }
            else
            {
                // Solid groups of 13-19 digits inside a segment may still be cards of their own.
                for (var g = a; g <= b; g++)
                {
                    if (TrySegment(text, gStart, gEnd, g, g, last, hits))
                    {
                        last = g;
                    }
                }
            }

            if (b >= n - 1)
            {
                break;
            }

            a = b;
        }
    }

    private static bool TrySegment(string text, ReadOnlySpan<int> gStart, ReadOnlySpan<int> gEnd, int a, int b, int lastHitGroup, List<DetectorHit> hits)
    {
        if (a > b || a <= lastHitGroup)
        {
            return false;
        }

        Span<int> sizes = stackalloc int[b - a + 1];
        var total = 0;
        for (var g = a; g <= b; g++)
        {
            sizes[g - a] = gEnd[g] - gStart[g];
            total += sizes[g - a];
        }

        if (total is < 13 or > 19 || !IsLayout(sizes, total))
        {
            return false;
        }

        Span<char> digits = stackalloc char[19];
        var count = PiiText.CollectDigits(text.AsSpan(gStart[a], gEnd[b] - gStart[a]), digits);
        var d = digits[..count];
        if (!PrefixFits(d) || PiiText.AllSame(d) || !PiiText.Luhn(d))
        {
            return false;
        }

        hits.Add(new DetectorHit(gStart[a], gEnd[b] - gStart[a], "CREDIT_CARD"));
        return true;
    }

    private static bool IsLayout(ReadOnlySpan<int> sizes, int total)
    {
        if (sizes.Length == 1)
        {
            return true;
        }

        if (sizes.Length == 3 && sizes[0] == 4 && sizes[1] == 6 && sizes[2] is 4 or 5)
        {
            return true;
        }

        if (sizes.Length < 4)
        {
            return false;
        }

        for (var k = 0; k < sizes.Length - 1; k++)
        {
            if (sizes[k] != 4)
            {
                return false;
            }
        }

        return sizes[^1] is >= 1 and <= 4 && total >= 13;
    }

    /// <summary>Issuer prefixes by length: Visa 4, Mastercard 2/5, Amex 34/37, Diners 30/36/38/39,
    /// JCB 35, Discover/UnionPay/Maestro 6, UATP 1.</summary>
    private static bool PrefixFits(ReadOnlySpan<char> d)
    {
        var first = d[0];
        return d.Length switch
        {
            13 => first == '4',
            14 => first == '3',
            15 => first is '1' or '3',
            16 => first is >= '2' and <= '6',
            _ => first is '3' or '4' or '5' or '6',
        };
    }
}
