using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Policy.Core.Packs;

namespace Policy.Cli;

/// <summary>
/// <c>policy push</c> and <c>policy activate</c>: a pack repository's CI uploads a version and makes
/// it the one that checks drafts, with an HR key from the environment (never on the command line,
/// where process lists and CI logs would show it).
/// </summary>
internal static class ServerCommands
{
    public const string DefaultKeyVariable = "POLICY_API_KEY";

    public const string PushHelp = """
        policy push --server URL [--key-env NAME] PACK
            Uploads a pack file to the API (POST /api/v1/packs): the server parses, compiles and runs its
            examples, and stores the version immutable. Pushing the same content again changes nothing.
            The HR key is read from the environment variable POLICY_API_KEY (or --key-env NAME);
            --server defaults to the environment variable POLICY_SERVER.
            Exit code: 0 stored (or already stored), 1 refused (the version exists with other content,
            or its examples fail), 2 usage error, load error (with file:line:column), key or server unreachable.
        """;

    public const string ActivateHelp = """
        policy activate --server URL [--key-env NAME] [--expect-active VERSION | --expect-none]
                        [--expect-checking ID[@VERSION]] PACK | ID VERSION
            Activates a stored version (a pack file names its id and version) and so makes its pack the
            one that checks drafts; a new version of a base of the checking pack stays under it.
            Compare-and-set: the version you believe is active (--expect-active, --expect-none), else the
            one the server reports a moment before; --expect-checking also guards the checking pack.
            Key and server as for push.
            Exit code: 0 active (or already), 1 refused (someone else switched first: 409; examples fail or it
            does not compile with the active base: 422), 2 usage error, unknown version, key or server unreachable.
        """;

    public static int Push(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var a = Arguments.Parse(args, ["--server", "--key-env"], []);
        if (a.Help)
        {
            output.WriteLine(PushHelp);
            return ExitCodes.Clean;
        }

        if (a.Positional.Count != 1 || !File.Exists(a.Positional[0]))
        {
            throw new UsageException(a.Positional.Count == 1 ? $"no pack file '{a.Positional[0]}'" : "name one pack file: policy push --server URL PACK");
        }

        var path = a.Positional[0];
        using var client = Client(a);
        var mediaType = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "application/json" : "application/yaml";
        using var content = new StringContent(PackSet.ReadText(path), Encoding.UTF8, mediaType);
        var response = Send(() => client.PostAsync("api/v1/packs?fileName=" + Uri.EscapeDataString(Path.GetFileName(path)), content));
        var body = Json(response);
        switch (response.StatusCode)
        {
            case HttpStatusCode.Created or HttpStatusCode.OK:
                var failed = body?["examples"]?["failed"]?.GetValue<int>() ?? 0;
                var passed = body?["examples"]?["passed"]?.GetValue<int>() ?? 0;
                output.WriteLine($"{(response.StatusCode == HttpStatusCode.Created ? "stored" : "already stored")}: {body?["packId"]} {body?["version"]} sha256 {body?["sha256"]}; examples {passed} passed, {failed} failed");
                if (failed > 0)
                {
                    error.WriteLine("policy push: the version's examples fail on the server; it cannot be activated");
                    return ExitCodes.Findings;
                }

                return ExitCodes.Clean;
            case HttpStatusCode.Conflict:
                Problem(error, "push", response, body, path);
                return ExitCodes.Findings;
            default:
                Problem(error, "push", response, body, path);
                return ExitCodes.Error;
        }
    }

