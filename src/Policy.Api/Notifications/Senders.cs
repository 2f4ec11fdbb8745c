using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Policy.Api.Notifications;

/// <summary>Sends one delivery once: a signed HTTP POST, or an e-mail through the configured SMTP server.</summary>
public sealed class NotificationSender(IHttpClientFactory clients, SubscriptionStore subscriptions, IOptions<NotificationOptions> options, TimeProvider time)
{
    public const string HttpClientName = "notifications";

    internal async Task<TryOutcome> SendAsync(DueDelivery delivery, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.Value.Timeout);
            return delivery.Subscription.Kind == SubscriptionStore.Email
                ? await MailAsync(delivery, watch, timeout.Token)
                : await PostAsync(delivery, watch, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new TryOutcome(false, null, $"no answer within {options.Value.Timeout.TotalSeconds:0.#} s", watch.ElapsedMilliseconds);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or SocketException or SmtpCommandException or SmtpProtocolException or MailKit.ServiceNotConnectedException or MailKit.Security.AuthenticationException or System.Security.Authentication.AuthenticationException)
        {
            // The message names the failure (refused, DNS, TLS), never the URL's path or the secret.
            return new TryOutcome(false, null, Describe(ex), watch.ElapsedMilliseconds);
        }
    }

    private async Task<TryOutcome> PostAsync(DueDelivery delivery, Stopwatch watch, CancellationToken ct)
    {
        var s = delivery.Subscription;
        var body = Encoding.UTF8.GetBytes(s.Format switch
        {
            "teams" => MessageText.Of(delivery.Payload).Teams(),
            "slack" => MessageText.Of(delivery.Payload).Slack(),
            _ => delivery.Payload,
        });
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, s.Target) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.EventHeader, delivery.Event);
        request.Headers.Add(WebhookSignature.EventIdHeader, delivery.EventId);
        request.Headers.Add(WebhookSignature.DeliveryHeader, delivery.Id);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (subscriptions.OpenSecret(s.SecretSealed) is { } secret)
        {
            request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, body));
        }

        using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        var status = (int)response.StatusCode;
        var ok = status is >= 200 and < 300;
        return new TryOutcome(ok, status, ok ? null : $"HTTP {status} {response.ReasonPhrase}", watch.ElapsedMilliseconds);
    }

    private async Task<TryOutcome> MailAsync(DueDelivery delivery, Stopwatch watch, CancellationToken ct)
    {
        var smtp = options.Value.Smtp;
        if (!smtp.Enabled)
        {
            return new TryOutcome(false, null, "no SMTP server configured (Policy:Notifications:Smtp:Host)", watch.ElapsedMilliseconds);
        }

        var text = MessageText.Of(delivery.Payload);
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From));
        message.To.Add(MailboxAddress.Parse(delivery.Subscription.Target));
        message.Subject = text.Title;
        message.Headers.Add("X-Policy-Event", delivery.Event);
        message.Headers.Add("X-Policy-Event-Id", delivery.EventId);
        message.Body = new TextPart("plain") { Text = text.PlainText() };

        using var client = new SmtpClient { Timeout = (int)options.Value.Timeout.TotalMilliseconds };
        var security = smtp.Security switch
        {
            "SslOnConnect" => SecureSocketOptions.SslOnConnect,
            "None" => SecureSocketOptions.None,
            _ => SecureSocketOptions.StartTls,
        };
        await client.ConnectAsync(smtp.Host, smtp.Port, security, ct);
        if (smtp.UserName.Length > 0)
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password, ct);
        }

        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
        return new TryOutcome(true, 250, null, watch.ElapsedMilliseconds);
    }

    private static string Describe(Exception ex)
    {
        var message = ex switch
        {
            HttpRequestException { HttpRequestError: var e } when e != HttpRequestError.Unknown => e.ToString(),
            SmtpCommandException smtp => $"SMTP {(int)smtp.StatusCode}: {smtp.Message}",
            _ => ex.GetType().Name + ": " + ex.Message,
        };
        return message.Length > 300 ? message[..300] : message;
    }
}
