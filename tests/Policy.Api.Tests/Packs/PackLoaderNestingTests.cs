using Microsoft.Extensions.DependencyInjection;
using Policy.Api.Packs;
using Policy.Core.Packs;

namespace Policy.Api.Tests.Packs;

/// <summary>
/// The API's loader reads a pack twice before compiling it (its collection-size pass, then the Core's).
/// Its first pass used to check nesting only after a collection had opened, so it read on through every
/// '[' of an upload: time quadratic in their number, 1 MB did not finish in 35 minutes, and the work
/// went on after the client left. It now stops at the depth limit and follows the request's token.
/// </summary>
public sealed class PackLoaderNestingTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Head = "id: t\nversion: \"1\"\ndescription: ";

    private PackLoader Loader => factory.Services.GetRequiredService<PackLoader>();

    public static TheoryData<string> Shapes => new()
    {
        "[",
        "[]",
        "{",
        "[a, ",
        "{a: [",
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void A_megabyte_of_nesting_is_refused_at_the_collection_past_the_limit(string piece)
    {
        var content = Head + string.Concat(Enumerable.Repeat(piece, (PackLimits.Default.MaxBytes - Head.Length) / piece.Length));
        var error = Assert.Single(Assert.Throws<PackLoadException>(() => Loader.Load("x.yaml", content, ct: TestContext.Current.CancellationToken)).Errors);
        if (piece == "[]")
        {
            Assert.StartsWith("syntax error", error.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal("nesting deeper than 64 levels", error.Message);
            Assert.Equal(3, error.Line);
        }
    }

    [Fact]
    public void A_load_whose_request_is_gone_stops()
    {
        using var gone = new CancellationTokenSource();
        gone.Cancel();
        Assert.Throws<OperationCanceledException>(() => Loader.Load("x.yaml", PackTestData.Small("1.0.0"), ct: gone.Token));
    }

    [Fact]
    public void An_ordinary_pack_still_loads()
    {
        var (source, pack) = Loader.Load("x.yaml", PackTestData.Small("1.0.0"), ct: TestContext.Current.CancellationToken);
        Assert.Equal("test-pack", source.Id);
        Assert.NotEmpty(pack.Rules);
    }
}