    public static int Activate(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var a = Arguments.Parse(args, ["--server", "--key-env", "--expect-active", "--expect-checking"], ["--expect-none"]);
        if (a.Help)
        {
            output.WriteLine(ActivateHelp);
            return ExitCodes.Clean;
        }

        string id, version;
        switch (a.Positional.Count)
        {
            case 1 when File.Exists(a.Positional[0]):
                var source = PackSource.Read(a.Positional[0], PackSet.ReadText(a.Positional[0]), PackLimits.Default, CancellationToken.None);
                (id, version) = (source.Id, source.Version);
                break;
            case 2:
                (id, version) = (a.Positional[0], a.Positional[1]);
                break;
            default:
                throw new UsageException(a.Positional.Count == 1 ? $"no pack file '{a.Positional[0]}' (or name ID VERSION)" : "name a pack file or ID VERSION: policy activate --server URL PACK");
        }

        if (a.Flag("--expect-none") && a.Value("--expect-active") is not null)
        {
            throw new UsageException("--expect-active and --expect-none exclude each other");
        }

        using var client = Client(a);
        string expected;
        if (a.Flag("--expect-none"))
        {
            expected = string.Empty;
        }
        else if (a.Value("--expect-active") is { } e)
        {
            expected = e;
        }
        else
        {
            // What the server reports now; the switch still fails with 409 if it moves before we send.
            var list = Send(() => client.GetAsync("api/v1/packs"));
            var packs = Json(list);
            if (list.StatusCode != HttpStatusCode.OK)
            {
                Problem(error, "activate", list, packs, null);
                return ExitCodes.Error;
            }

            expected = packs?["packs"]?.AsArray().FirstOrDefault(p => p?["id"]?.GetValue<string>() == id)?["active"]?.GetValue<string>() ?? string.Empty;
        }

        var request = new JsonObject { ["expectedActive"] = expected };
        if (a.Value("--expect-checking") is { } checking)
        {
            request["expectedChecking"] = checking;
        }

        var response = Send(() => client.PostAsJsonAsync($"api/v1/packs/{Uri.EscapeDataString(id)}/versions/{Uri.EscapeDataString(version)}/activate", request));
        var body = Json(response);
        switch (response.StatusCode)
        {
            case HttpStatusCode.OK:
                var changed = body?["changed"]?.GetValue<bool>() ?? false;
                var now = body?["checking"];
                output.WriteLine((changed ? $"activated {id} {version}" + (body?["previous"] is { } prev ? $" (was {prev})" : " (none was active)") : $"{id} {version} was already active")
                    + (now is null ? string.Empty : $"; drafts are checked with {now["packId"]} {now["version"]}"));
                return ExitCodes.Clean;
            case HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity:
                Problem(error, "activate", response, body, null);
                return ExitCodes.Findings;
            default:
                Problem(error, "activate", response, body, null);
                return ExitCodes.Error;
        }
    }

    private static HttpClient Client(Arguments a)
    {
        var server = a.Value("--server") ?? Environment.GetEnvironmentVariable("POLICY_SERVER")
            ?? throw new UsageException("--server URL is required (or set POLICY_SERVER)");
        if (!Uri.TryCreate(server.EndsWith('/') ? server : server + "/", UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--server must be an http or https URL, not '{server}'");
        }

        var variable = a.Value("--key-env") ?? DefaultKeyVariable;
        var key = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new UsageException($"set the HR key in the environment variable {variable} (a CI secret); it is never taken from the command line");
        }

        var client = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(100) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Trim());
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("policy-cli", Sarif.ToolVersion()));
        return client;
    }

    private static HttpResponseMessage Send(Func<Task<HttpResponseMessage>> send)
    {
        try
        {
            return send().GetAwaiter().GetResult();
        }
        catch (HttpRequestException ex)
        {
            throw new UsageException($"the server cannot be reached: {ex.Message}");
        }
        catch (TaskCanceledException)
        {
            throw new UsageException("the server did not answer within 100 seconds");
        }
    }

    private static JsonNode? Json(HttpResponseMessage response)
    {
        var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        try
        {
            return text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The server's problem details as CI shows them: title and detail, each pack error as file:line:column.</summary>
    private static void Problem(TextWriter error, string command, HttpResponseMessage response, JsonNode? body, string? path)
    {
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        error.WriteLine($"policy {command}: " + (body?["title"]?.ToString() ?? "the server refused the request") + $" ({status})");
        if (body?["detail"]?.ToString() is { Length: > 0 } detail)
        {
            error.WriteLine("  " + detail);
        }

        if (body?["errors"] is JsonArray errors)
        {
            foreach (var e in errors)
            {
                // The server names the upload by its file name; print the path CI knows.
                error.WriteLine($"{path ?? e?["file"]?.ToString()}:{e?["line"]}:{e?["column"]}: {(e?["ruleId"] is { } r ? $"rule '{r}': " : string.Empty)}{e?["message"]}");
            }
        }
        else if (body?["errors"] is JsonObject fields)
        {
            foreach (var (field, messages) in fields)
            {
                error.WriteLine($"  {field}: {string.Join(" ", messages?.AsArray().Select(m => m?.ToString()) ?? [])}");
            }
        }
    }
}
