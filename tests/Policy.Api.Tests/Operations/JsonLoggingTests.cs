using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Policy.Api.Tests.Operations;

/// <summary>
/// The real server with the JSON console formatter as docs/deployment.md configures it: every line
/// is one JSON object, the request's lines carry the caller's W3C trace id, and no line holds the
/// draft or the secret in it, neither for a check nor for a body the server could not read.
/// </summary>
public sealed class JsonLoggingTests : IDisposable
{
    private const string AdminKey = "pk_test_admin_key_json_logging_0123456789";
    private readonly TestBackend _store = TestBackend.Create();
    private readonly ConcurrentQueue<string> _output = new();
    private ApiProcess? _server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Log_lines_are_json_with_the_trace_id_and_never_the_draft()
    {
        const string secret = "Blaubeere#77xq";
        const string draft = "Lager-WLAN neu, Passwort lautet " + secret + " bitte nicht weitersagen";
        _server = await ApiProcess.StartAsync(
            _store.Settings().Concat(
            [
                new("Policy:Identity:BootstrapAdminKey", AdminKey),
                new("Logging:Console:FormatterName", "json"),
                new("Logging:Console:FormatterOptions:IncludeScopes", "true"),
                // Request start and end lines, so each request leaves lines to look at.
                new("Logging:LogLevel:Default", "Information"),
                new("Logging:LogLevel:Microsoft.AspNetCore", "Information"),
            ]),
            _output);

        using var client = _server.Client(AdminKey);
        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        using (var check = new HttpRequestMessage(HttpMethod.Post, "/api/v1/checks") { Content = JsonContent.Create(new { text = draft }) })
        {
            check.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
            using var answer = await client.SendAsync(check, Ct);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal("block", JsonDocument.Parse(await answer.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("decision").GetString());
        }

        // A body the server cannot read: its error must not quote the draft either.
        var brokenTrace = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        using (var broken = new HttpRequestMessage(HttpMethod.Post, "/api/v1/checks")
        {
            Content = new StringContent("{\"text\": \"" + draft + "\", \"language\": [", Encoding.UTF8, "application/json"),
        })
        {
            broken.Headers.Add("traceparent", $"00-{brokenTrace}-00f067aa0ba902b7-01");
            using var answer = await client.SendAsync(broken, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        }

        // The request-finished line is written after the answer was sent; wait for it.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!_output.Any(l => l.Contains(brokenTrace, StringComparison.Ordinal) && l.Contains("Request finished", StringComparison.Ordinal))
            && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, Ct);
        }

        var lines = _output.Where(l => l.Length > 0).ToList();
        Assert.NotEmpty(lines);
        var traced = 0;
        foreach (var line in lines)
        {
            using var entry = JsonDocument.Parse(line); // throws on anything but one JSON object per line
            Assert.Equal(JsonValueKind.Object, entry.RootElement.ValueKind);
            Assert.True(entry.RootElement.TryGetProperty("LogLevel", out _), line);
            Assert.DoesNotContain(secret, line, StringComparison.Ordinal);
            Assert.DoesNotContain("Passwort lautet", line, StringComparison.Ordinal);
            Assert.DoesNotContain("weitersagen", line, StringComparison.Ordinal);
            if (TraceIdOf(entry.RootElement) is { } id && (id == traceId || id == brokenTrace))
            {
                traced++;
            }
        }

        // Both requests logged their start and end under the caller's trace id.
        Assert.True(lines.Count(l => l.Contains(traceId, StringComparison.Ordinal)) >= 2, string.Join('\n', lines));
        Assert.True(traced >= 4, $"{traced} lines with the trace ids:\n" + string.Join('\n', lines));
    }

    private static string? TraceIdOf(JsonElement entry)
    {
        if (!entry.TryGetProperty("Scopes", out var scopes))
        {
            return null;
        }

        foreach (var scope in scopes.EnumerateArray())
        {
            if (scope.ValueKind == JsonValueKind.Object && scope.TryGetProperty("TraceId", out var id))
            {
                return id.GetString();
            }
        }

        return null;
    }

    public void Dispose()
    {
        _server?.Dispose();
        _store.Dispose();
    }
}
