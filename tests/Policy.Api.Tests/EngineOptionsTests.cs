using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;

namespace Policy.Api.Tests;

/// <summary>The check budget (Policy:Engine:Budget) is validated at start-up: a bad one stops the start and is named.</summary>
public sealed class EngineOptionsTests
{
    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:01")]
    [InlineData("01:00:00")]
    public void A_budget_out_of_range_stops_the_start(string budget)
    {
        using var factory = new ApiFactory().WithWebHostBuilder(b => b.UseSetting("Policy:Engine:Budget", budget));
        var ex = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("Policy:Engine:Budget", (ex as OptionsValidationException ?? ex.InnerException ?? ex).Message, StringComparison.Ordinal);
    }
}
