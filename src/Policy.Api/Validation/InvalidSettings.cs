using Microsoft.Extensions.Options;

namespace Policy.Api.Validation;

public static class InvalidSettings
{
    /// <summary>
    /// An invalid setting that reaches the top of the process ends it with one line on stderr that
    /// names the setting, and exit code 1, instead of the runtime's stack trace. Only an exception
    /// nobody catches gets here: under WebApplicationFactory the test host receives it as before.
    /// </summary>
    public static void EndTheProcessWithOneLine() =>
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            if (Describe(e.ExceptionObject as Exception) is { } line)
            {
                Console.Error.WriteLine(line);
                Environment.Exit(1);
            }
        };

    /// <summary>Every setting registered with ValidateOnStart, all at once, before anything reads
    /// one (the store's settings would otherwise first fail inside a migration) or logs.</summary>
    public static void ValidateSettings(this IServiceProvider services) =>
        services.GetService<IStartupValidator>()?.Validate();

    internal static string? Describe(Exception? ex) => ex switch
    {
        OptionsValidationException invalid => Line(invalid.Failures),
        AggregateException all when all.InnerExceptions.All(e => e is OptionsValidationException) =>
            Line(all.InnerExceptions.SelectMany(e => ((OptionsValidationException)e).Failures)),
        // A word where a number or a time span belongs. Strings never fail to convert, so no
        // connection string is echoed here.
        InvalidOperationException wrongType when wrongType.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) =>
            Line([wrongType.Message]),
        _ => null,
    };

    private static string Line(IEnumerable<string> failures) =>
        "Policy did not start, invalid setting: " + string.Join(" ", failures).ReplaceLineEndings(" ");
}
