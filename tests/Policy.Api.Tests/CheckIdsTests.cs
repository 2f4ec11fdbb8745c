using System.Collections.Concurrent;
using Policy.Api.Checks;

namespace Policy.Api.Tests;

/// <summary>Check ids are RFC 9562 version 7 UUIDs: the check's millisecond, then random bits, never repeated.</summary>
public sealed class CheckIdsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 14, 30, 15, 123, TimeSpan.Zero);

    [Fact]
    public void An_id_is_version_7_with_the_RFC_variant_and_the_same_time_prefix_as_the_framework_s()
    {
        using var ids = new CheckIds();
        for (var i = 0; i < 2_000; i++)
        {
            var id = ids.Next(At).ToString();
            Assert.Equal('7', id[14]);
            Assert.Contains(id[19], "89ab");
            // 48 bits of Unix milliseconds: the first 12 hex digits, as Guid.CreateVersion7 writes them.
            Assert.Equal(Guid.CreateVersion7(At).ToString()[..13], id[..13]);
        }
    }

    [Fact]
    public void Ids_sort_by_time_as_text()
    {
        using var ids = new CheckIds();
        var texts = Enumerable.Range(0, 500).Select(i => ids.Next(At.AddMilliseconds(i * 7)).ToString()).ToList();
        Assert.Equal(texts.Order(StringComparer.Ordinal), texts);
    }

    [Fact]
    public void Ids_from_many_threads_in_the_same_millisecond_are_distinct_and_random()
    {
        using var ids = new CheckIds();
        var seen = new ConcurrentDictionary<Guid, byte>();
        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                Assert.True(seen.TryAdd(ids.Next(At), 0));
            }
        });
        Assert.Equal(160_000, seen.Count);

        // Each of the 74 bits after the timestamp, the version and the variant is set in about half of the ids
        // (a buffer handed out twice, or bytes left zero, would show here).
        var ones = new int[128];
        Span<byte> b = stackalloc byte[16];
        foreach (var id in seen.Keys)
        {
            id.TryWriteBytes(b, bigEndian: true, out _);
            for (var bit = 0; bit < 128; bit++)
            {
                ones[bit] += (b[bit / 8] >> (7 - (bit % 8))) & 1;
            }
        }

        int[] randomBits = [.. Enumerable.Range(52, 12), .. Enumerable.Range(66, 62)];
        Assert.All(randomBits, bit => Assert.InRange(ones[bit], 78_000, 82_000));
    }

    [Fact]
    public void A_time_before_1970_is_refused()
    {
        using var ids = new CheckIds();
        Assert.Throws<ArgumentOutOfRangeException>(() => ids.Next(new DateTimeOffset(1969, 12, 31, 23, 59, 59, TimeSpan.Zero)));
    }
}
