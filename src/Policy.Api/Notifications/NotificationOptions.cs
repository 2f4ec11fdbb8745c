using Microsoft.Extensions.Options;

namespace Policy.Api.Notifications;

/// <summary>How events are delivered; section "Policy:Notifications".</summary>
public sealed class NotificationOptions
{
    public const string Section = "Policy:Notifications";

    /// <summary>How often the worker looks for new events and due retries (default 2 s; 10 ms to 1 min).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Tries per delivery before it is given up as failed (default 8; 1 to 50).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Wait before the second try; it doubles with each further try (default 30 s; 10 ms to 1 h).</summary>
    public TimeSpan RetryBase { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between two tries (default 1 h; at least RetryBase, at most 1 day).</summary>
    public TimeSpan RetryMax { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long one try may take, connection and answer (default 10 s; 100 ms to 2 min).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Allows plain http:// webhook URLs to hosts other than loopback. Off by default: a webhook
    /// carries a signature and internal events, so it goes over https (http only to 127.0.0.1/::1/localhost).
    /// </summary>
    public bool AllowHttp { get; set; }

    /// <summary>Days the outbox and the delivery log are kept (default 30; 1 to 3650).</summary>
    public int RetentionDays { get; set; } = 30;

    /// <summary>The SMTP server for e-mail notifications; without a host, e-mail recipients cannot be added.</summary>
    public SmtpOptions Smtp { get; set; } = new();
}

/// <summary>Section "Policy:Notifications:Smtp".</summary>
public sealed class SmtpOptions
{
    public string Host { get; set; } = string.Empty;

    public int Port { get; set; } = 587;

    /// <summary>"StartTls" (default), "SslOnConnect", or "None" (only for a server on loopback, or with AllowInsecure).</summary>
    public string Security { get; set; } = "StartTls";

    /// <summary>Permits "None" to a host other than loopback (a relay on a trusted network).</summary>
    public bool AllowInsecure { get; set; }

    public string UserName { get; set; } = string.Empty;

    public string Password { get; set; } = string.Empty;

    /// <summary>The sender address, e.g. "Policy &lt;policy@example.com&gt;".</summary>
    public string From { get; set; } = string.Empty;

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}

internal sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationOptions o)
    {
        var s = NotificationOptions.Section;
        var failures = new List<string>();
        if (o.PollInterval < TimeSpan.FromMilliseconds(10) || o.PollInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{s}:PollInterval must be between 00:00:00.010 and 00:01:00 (is {o.PollInterval}).");
        }

        if (o.MaxAttempts is < 1 or > 50)
        {
            failures.Add($"{s}:MaxAttempts must be between 1 and 50 (is {o.MaxAttempts}).");
        }

        if (o.RetryBase < TimeSpan.FromMilliseconds(10) || o.RetryBase > TimeSpan.FromHours(1))
        {
            failures.Add($"{s}:RetryBase must be between 00:00:00.010 and 01:00:00 (is {o.RetryBase}).");
        }

        if (o.RetryMax < o.RetryBase || o.RetryMax > TimeSpan.FromDays(1))
        {
            failures.Add($"{s}:RetryMax must be at least RetryBase and at most 1.00:00:00 (is {o.RetryMax}).");
        }

        if (o.Timeout < TimeSpan.FromMilliseconds(100) || o.Timeout > TimeSpan.FromMinutes(2))
        {
            failures.Add($"{s}:Timeout must be between 00:00:00.100 and 00:02:00 (is {o.Timeout}).");
        }

        if (o.RetentionDays is < 1 or > 3650)
        {
            failures.Add($"{s}:RetentionDays must be between 1 and 3650 (is {o.RetentionDays}).");
        }

        if (o.Smtp.Enabled)
        {
            if (o.Smtp.Port is < 1 or > 65535)
            {
                failures.Add($"{s}:Smtp:Port must be between 1 and 65535 (is {o.Smtp.Port}).");
            }

            if (o.Smtp.Security is not ("StartTls" or "SslOnConnect" or "None"))
            {
                failures.Add($"{s}:Smtp:Security must be StartTls, SslOnConnect or None (is '{o.Smtp.Security}').");
            }
            else if (o.Smtp.Security == "None" && !o.Smtp.AllowInsecure && !TargetRules.IsLoopbackHost(o.Smtp.Host))
            {
                failures.Add($"{s}:Smtp:Security None sends mail and password in clear: only to a loopback host, or set {s}:Smtp:AllowInsecure.");
            }

            if (!MimeKit.MailboxAddress.TryParse(o.Smtp.From, out _) || !o.Smtp.From.Contains('@', StringComparison.Ordinal))
            {
                failures.Add($"{s}:Smtp:From must be a sender address such as 'Policy <policy@example.com>'.");
            }
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
