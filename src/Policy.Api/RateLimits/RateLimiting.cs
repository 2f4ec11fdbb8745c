using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Policy.Api.RateLimits;

/// <summary>
/// Two limits, both answered 429 problem+json with Retry-After: check requests per signed-in
/// person (the checks group opts in with <see cref="RequireCheckRateLimit"/>), and requests with a
/// wrong key per client address. The limiters keep their own clock (System.Threading.RateLimiting
/// timers), not the app's TimeProvider: windows are real time, the tests use windows far longer
/// than they run.
/// </summary>
public static class RateLimiting
{
    private const string ChecksPolicy = "checks";

    public static IServiceCollection AddPolicyRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, settings) =>
        {
            var limits = settings.Value;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = WriteTooManyRequests;

            // Counted only after the key was looked up and failed (the authentication handler marks
            // it), so people with valid keys behind the same address (an office NAT) are never held
            // back by someone else's typos. The body is never read for this.
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Features.Get<FailedSignIn>() is null
                    ? RateLimitPartition.GetNoLimiter(string.Empty)
                    : RateLimitPartition.GetFixedWindowLimiter(ClientAddress(context), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limits.FailedSignInsPerAddress,
                        Window = limits.FailedSignInWindow,
                        QueueLimit = 0,
                    }));

            // The person comes from the authenticated key, never from the request; anonymous requests
            // are not limited here because authorization turns them away right after.
            limiter.AddPolicy(ChecksPolicy, context =>
                context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } person
                    ? RateLimitPartition.GetFixedWindowLimiter(person, _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limits.ChecksPerPerson,
                        Window = limits.ChecksWindow,
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter(string.Empty));
        });
        return services;
    }

    /// <summary>Between authentication (who is calling, and did the key fail) and authorization
    /// (which would answer a failed key 401 before it could be counted).</summary>
    public static IApplicationBuilder UsePolicyRateLimits(this IApplicationBuilder app) => app.UseRateLimiter();

    public static TBuilder RequireCheckRateLimit<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRateLimiting(ChecksPolicy);

    /// <summary>Set by the authentication handler when a presented key is wrong or revoked.</summary>
    internal static void MarkFailedSignIn(this HttpContext context) => context.Features.Set(FailedSignIn.Instance);

    // Behind a reverse proxy this is the proxy's address unless forwarded headers are configured
    // (docs/deployment.md); TestServer has none at all.
    private static string ClientAddress(HttpContext context) =>
        context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static async ValueTask WriteTooManyRequests(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var failedSignIn = context.Features.Get<FailedSignIn>() is not null;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests.",
                Detail = failedSignIn
                    ? $"Too many requests with a wrong or revoked API key from this address. Try again in {seconds} s with a valid key."
                    : $"You have sent more checks than your limit allows in this period. Try again in {seconds} s.",
            },
        });
    }

    private sealed class FailedSignIn
    {
        public static readonly FailedSignIn Instance = new();
    }
}
