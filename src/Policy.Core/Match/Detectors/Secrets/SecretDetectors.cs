namespace Policy.Core.Match.Detectors.Secrets;

/// <summary>The secret detectors (category credential).</summary>
public static class SecretDetectors
{
    /// <summary>"basic-auth-url": credentials inside a URL, <c>https://user:password@host</c>,
    /// <c>postgres://app:S3cr3t@db:5432/x</c>. The hit is the password.</summary>
    internal static PatternDetector BasicAuthUrl { get; } = new(
        "basic-auth-url",
        @"(?<b>[^\w.+\-])(?i:[a-z][a-z0-9+.\-]{1,15})://(?<u>[^\s:/@'""<>{}\[\]]{1,64}):(?<s>[^\s/@'""<>]{3,128})@(?<t>[\w\-\[])",
        ["://"],
        validate: v => !CredentialPlaceholders.IsPlaceholder(v) && v != "***");

    /// <summary>"connection-string": an ADO.NET / ODBC style connection string with a password,
    /// <c>Server=db;User Id=app;Password=S3cr3t;</c>. The hit is the password.</summary>
    internal static PatternDetector ConnectionString { get; } = new(
        "connection-string",
        @"(?i)(?:(?:server|data source|host|address|addr|user id|uid|user|username|database|initial catalog|port|dsn|driver)[ \t]*=[^;\r\n]{0,200};[ \t]*){1,8}(?:password|pwd)[ \t]*=[ \t]*(?<s>[^;'""\s]{3,128})",
        ["password", "pwd"],
        validate: v => !CredentialPlaceholders.IsPlaceholder(v));

    /// <summary>"nuget-config-password": <c>&lt;add key="ClearTextPassword" value="…" /&gt;</c> in a NuGet.config.</summary>
    internal static PatternDetector NugetConfigPassword { get; } = new(
        "nuget-config-password",
        @"<add[ \t]+key[ \t]*=[ \t]*""(?i:(?:cleartext)?password)""[ \t]+value[ \t]*=[ \t]*""(?<s>[^""]{1,256})""",
        ["<add"],
        validate: v => v.Length >= 6 && !CredentialPlaceholders.IsPlaceholder(v));

    public static IReadOnlyList<IDetector> All { get; } =
    [
        .. SecretPatterns.All,
        new PrivateKeyDetector(),
        new GenericApiKeyDetector(),
        new CurlAuthUserDetector(),
        new CurlAuthHeaderDetector(),
        new KubernetesSecretYamlDetector(),
        new PasswordProseDetector(),
        new GeneratedPasswordDetector(),
        new AccessCodeDetector(),
        new CommandLinePasswordDetector(),
        new EncodedSecretDetector(),
        BasicAuthUrl,
        ConnectionString,
        NugetConfigPassword,
    ];

    /// <summary>True when <paramref name="detector"/> would run on <paramref name="text"/>: it has no
    /// keywords or one of them occurs, case-insensitively (what the engine's automaton decides).</summary>
    public static bool KeywordsPresent(IDetector detector, string text)
    {
        if (detector.Keywords.Count == 0)
        {
            return true;
        }

        foreach (var k in detector.Keywords)
        {
            if (text.Contains(k, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Runs every secret detector whose keywords occur; a convenience for tests and tools
    /// (the engine gates detectors itself).</summary>
    public static List<DetectorHit> ScanAll(string text)
    {
        var hits = new List<DetectorHit>();
        foreach (var d in All)
        {
            if (KeywordsPresent(d, text))
            {
                d.Scan(text, hits);
            }
        }

        return hits;
    }
}
