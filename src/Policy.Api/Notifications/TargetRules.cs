using System.Net;

namespace Policy.Api.Notifications;

/// <summary>What a webhook URL, feed URL or e-mail address must look like before it is stored.</summary>
public static class TargetRules
{
    /// <summary>127.0.0.0/8, ::1 and "localhost": a receiver on this machine.</summary>
    public static bool IsLoopbackHost(string host)
    {
        var h = host.Trim('[', ']');
        if (string.Equals(h, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(h, out var ip) && IPAddress.IsLoopback(ip);
    }

    /// <summary>
    /// Null if <paramref name="url"/> may receive events; else why not. https everywhere; http only to
    /// loopback, or anywhere with <paramref name="allowHttp"/>. No credentials in the URL: they would
    /// be shown in every listing.
    /// </summary>
    public static string? CheckUrl(string? url, bool allowHttp)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "a URL is required.";
        }

        if (url.Length > 2_000)
        {
            return "the URL may be at most 2000 characters long.";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || string.IsNullOrEmpty(uri.Host))
        {
            return "must be an absolute https:// URL.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "must not carry a user name or password; the receiver checks the signature instead.";
        }

        if (uri.Scheme == "http" && !allowHttp && !IsLoopbackHost(uri.Host))
        {
            return "must use https:// (http:// only to a receiver on loopback).";
        }

        return null;
    }

    /// <summary>Null if <paramref name="address"/> is one plain e-mail address; else why not.</summary>
    public static string? CheckAddress(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return "an e-mail address is required.";
        }

        if (address.Length > 254 || !MimeKit.MailboxAddress.TryParse(address, out var parsed)
            || parsed.Address != address.Trim() || !parsed.Address.Contains('@', StringComparison.Ordinal))
        {
            return "must be one e-mail address such as hr@example.com.";
        }

        return null;
    }
}
