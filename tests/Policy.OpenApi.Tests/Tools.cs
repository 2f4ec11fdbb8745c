using System.Diagnostics;

namespace Policy.OpenApi.Tests;

/// <summary>The repository and the command-line tools the checks run (tools/openapi, pinned by its package-lock.json; Kiota, a dotnet tool).</summary>
public static class Tools
{
    public static string Root { get; } = FindRoot();

    public static string Document => Path.Combine(Root, "docs", "openapi.json");

    public static string NpmTools => Path.Combine(Root, "tools", "openapi");

    /// <summary>
    /// The path of an npm tool's command. Missing: skipped on a developer's machine (with the
    /// command that installs it), a failure on CI, which installs them (.ci/run).
    /// </summary>
    public static string Npm(string command)
    {
        var path = Path.Combine(NpmTools, "node_modules", ".bin", command);
        if (!File.Exists(path))
        {
            const string install = "cd tools/openapi && npm ci";
            if (Environment.GetEnvironmentVariable("CI") is "true" or "1")
            {
                Assert.Fail($"{command} is not installed; CI must install it ({install}).");
            }

            Assert.Skip($"{command} is not installed: {install}");
        }

        return path;
    }

    public static async Task<(int ExitCode, string Output)> Run(string file, string arguments, string workingDirectory, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["NO_COLOR"] = "1";
        start.Environment["FORCE_COLOR"] = "0";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        var text = await output + await error;
        TestContext.Current.TestOutputHelper?.WriteLine($"$ {Path.GetFileName(file)} {arguments}\n{text}");
        return (process.ExitCode, text);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Policy.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Policy.sln not found above " + AppContext.BaseDirectory);
    }
}
