using System.Text.RegularExpressions;

namespace Policy.Api.Packs;

/// <summary>
/// The grammar of pack ids and versions that the store accepts. Both end up in URLs
/// (/packs/{id}/versions/{version}), file names of exports and the audit: an id such as ".." or a
/// version with a line break, NUL, "../" or a right-to-left override would be stored but could not
/// be addressed, or would mislead whoever reads it.
/// </summary>
public static partial class PackNames
{
    public const string IdRule = "'id' must be 1 to 64 lower-case letters, digits and '-', starting with a letter or digit (such as 'acme-social-media').";

    public const string VersionRule = "'version' must be a semantic version 2.0 (MAJOR.MINOR.PATCH, optionally -prerelease and +build, such as '1.2.0' or '2.0.1-rc.1'), at most 64 characters.";

    public static bool IsId(string? id) => id is not null && Id().IsMatch(id);

    public static bool IsVersion(string? version) => version is { Length: <= 64 } && SemVer().IsMatch(version);

    /// <summary>The fields of an uploaded pack that break the grammar, each with its rule; empty if none.</summary>
    public static Dictionary<string, string[]> Problems(string id, string version)
    {
        var errors = new Dictionary<string, string[]>();
        if (!IsId(id))
        {
            errors["id"] = [IdRule];
        }

        if (!IsVersion(version))
        {
            errors["version"] = [VersionRule];
        }

        return errors;
    }

    // \z, not $: $ also matches before a final line feed.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Id();

    /// <summary>The grammar of semver.org (2.0.0), with ASCII digits only.</summary>
    [GeneratedRegex(
        @"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)" +
        @"(-(0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)(\.(0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*)?" +
        @"(\+[0-9a-zA-Z-]+(\.[0-9a-zA-Z-]+)*)?\z",
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex SemVer();
}
