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

    /// <summary>The lists whose values may carry a context (<c>{ value, context }</c>): the names a
    /// rule looks for. Mail domains and corporate accounts are the company's own addresses, never
    /// ambiguous words.</summary>
    public static readonly FrozenSet<string> ContextNames = FrozenSet.ToFrozenSet(
        ["company", "products", "codenames", "competitors", "customers", "internalDomains", "hotlines", "roleMailboxes"], StringComparer.Ordinal);

    public PackLists(IReadOnlyDictionary<string, IReadOnlyList<string>> lists)
        : this(lists, new Dictionary<string, IReadOnlyDictionary<string, Match.TermContext>>())
    {
    }

    /// <param name="contexts">List name → value → the context that value needs to count.</param>
    /// <param name="cues">Cue name → its phrases (see <see cref="Cues"/>).</param>
    public PackLists(
        IReadOnlyDictionary<string, IReadOnlyList<string>> lists,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, Match.TermContext>> contexts,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? cues = null)
    {
        Lists = lists.ToFrozenDictionary(StringComparer.Ordinal);
        Contexts = contexts.Where(c => c.Value.Count > 0).ToFrozenDictionary(c => c.Key, c => c.Value.ToFrozenDictionary(StringComparer.Ordinal), StringComparer.Ordinal);
        Cues = (cues ?? new Dictionary<string, IReadOnlyList<string>>()).ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>
    /// The guideline's intent cues (<c>cues:</c>): named phrase lists such as the words of meta-talk
    /// about a training or the employee note, written once and used by every rule that names them
    /// (<c>cues: [metaTalk]</c>), so that a phrase added to a cue reaches all of its rules. Unlike
    /// <see cref="Lists"/> they are the guideline's words, not the company's names; a company pack
    /// extends a base cue of the same name with its own phrases (its training's name, its note).
    /// </summary>
    public FrozenDictionary<string, IReadOnlyList<string>> Cues { get; }

    public FrozenDictionary<string, IReadOnlyList<string>> Lists { get; }

    /// <summary>The values that count only near certain words, per list (most lists have none).</summary>
    public FrozenDictionary<string, FrozenDictionary<string, Match.TermContext>> Contexts { get; }

    /// <summary>The context a list value needs to count, or null: it always counts.</summary>
    public Match.TermContext? ContextOf(string name, string value) =>
        Contexts.TryGetValue(name, out var values) && values.TryGetValue(value, out var context) ? context : null;

    public IReadOnlyList<string> this[string name] => Lists.TryGetValue(name, out var list) ? list : [];

    /// <summary>The values a rule's terms take from a list: for corporateAccounts the handles.</summary>
    public IReadOnlyList<string> Terms(string name) =>
        name == "corporateAccounts" ? [.. this[name].Select(a => a[(a.IndexOf(':', StringComparison.Ordinal) + 1)..]).Distinct(StringComparer.Ordinal)] : this[name];

    /// <summary>The company's own accounts as (platform, handle).</summary>
    public IReadOnlyList<(string Platform, string Handle)> CorporateAccounts =>
        [.. this["corporateAccounts"].Select(a => a.Split(':', 2)).Select(p => (p[0], p[1]))];

    /// <summary>A company pack's lists extend the base pack's lists of the same name. A value the
    /// company pack lists again takes the company pack's context, or none if it lists it plain: the
    /// more specific pack knows whether its code name is ambiguous.</summary>
    public PackLists Merge(PackLists overlay)
    {
        var merged = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var contexts = new Dictionary<string, IReadOnlyDictionary<string, Match.TermContext>>(StringComparer.Ordinal);
        foreach (var name in Lists.Keys.Concat(overlay.Lists.Keys).Distinct(StringComparer.Ordinal))
        {
            merged[name] = [.. this[name].Concat(overlay[name]).Distinct(StringComparer.Ordinal)];
            var own = overlay[name].ToHashSet(StringComparer.Ordinal);
            var values = new Dictionary<string, Match.TermContext>(StringComparer.Ordinal);
            foreach (var value in merged[name])
            {
                if ((own.Contains(value) ? overlay.ContextOf(name, value) : ContextOf(name, value)) is { } context)
                {
                    values[value] = context;
                }
            }

            contexts[name] = values;
        }

        var cues = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var name in Cues.Keys.Concat(overlay.Cues.Keys).Distinct(StringComparer.Ordinal))
        {
            cues[name] = [.. Cues.GetValueOrDefault(name, []).Concat(overlay.Cues.GetValueOrDefault(name, [])).Distinct(StringComparer.Ordinal)];
        }

        return new PackLists(merged, contexts, cues);
    }
}
