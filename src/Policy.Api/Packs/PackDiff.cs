using Policy.Core.Packs;

namespace Policy.Api.Packs;

/// <summary>Two stored versions of a pack compared as HR wrote them (<see cref="PackComparison"/>).</summary>
public static class PackDiff
{
    public static PackDiffDto Compare(PackVersionRow from, PackVersionRow to)
    {
        var changes = PackComparison.Compare(from.FileName, from.Content, to.FileName, to.Content, PackLoader.Limits);
        return new PackDiffDto(to.PackId, from.Version, to.Version, changes.Rules, changes.Sections, changes.Overrides, changes.Lists);
    }
}
