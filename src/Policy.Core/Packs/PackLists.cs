using System.Collections.Frozen;

namespace Policy.Core.Packs;

/// <summary>
/// The company's own lists: names a base guideline cannot know. A company pack supplies them and
/// rules refer to them by name ("lists: [codenames]" or "{company}" inside a term).
/// </summary>
public sealed class PackLists
{
    public static readonly FrozenSet<string> KnownNames = FrozenSet.ToFrozenSet(
    [
        "company", "products", "codenames", "competitors", "customers", "internalDomains", "hotlines", "roleMailboxes",
        "mailDomains", "corporateAccounts",
    ], StringComparer.Ordinal);

    /// <summary>The platforms a corporate account may be on.</summary>
    public static readonly IReadOnlyList<string> Platforms =
        ["linkedin", "x", "instagram", "facebook", "tiktok", "youtube", "xing", "mastodon", "bluesky", "threads", "other"];

    public PackLists(IReadOnlyDictionary<string, IReadOnlyList<string>> lists) =>
        Lists = lists.ToFrozenDictionary(StringComparer.Ordinal);

    public FrozenDictionary<string, IReadOnlyList<string>> Lists { get; }

    public IReadOnlyList<string> this[string name] => Lists.TryGetValue(name, out var list) ? list : [];

    /// <summary>The values a rule's terms take from a list: for corporateAccounts the handles.</summary>
    public IReadOnlyList<string> Terms(string name) =>
        name == "corporateAccounts" ? [.. this[name].Select(a => a[(a.IndexOf(':', StringComparison.Ordinal) + 1)..]).Distinct(StringComparer.Ordinal)] : this[name];

    /// <summary>The company's own accounts as (platform, handle).</summary>
    public IReadOnlyList<(string Platform, string Handle)> CorporateAccounts =>
        [.. this["corporateAccounts"].Select(a => a.Split(':', 2)).Select(p => (p[0], p[1]))];

    /// <summary>A company pack's lists extend the base pack's lists of the same name.</summary>
    public PackLists Merge(PackLists overlay)
    {
        var merged = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var name in Lists.Keys.Concat(overlay.Lists.Keys).Distinct(StringComparer.Ordinal))
        {
            merged[name] = [.. this[name].Concat(overlay[name]).Distinct(StringComparer.Ordinal)];
        }

        return new PackLists(merged);
    }
}
