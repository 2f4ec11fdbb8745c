using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Policy.Api.Store;
using Policy.Core.Normalize;

namespace Policy.Api.Decisions;

/// <summary>
/// The keyed fingerprint of a draft: HMAC-SHA256 over the normalized text with a secret key of
/// this installation. Equal drafts give equal fingerprints, so a repeated check of the same text is
/// recognisable, but without the key nobody can test guesses ("is it 'Sommer2024!'?") against a
/// stored fingerprint, which a plain SHA-256 of a short draft would allow in seconds.
/// </summary>
/// <remarks>
/// The key is 32 random bytes created on first start in the data directory
/// (<see cref="KeyFileName"/>, readable only by the service account), deliberately apart from the
/// database: a copy or export of the database alone does not carry the key.
/// </remarks>
public sealed class DraftHasher : IDisposable
{
    public const string KeyFileName = "decision-hash.key";

    private readonly byte[] _key;

    // One HMAC per thread, reset after each use: the one-shot HMACSHA256.HashData sets up a new
    // OpenSSL context (and looks the digest up again) for every draft.
    private readonly ThreadLocal<IncrementalHash> _hmac;

    public DraftHasher(IOptions<StoreOptions> store)
    {
        KeyPath = store.Value.HashKeyPath;
        _key = KeyFile.LoadOrCreate(KeyPath, "Delete it to create a new one; earlier fingerprints then no longer match new ones.");
        _hmac = new(() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key), trackAllValues: true);
    }

    public string KeyPath { get; }

    /// <summary>Lower-case hex HMAC-SHA256 of the draft after normalization (case, look-alikes, invisible characters folded).</summary>
    public string Hash(string draft) => Hash(Normalizer.Normalize(draft));

    /// <summary>The same fingerprint from a draft the check has normalized already.</summary>
    public string Hash(NormalizedText draft)
    {
        var text = draft.Text;
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        var length = Encoding.UTF8.GetBytes(text, bytes);
        try
        {
            var hmac = _hmac.Value!;
            hmac.AppendData(bytes, 0, length);
            Span<byte> mac = stackalloc byte[32];
            hmac.GetHashAndReset(mac);
            return Convert.ToHexStringLower(mac);
        }
        finally
        {
            // The pooled buffer goes back to other users: the draft must not stay in it.
            CryptographicOperations.ZeroMemory(bytes.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    public void Dispose()
    {
        foreach (var hmac in _hmac.Values)
        {
            hmac.Dispose();
        }

        _hmac.Dispose();
    }
}
