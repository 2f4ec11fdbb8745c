using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Policy.Api.Identity;

namespace Policy.Api.Tests.Decisions;

/// <summary>
/// The API on a fresh data folder (through <see cref="ApiFactory"/>), with every log message
/// recorded and optionally a fake clock and extra settings.
/// </summary>
internal sealed class DecisionHost : IDisposable
{
    private readonly ApiFactory _root = new();

    public DecisionHost(TimeProvider? time = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        Factory = _root.WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                b.UseSetting(key, value);
            }

            b.ConfigureLogging(l => l
                .AddProvider(Logs)
                .AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace));
            if (time is not null)
            {
                b.ConfigureServices(s => s.Replace(ServiceDescriptor.Singleton(time)));
            }
        });
    }

    public WebApplicationFactory<Program> Factory { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    public string DataDirectory => _root.DataDirectory;

    public TestBackend Backend => _root.Backend;

    public IServiceProvider Services => Factory.Services;

    public HttpClient ClientAs(string personId, params string[] roles)
    {
        var key = Services.GetRequiredService<ApiKeyStore>()
            .Create("test", personId, "Test " + personId, personId + "@example.org", roles).Key;
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public System.Data.Common.DbConnection OpenDatabase() => _root.OpenDatabase();

    public void Dispose() => _root.Dispose();
}

/// <summary>Records every message at every level, with its structured values, scopes and exceptions.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<string> Lines { get; } = new();

    public string All => string.Join('\n', Lines);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new System.Text.StringBuilder();
            line.Append(logLevel).Append(' ').Append(category).Append(": ").Append(formatter(state, exception));
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (k, v) in values)
                {
                    line.Append(" |").Append(k).Append('=').Append(v);
                }
            }

            owner._scopes.ForEachScope(
                (scope, sb) =>
                {
                    sb.Append(" scope=").Append(scope);
                    if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                    {
                        foreach (var (k, v) in pairs)
                        {
                            sb.Append(' ').Append(k).Append('=').Append(v);
                        }
                    }
                },
                line);
            if (exception is not null)
            {
                line.Append(" exception=").Append(exception);
            }

            owner.Lines.Enqueue(line.ToString());
        }
    }
}
