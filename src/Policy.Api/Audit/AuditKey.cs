using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Policy.Api.Store;

namespace Policy.Api.Audit;

/// <summary>
/// The key that seals the audit chain and its head: the key file <see cref="StoreOptions.AuditKeyPath"/>
/// (derived with a fixed label, so the same bytes could never serve another purpose by mistake),
/// which lives beside the database but not in it. Whoever can change the database but not read that
/// file cannot write entries that verify; whoever can read it can.
/// </summary>
public sealed class AuditKey(IOptions<StoreOptions> store)
{
    private readonly byte[] _key = HMACSHA256.HashData(
        KeyFile.LoadOrCreate(store.Value.AuditKeyPath, "Restore it from the backup: without it no keyed audit entry verifies."),
        "policy audit chain v1"u8);

    /// <summary>Lower-case hex HMAC-SHA256 of the text under the audit key.</summary>
    public string Seal(string text) => Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(text)));

    /// <summary>Compares a stored seal with the expected one in constant time.</summary>
    public bool Verify(string text, string seal) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Seal(text)), Encoding.ASCII.GetBytes(seal));
}
