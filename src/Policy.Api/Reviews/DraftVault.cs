using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Policy.Api.Store;

namespace Policy.Api.Reviews;

/// <summary>
/// Encrypts the draft texts an author chose to share (with a review or a false-positive report)
/// with AES-256-GCM under a key file of this installation, kept like the audit key: beside the
/// database, never in it, so a copy or export of the database alone reveals no draft. Each text
/// gets a fresh nonce; the row id is bound in as associated data, so a sealed text copied into
/// another row does not open there.
/// </summary>
public sealed class DraftVault
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private const string Version = "v1";

    private readonly byte[] _key;

    public DraftVault(IOptions<ReviewOptions> options, IOptions<StoreOptions> store)
    {
        KeyPath = options.Value.TextKeyPath(store.Value);
        // Derived with a fixed label, so the file's bytes never serve two purposes.
        _key = HMACSHA256.HashData(
            KeyFile.LoadOrCreate(KeyPath, "Without it the shared draft texts cannot be read; delete it to start afresh (stored texts are then lost)."),
            "policy review text v1"u8);
    }

    public string KeyPath { get; }

    /// <summary>"v1.nonce.ciphertext+tag", base64 parts.</summary>
    public string Seal(string text, string rowId)
    {
        var plain = Encoding.UTF8.GetBytes(text);
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        var cipher = new byte[plain.Length + TagBytes];
        using (var aes = new AesGcm(_key, TagBytes))
        {
            aes.Encrypt(nonce, plain, cipher.AsSpan(0, plain.Length), cipher.AsSpan(plain.Length), Encoding.UTF8.GetBytes(rowId));
        }

        CryptographicOperations.ZeroMemory(plain);
        return Version + "." + Convert.ToBase64String(nonce) + "." + Convert.ToBase64String(cipher);
    }

    /// <summary>The text, or null when the sealed value does not open under this key and row.</summary>
    public string? Open(string sealedText, string rowId)
    {
        var parts = sealedText.Split('.');
        if (parts.Length != 3 || parts[0] != Version)
        {
            return null;
        }

        try
        {
            var nonce = Convert.FromBase64String(parts[1]);
            var cipher = Convert.FromBase64String(parts[2]);
            if (nonce.Length != NonceBytes || cipher.Length < TagBytes)
            {
                return null;
            }

            var plain = new byte[cipher.Length - TagBytes];
            using var aes = new AesGcm(_key, TagBytes);
            aes.Decrypt(nonce, cipher.AsSpan(0, plain.Length), cipher.AsSpan(plain.Length), plain, Encoding.UTF8.GetBytes(rowId));
            return Encoding.UTF8.GetString(plain);
        }
        catch (Exception ex) when (ex is FormatException or AuthenticationTagMismatchException)
        {
            return null;
        }
    }
}
