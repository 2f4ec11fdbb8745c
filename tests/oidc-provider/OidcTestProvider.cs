using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Policy.Tests.Oidc;

/// <summary>Tokens the provider issued at the end of an authorization code flow.</summary>
public sealed record ProviderTokens(string AccessToken, string IdToken);

/// <summary>
/// A real OpenID Connect provider for the tests: tests/oidc-provider/provider.mjs (the certified
/// `oidc-provider` package) in a Node process of its own on a loopback port, with the test
/// clients and people it defines. Started on first use; a machine without Node or without
/// `npm ci` in tests/oidc-provider skips the tests that need it with a reason saying so (.ci/run
/// installs both, and CI counts a skip as a failure).
/// </summary>
public sealed class OidcTestProvider : IDisposable
{
    public const string WebClientId = "policy-web";
    public const string WebClientSecret = "policy-web-secret";
    public const string ExpiringClientId = "policy-expiring";
    public const string ExpiringClientSecret = "policy-expiring-secret";
    public const string ApiAudience = "api://policy";
    public const string Scopes = "openid profile email groups";

    /// <summary>The groups of the test directory and the roles the API maps them to.</summary>
    public static readonly IReadOnlyDictionary<string, string> RoleGroups = new Dictionary<string, string>
    {
        ["hr"] = "policy-hr",
        ["legal"] = "policy-legal",
        ["admin"] = "policy-admins",
    };

    /// <summary>The test people: login, password, display name, the roles their groups give.</summary>
    public static readonly IReadOnlyDictionary<string, (string Password, string Name, string[] Roles)> People = new Dictionary<string, (string, string, string[])>
    {
        ["erika"] = ("erika-pw", "Erika Muster", ["employee"]),
        ["hanna"] = ("hanna-pw", "Hanna Roth", ["employee", "hr"]),
        ["lale"] = ("lale-pw", "Lale Kaya", ["employee", "legal"]),
        ["adam"] = ("adam-pw", "Adam Admin", ["admin", "employee"]),
        ["nils"] = ("nils-pw", "Nils Ohnegruppe", ["employee"]),
        ["otto"] = ("otto-pw", "Otto Offboard", ["employee"]),
    };

    private readonly Lazy<(Process Process, string Issuer)> _started;
    private readonly StringBuilder _log = new();

    public OidcTestProvider() => _started = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>http://127.0.0.1:port (starting the provider if it is not running yet).</summary>
    public string Issuer => _started.Value.Issuer;

    /// <summary>The settings that point the API at this provider.</summary>
    public IEnumerable<(string Key, string Value)> ApiSettings()
    {
        yield return ("Policy:SignIn:Authority", Issuer);
        yield return ("Policy:SignIn:ClientId", WebClientId);
        yield return ("Policy:SignIn:ClientSecret", WebClientSecret);
        yield return ("Policy:SignIn:Audience", ApiAudience);
        yield return ("Policy:SignIn:PersonIdClaim", "preferred_username");
        yield return ("Policy:SignIn:RoleClaim", "groups");
        yield return ("Policy:SignIn:ClockSkew", "00:00:00");
        yield return ("Policy:SignIn:ProviderName", "Test-IdP");
        var i = 0;
        foreach (var scope in Scopes.Split(' '))
        {
            yield return ($"Policy:SignIn:Scopes:{i++}", scope);
        }

        foreach (var (role, group) in RoleGroups)
        {
            yield return ($"Policy:SignIn:RoleGroups:{role}:0", group);
        }
    }

    /// <summary>
    /// Signs <paramref name="login"/> in through the provider's login form with the authorization
    /// code flow and PKCE, as a native app would (HTTP, no browser), and answers the tokens.
    /// </summary>
    public async Task<ProviderTokens> SignInAsync(string login, string? password = null, string clientId = WebClientId, string clientSecret = WebClientSecret)
    {
        password ??= People[login].Password;
        var redirectUri = "http://127.0.0.1/callback";
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(Issuer + "/") };
        var url = $"auth?client_id={clientId}&response_type=code&scope={Uri.EscapeDataString(Scopes)}&redirect_uri={Uri.EscapeDataString(redirectUri)}" +
            $"&code_challenge={challenge}&code_challenge_method=S256&state=s{Guid.NewGuid():N}&nonce=n{Guid.NewGuid():N}";
        string? code = null;
        for (var step = 0; step < 12 && code is null; step++)
        {
            using var response = await http.GetAsync(url);
            if (response.StatusCode == HttpStatusCode.OK && url.Contains("/interaction/", StringComparison.Ordinal))
            {
                // The login form: answer it as a person would.
                using var login2 = await http.PostAsync(url, new FormUrlEncodedContent([new("login", login), new("password", password)]));
                if (login2.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.SeeOther or HttpStatusCode.Found))
                {
                    throw new InvalidOperationException($"the provider refused the sign-in of {login}: {(int)login2.StatusCode} {await login2.Content.ReadAsStringAsync()}");
                }

                url = login2.Headers.Location!.ToString();
                continue;
            }

