using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Policy.Core.Match.Detectors.Pii;

/// <summary>
/// Bitcoin addresses with a valid checksum: legacy P2PKH/P2SH ("1…", "3…", Base58Check with a double
/// SHA-256 checksum) and SegWit/Taproot ("bc1q…", "bc1p…", Bech32/Bech32m per BIP 173/350).
/// </summary>
/// <remarks>Reads the <see cref="DetectorInput.Original"/> text: Base58 is case-sensitive, and its
/// checksum cannot be verified on lower-cased text.</remarks>
public sealed partial class CryptoDetector : IDetector
{
    private const string Base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private const string Bech32Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private const uint Bech32Const = 1;
    private const uint Bech32MConst = 0x2bc830a3;

    public string Name => "crypto";

    public DetectorInput Input => DetectorInput.Original;

    public IReadOnlyList<string> Keywords => [];

    [GeneratedRegex(@"(?<![\p{L}\p{N}_])[13][1-9A-HJ-NP-Za-km-z]{25,34}(?![\p{L}\p{N}_])", RegexOptions.CultureInvariant, PiiText.TimeoutMs)]
    private static partial Regex Base58Regex();

    [GeneratedRegex(@"(?<![\p{L}\p{N}_])bc1[02-9ac-hj-np-z]{11,71}(?![\p{L}\p{N}_])", PiiText.Options, PiiText.TimeoutMs)]
    private static partial Regex Bech32Regex();

    public void Scan(string text, List<DetectorHit> hits)
    {
        if (text.Length < 26)
        {
            return;
        }

        foreach (var m in Base58Regex().EnumerateMatches(text))
        {
            if (IsBase58Check(text.AsSpan(m.Index, m.Length)))
            {
                hits.Add(new DetectorHit(m.Index, m.Length, "CRYPTO"));
            }
        }

        if (text.Contains("bc1", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var m in Bech32Regex().EnumerateMatches(text))
            {
                if (IsSegwit(text.AsSpan(m.Index, m.Length)))
                {
                    hits.Add(new DetectorHit(m.Index, m.Length, "CRYPTO"));
                }
            }
        }
    
    }

    /// <summary>A 25-byte Base58Check payload with version 0x00 or 0x05 and a valid checksum.</summary>
    internal static bool IsBase58Check(ReadOnlySpan<char> s)
    {
        Span<byte> bytes = stackalloc byte[25];
        bytes.Clear();
        foreach (var c in s)
        {
            var carry = Base58Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (carry < 0)
            {
                return false;
            }

            for (var k = bytes.Length - 1; k >= 0; k--)
            {
                carry += 58 * bytes[k];
                bytes[k] = (byte)carry;
                carry >>= 8;
            }

            if (carry != 0)
            {
                return false;
            }
        }

        // Each leading '1' encodes one leading zero byte, and no more.
        var ones = 0;
        while (ones < s.Length && s[ones] == '1')
        {
            ones++;
        }

        var zeros = 0;
        while (zeros < bytes.Length && bytes[zeros] == 0)
        {
            zeros++;
        }

        if (ones != zeros || bytes[0] is not (0x00 or 0x05))
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(bytes[..21], hash);
        SHA256.HashData(hash, hash);
        return hash[..4].SequenceEqual(bytes[21..]);
    }

    /// <summary>A "bc" SegWit address: Bech32 for witness version 0 (20- or 32-byte program),
    /// Bech32m for versions 1–16.</summary>
    internal static bool IsSegwit(ReadOnlySpan<char> s)
    {
        var hasLower = false;
        var hasUpper = false;
        foreach (var c in s)
        {
            hasLower |= c is >= 'a' and <= 'z';
            hasUpper |= c is >= 'A' and <= 'Z';
        }

        if ((hasLower && hasUpper) || s.Length > 90)
        {
            return false;
        }

        var data = s[3..];
        Span<byte> values = stackalloc byte[data.Length];
        for (var i = 0; i < data.Length; i++)
        {
            var v = Bech32Charset.IndexOf((char)(data[i] | 0x20), StringComparison.Ordinal);
            if (v < 0)
            {
                return false;
            }

            values[i] = (byte)v;
        }

        // hrp "bc" expanded: high bits, 0, low bits.
        uint chk = 1;
        foreach (var v in (ReadOnlySpan<byte>)[3, 3, 0, 2, 3])
        {
            chk = PolymodStep(chk, v);
        }

        foreach (var v in values)
        {
            chk = PolymodStep(chk, v);
        }

        var version = values[0];
        var programBits = (values.Length - 1 - 6) * 5;
        var programBytes = programBits / 8;
        if (version > 16 || programBits % 8 > 4 || programBytes is < 2 or > 40)
        {
            return false;
        }

        return version == 0
            ? chk == Bech32Const && programBytes is 20 or 32
            : chk == Bech32MConst;
    }

    private static uint PolymodStep(uint chk, byte value)
    {
        ReadOnlySpan<uint> gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
        var top = chk >> 25;
        chk = ((chk & 0x1ffffff) << 5) ^ value;
        for (var i = 0; i < 5; i++)
        {
            if (((top >> i) & 1) != 0)
            {
                chk ^= gen[i];
            }
        }

        return chk;
    }
}
