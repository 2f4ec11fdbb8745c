using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Policy.Api.Tests;

/// <summary>
/// The real API as a process of its own on a free loopback port (Kestrel, the Release or Debug
/// build beside the tests), for what an in-process host cannot show: kill -9, several instances.
/// </summary>
public sealed class ApiProcess : IDisposable
{
    private ApiProcess(Process process, string baseUrl, ConcurrentQueue<string> output)
    {
        Process = process;
        BaseUrl = baseUrl;
        Output = output;
    }

    public Process Process { get; }

    public string BaseUrl { get; }

    /// <summary>Everything the process wrote to stdout and stderr.</summary>
    public ConcurrentQueue<string> Output { get; }

    public bool HasExited => Process.HasExited;

    /// <summary>Starts the API with the settings (as command-line configuration) and waits until /health answers 200.</summary>
    public static async Task<ApiProcess> StartAsync(
        IEnumerable<KeyValuePair<string, string>> settings, ConcurrentQueue<string>? output = null, bool traceLogging = false)
    {
        var ct = TestContext.Current.CancellationToken;
        output ??= new ConcurrentQueue<string>();
        var baseUrl = $"http://127.0.0.1:{FreePort()}";
        var dll = Path.Combine(AppContext.BaseDirectory, "Policy.Api.dll");
        Assert.True(File.Exists(dll), dll);
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(baseUrl);
        foreach (var (key, value) in settings)
        {
            info.ArgumentList.Add("--" + key);
            info.ArgumentList.Add(value);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        if (traceLogging)
        {
            // Everything the server logs, at the most verbose level, to look for draft text afterwards.
            info.Environment["Logging__LogLevel__Default"] = "Trace";
            info.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Trace";
        }

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? string.Empty);
        process.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? string.Empty);
        Assert.True(process.Start());
        var api = new ApiProcess(process, baseUrl, output);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process.HasExited || DateTime.UtcNow >= deadline)
            {
                // Read before Dispose: a disposed Process throws on HasExited, hiding why the start failed.
                var exited = process.HasExited;
                api.Dispose();
                Assert.Fail((exited ? "the server exited: " : "the server did not answer /health within 60 s: ") + string.Join('\n', output));
            }

            try
            {
                if ((await probe.GetAsync("/health", ct)).StatusCode == HttpStatusCode.OK)
                {
                    return api;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(100, ct);
        }
    }

    public HttpClient Client(string? key = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    /// <summary>SIGKILL: no shutdown, no draining, no flushing.</summary>
    public async Task KillAsync()
    {
        Process.Kill(entireProcessTree: true);
        await Process.WaitForExitAsync(TestContext.Current.CancellationToken);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
                Process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        Process.Dispose();
    }
}
