namespace Policy.Api.Identity;

/// <summary>
/// The way back in for an operator who has lost every admin key: run the API once with
/// <c>recover-admin-key</c> as its first argument on the machine (with the same settings, so the
/// same database). It issues a new admin key, prints it once, writes a <c>key.created</c> audit
/// entry naming the operator command and the host, and exits without serving. Access to the machine
/// and its settings is the authority here, as it is for the database file itself; the API never
/// offers this over HTTP.
/// </summary>
public static class AdminRecovery
{
    public const string Command = "recover-admin-key";

    public static bool Requested(IReadOnlyList<string> args) => args.Count > 0 && args[0] == Command;

    public static string[] WithoutCommand(string[] args) => Requested(args) ? args[1..] : args;

    public static int IssueRecoveryAdminKey(this IServiceProvider services, TextWriter output)
    {
        var keys = services.GetRequiredService<ApiKeyStore>();
        var time = services.GetRequiredService<TimeProvider>();
        var stamp = time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var actor = $"operator:{Command}@{Environment.MachineName}";
        var (info, key) = keys.Create(actor, "admin-recovered-" + stamp, "Administrator (recovered " + stamp + ")", "admin@localhost", [Roles.Admin]);
        output.WriteLine($"""
            A new admin API key was issued by '{Command}' (key id {info.Id}, audited as {actor}). It is shown once:
              {key}
            Revoke the keys you no longer trust with DELETE /api/v1/keys/<id>.
            """);
        return 0;
    }
}
