using Policy.Core.Match.Model;
using Policy.Core.Packs;
using Xunit;

namespace Policy.Core.Tests.Model;

/// <summary>
/// The trained layer finds a feature by its 64-bit hash. Two features of a pack sharing a hash would
/// silently merge their weights, so the hash must tell every feature of the default pack apart.
/// (That a draft's feature hashes as its name does is what the trained-layer tests rely on.)
/// </summary>
public sealed class ModelFeatureHashTests
{
    [Fact]
    public void Every_feature_of_the_default_pack_has_its_own_hash()
    {
        var model = PackLibrary.LoadDirectory(RepoPaths.Policies).Packs["social-media-guideline"].Model!;
        var hashes = new HashSet<ulong>();
        foreach (var feature in model.Features)
        {
            Assert.True(hashes.Add(ModelFeatures.Hash(feature)), $"'{feature}' shares its hash with another feature");
        }

        Assert.True(hashes.Count > 1_000, $"{hashes.Count} features");
    }

    [Theory]
    [InlineData("abcd", "abce")]
    [InlineData("abcdefgh", "abcdefgi")]
    [InlineData("abcdefgh", "bbcdefgh")]
    [InlineData("a", "b")]
    [InlineData("konkurrenz", "konkurrent")]
    public void Parts_that_differ_in_one_character_differ_in_hash(string a, string b) =>
        Assert.NotEqual(ModelFeatures.PartHash(a), ModelFeatures.PartHash(b));
}
