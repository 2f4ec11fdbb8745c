using System.Security.Cryptography;

namespace Policy.Api.Checks;

/// <summary>
/// Check ids: version 7 UUIDs (RFC 9562), 48 bits of Unix milliseconds and 74 random bits, so ids
/// sort by time and the decision log's key index grows at one end. <see cref="Guid.CreateVersion7(DateTimeOffset)"/>
/// reads 16 bytes from the kernel for every id, a system call per check on the hot path; this draws
/// the same cryptographically secure bytes 4 KiB at a time, per thread.
/// </summary>
public sealed class CheckIds : IDisposable
{
    private const int BlockSize = 4096;
    private const int RandomBytes = 10;

    private readonly ThreadLocal<RandomBlock> _blocks = new(() => new RandomBlock());

    /// <summary>A new id for a check made at <paramref name="at"/>.</summary>
    public Guid Next(DateTimeOffset at)
    {
        var ms = at.ToUnixTimeMilliseconds();
        ArgumentOutOfRangeException.ThrowIfNegative(ms, nameof(at));
        Span<byte> id = stackalloc byte[16];
        _blocks.Value!.Take(id[(16 - RandomBytes)..]);
        for (var i = 0; i < 6; i++)
        {
            id[i] = (byte)(ms >> (8 * (5 - i)));
        }

        id[6] = (byte)(0x70 | (id[6] & 0x0F)); // version 7
        id[8] = (byte)(0x80 | (id[8] & 0x3F)); // variant 10xx
        return new Guid(id, bigEndian: true);
    }

    public void Dispose() => _blocks.Dispose();

    private sealed class RandomBlock
    {
        private readonly byte[] _bytes = new byte[BlockSize];
        private int _next = BlockSize;

        public void Take(Span<byte> into)
        {
            if (_next + into.Length > BlockSize)
            {
                RandomNumberGenerator.Fill(_bytes);
                _next = 0;
            }

            _bytes.AsSpan(_next, into.Length).CopyTo(into);
            _next += into.Length;
        }
    }
}
