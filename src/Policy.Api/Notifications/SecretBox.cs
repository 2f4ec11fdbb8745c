using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Policy.Api.Store;

namespace Policy.Api.Notifications;

/// <summary>
/// Seals webhook signing secrets with AES-GCM under a key file beside the database
/// (<see cref="KeyFileName"/>), so a copy of the database alone does not carry usable secrets.
/// Several instances on one PostgreSQL database need the same key file.
/// </summary>
public sealed class SecretBox
{
    public const string KeyFileName = "notification-secrets.key";

    private readonly byte[] _key;

    public SecretBox(IOptions<StoreOptions> store)
    {
        KeyPath = Path.GetFullPath(Path.Combine(store.Value.DataDirectory, KeyFileName));
        _key = KeyFile.LoadOrCreate(KeyPath, "Restore it from the backup; without it, every webhook needs a new secret (POST …/secret).");
    }

    public string KeyPath { get; }

    /// <summary>A new signing secret: "whsec_" and 32 random bytes, base64url.</summary>
    public static string NewSecret() => "whsec_" + Base64Url(RandomNumberGenerator.GetBytes(32));

    public string Seal(string secret)
    {
        var plain = Encoding.UTF8.GetBytes(secret);
        var sealedBytes = new byte[12 + 16 + plain.Length];
        var nonce = sealedBytes.AsSpan(0, 12);
        RandomNumberGenerator.Fill(nonce);
        using var gcm = new AesGcm(_key, 16);
        gcm.Encrypt(nonce, plain, sealedBytes.AsSpan(28), sealedBytes.AsSpan(12, 16));
        return Convert.ToBase64String(sealedBytes);
    }

    public string Open(string sealedSecret)
    {
        var bytes = Convert.FromBase64String(sealedSecret);
        var plain = new byte[bytes.Length - 28];
        using var gcm = new AesGcm(_key, 16);
        gcm.Decrypt(bytes.AsSpan(0, 12), bytes.AsSpan(28), bytes.AsSpan(12, 16), plain);
        return Encoding.UTF8.GetString(plain);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
