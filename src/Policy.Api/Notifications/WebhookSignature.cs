using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Policy.Api.Notifications;

/// <summary>
/// The signature of a webhook request: HMAC-SHA256 with the subscription's secret over the
/// timestamp header, a dot and the raw body, sent as <c>Policy-Signature: v1=&lt;hex&gt;</c>.
/// The receiver recomputes it over the bytes it received and rejects a timestamp older than a few
/// minutes (replay). See docs/notifications.md.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "Policy-Signature";
    public const string TimestampHeader = "Policy-Timestamp";
    public const string EventHeader = "Policy-Event";
    public const string EventIdHeader = "Policy-Event-Id";
    public const string DeliveryHeader = "Policy-Delivery";

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
    }

    /// <summary>The receiver's check: the signature matches (compared in constant time) and the timestamp is within <paramref name="tolerance"/> of <paramref name="now"/>.</summary>
    public static bool Verify(string secret, string? timestampHeader, string? signatureHeader, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp) || signatureHeader is null)
        {
            return false;
        }

        if (Math.Abs(now.ToUnixTimeSeconds() - timestamp) > tolerance.TotalSeconds)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, timestamp, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signatureHeader));
    }
}
