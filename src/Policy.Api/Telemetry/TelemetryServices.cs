using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Policy.Api.Identity;

namespace Policy.Api.Telemetry;

/// <summary>
/// OpenTelemetry traces and metrics: Policy's own meter (<see cref="PolicyMetrics"/>), ASP.NET
/// Core's (requests, Kestrel, rate limiting) and the runtime's, exported by OTLP to a collector
/// and/or scraped by Prometheus at /metrics. With neither configured (the default) the SDK is not
/// even registered: the instruments then have no listener and cost nothing measurable.
/// </summary>
public static class TelemetryServices
{
    public const string MetricsPath = "/metrics";

    // Built-in meters of ASP.NET Core and .NET (names as the framework publishes them).
    private static readonly string[] FrameworkMeters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.RateLimiting",
        "Microsoft.AspNetCore.Diagnostics",
        "System.Runtime",
    ];

    public static IServiceCollection AddPolicyTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();
        services.AddSingleton<PolicyMetrics>();

        // Which exporters exist must be known while services are registered; the values themselves
        // are validated with the other settings at start-up, before any provider is built.
        var settings = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (!settings.AnyExporter)
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(settings.ServiceName, serviceInstanceId: Environment.MachineName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(PolicyMetrics.MeterName).AddMeter(FrameworkMeters);
                if (settings.PrometheusScrape)
                {
                    metrics.AddPrometheusExporter();
                }

                if (settings.ExportsOtlp)
                {
                    metrics.AddOtlpExporter(o => Otlp(o, settings, "v1/metrics"));
                }
            });

        // Traces need somewhere to go; Prometheus takes metrics only.
        if (settings.ExportsOtlp)
        {
            telemetry.WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(settings.TraceSampleRatio)))
                .AddAspNetCoreInstrumentation(o =>
                {
                    // Probes and scrapes every few seconds would drown the requests people make.
                    o.Filter = http => !http.Request.Path.StartsWithSegments("/health") && !http.Request.Path.StartsWithSegments(MetricsPath);
                    // The path can name a person (/api/v1/spokespeople/{personId}); the route template
                    // says which endpoint it was without saying whose.
                    o.EnrichWithHttpResponse = (activity, response) =>
                    {
                        if (response.HttpContext.GetEndpoint() is RouteEndpoint route)
                        {
                            activity.SetTag("url.path", route.RoutePattern.RawText);
                        }
                    };
                })
                .AddOtlpExporter(o => Otlp(o, settings, "v1/traces")));
        }

        return services;
    }

    /// <summary>/metrics for Prometheus when <see cref="TelemetryOptions.PrometheusScrape"/> is on, for admin keys only.</summary>
    public static IEndpointRouteBuilder MapPolicyTelemetry(this IEndpointRouteBuilder routes)
    {
        if (routes.ServiceProvider.GetRequiredService<IOptions<TelemetryOptions>>().Value.PrometheusScrape)
        {
            // Counts by decision and category are nothing personal, but they are the company's
            // compliance figures: not for the internet, not for every employee with a key.
            routes.MapPrometheusScrapingEndpoint(MetricsPath)
                .RequireAuthorization(Roles.Policies.AdminOnly)
                .ExcludeFromDescription();
        }

        return routes;
    }

    private static void Otlp(OtlpExporterOptions exporter, TelemetryOptions settings, string signalPath)
    {
        var endpoint = new Uri(settings.OtlpEndpoint!);
        if (settings.OtlpProtocol == "http/protobuf")
        {
            // Over HTTP each signal has its own path below the collector's address, and an endpoint
            // set in code is taken as it is (only the OTEL_ environment variables get it appended).
            exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
            exporter.Endpoint = new Uri(endpoint, endpoint.AbsolutePath.TrimEnd('/') + "/" + signalPath);
        }
        else
        {
            exporter.Protocol = OtlpExportProtocol.Grpc;
            exporter.Endpoint = endpoint;
        }
    }
}