            if ((int)response.StatusCode is < 300 or >= 400)
            {
                throw new InvalidOperationException($"the provider answered {(int)response.StatusCode} at {url}: {await response.Content.ReadAsStringAsync()}");
            }

            var location = response.Headers.Location!;
            var absolute = location.IsAbsoluteUri ? location : new Uri(new Uri(Issuer), location);
            if (absolute.ToString().StartsWith(redirectUri, StringComparison.Ordinal))
            {
                var query = System.Web.HttpUtility.ParseQueryString(absolute.Query);
                code = query["code"] ?? throw new InvalidOperationException("the provider sent no code: " + absolute);
                break;
            }

            url = absolute.ToString();
        }

        using var tokenRequest = new HttpRequestMessage(HttpMethod.Post, "token")
        {
            Content = new FormUrlEncodedContent(
            [
                new("grant_type", "authorization_code"),
                new("code", code ?? throw new InvalidOperationException("the sign-in did not come back with a code")),
                new("redirect_uri", redirectUri),
                new("code_verifier", verifier),
            ]),
        };
        tokenRequest.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(clientSecret))));
        using var tokenResponse = await http.SendAsync(tokenRequest);
        var body = await tokenResponse.Content.ReadAsStringAsync();
        if (!tokenResponse.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"the token endpoint answered {(int)tokenResponse.StatusCode}: {body}");
        }

        using var json = JsonDocument.Parse(body);
        return new ProviderTokens(json.RootElement.GetProperty("access_token").GetString()!, json.RootElement.GetProperty("id_token").GetString()!);
    }

    private (Process, string) Start()
    {
        var directory = ProviderDirectory();
        if (FindOnPath("node") is null)
        {
            Assert.Skip("Node.js was not found on PATH. The sign-in tests start a real OpenID Connect provider (tests/oidc-provider, " +
                "the npm package oidc-provider): install Node.js 20+ (`apt-get install -y nodejs npm`, as .ci/run does) and run `npm ci` in tests/oidc-provider.");
        }

        if (!File.Exists(Path.Combine(directory, "node_modules", "oidc-provider", "package.json")))
        {
            Assert.Skip($"The test OpenID Connect provider is not installed: run `npm ci` in {directory} (.ci/run does).");
        }

        var process = new Process
        {
            StartInfo = new ProcessStartInfo("node", "provider.mjs")
            {
                WorkingDirectory = directory,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        process.Start();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (_log)
            {
                _log.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        // The first line that says where it listens (anything printed before it is kept for the error).
        var ready = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } printed)
            {
                if (printed.StartsWith("listening ", StringComparison.Ordinal))
                {
                    return printed;
                }

                lock (_log)
                {
                    _log.AppendLine(printed);
                }
            }

            return null;
        });
        // Generous: on a busy two-core CI machine Node takes its time to start.
        if (!ready.Wait(TimeSpan.FromSeconds(120)) || ready.Result is not { } line)
        {
            process.Kill(entireProcessTree: true);
            lock (_log)
            {
                throw new InvalidOperationException("the test OpenID Connect provider did not start: " + _log);
            }
        }

        // Keep reading, so a chatty provider never blocks on a full pipe.
        _ = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is not null)
            {
            }
        });
        return (process, line["listening ".Length..].Trim());
    }

    private static string ProviderDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Policy.sln")))
            {
                return Path.Combine(dir.FullName, "tests", "oidc-provider");
            }
        }

        throw new InvalidOperationException("Policy.sln not found above " + AppContext.BaseDirectory);
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, program))
            .FirstOrDefault(File.Exists);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Dispose()
    {
        if (!_started.IsValueCreated)
        {
            return;
        }

        var process = _started.Value.Process;
        try
        {
            // Closing its standard input ends it; the kill is for a provider that hangs.
            process.StandardInput.Close();
            if (!process.WaitForExit(5000))
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It had already ended.
        }

        process.Dispose();
    }
}
