using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;

namespace Policy.Api.Compression;

/// <summary>
/// Brotli or gzip, as the client asks, for JSON (the API, problem details, the OpenAPI document).
/// Compressed over HTTPS too: BREACH needs a secret and attacker-chosen text in the same
/// compressed response, answered again and again while the secret stays the same. The only
/// response with a secret is a newly created API key (a fresh one each time, beside the
/// requester's own input); it opts out with <see cref="WithoutCompression"/> all the same, it is
/// tiny. HTML pages are not compressed (not in the MIME list).
/// </summary>
public static class ResponseCompressionSetup
{
    public static IServiceCollection AddPolicyCompression(this IServiceCollection services)
    {
        // Registered before AddResponseCompression, which only adds its own provider if none is there.
        services.AddSingleton<IResponseCompressionProvider, EndpointAwareCompressionProvider>();
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ["application/json", "application/problem+json"];
        });
        // Fastest: on two shared cores the CPU matters more than the last few per cent of size
        // (the OpenAPI document still shrinks to well under a quarter).
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return services;
    }

    public static IApplicationBuilder UsePolicyCompression(this IApplicationBuilder app) => app.UseResponseCompression();

    /// <summary>For responses that carry a secret: never compressed, whatever the client accepts.</summary>
    public static TBuilder WithoutCompression<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(NeverCompress.Instance);

    private sealed class NeverCompress
    {
        public static readonly NeverCompress Instance = new();
    }

    private sealed class EndpointAwareCompressionProvider(IServiceProvider services, IOptions<ResponseCompressionOptions> options)
        : ResponseCompressionProvider(services, options)
    {
        public override bool ShouldCompressResponse(HttpContext context) =>
            context.GetEndpoint()?.Metadata.GetMetadata<NeverCompress>() is null && base.ShouldCompressResponse(context);
    }
}
