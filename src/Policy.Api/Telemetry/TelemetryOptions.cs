using Microsoft.Extensions.Options;

namespace Policy.Api.Telemetry;

/// <summary>Where traces and metrics go; section "Policy:Telemetry". Both exporters are off by default.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Policy:Telemetry";

    /// <summary>The OpenTelemetry collector to send traces and metrics to, e.g. http://otel-collector:4317
    /// (gRPC) or http://otel-collector:4318 (HTTP, with <see cref="OtlpProtocol"/> http/protobuf).
    /// Empty (default): nothing is sent.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>grpc (default) or http/protobuf.</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>Serve the metrics at /metrics in Prometheus' text format, to admins only
    /// (docs/security.md). Default false.</summary>
    public bool PrometheusScrape { get; set; }

    /// <summary>The service.name resource attribute; default "policy-api". One value per deployment,
    /// several instances of it are told apart by service.instance.id (the host name).</summary>
    public string ServiceName { get; set; } = "policy-api";

    /// <summary>Share of requests traced when the caller sent no sampled <c>traceparent</c>, 0 to 1;
    /// default 0.1. A caller's sampling decision is always followed (parent-based), so a trace that
    /// starts upstream is never cut in two. Checks take a fraction of a millisecond: recording and
    /// exporting a span for every one of thousands per second would cost more than the check itself.</summary>
    public double TraceSampleRatio { get; set; } = 0.1;

    internal bool ExportsOtlp => !string.IsNullOrWhiteSpace(OtlpEndpoint);

    internal bool AnyExporter => ExportsOtlp || PrometheusScrape;
}

internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var failures = new List<string>();
        if (options.ExportsOtlp
            && !(Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "http" or "https"))
        {
            failures.Add($"{TelemetryOptions.Section}:OtlpEndpoint must be an absolute http or https URL, e.g. http://otel-collector:4317.");
        }

        if (options.OtlpProtocol is not ("grpc" or "http/protobuf"))
        {
            failures.Add($"{TelemetryOptions.Section}:OtlpProtocol must be grpc or http/protobuf (is {options.OtlpProtocol}).");
        }

        if (!(options.TraceSampleRatio is >= 0 and <= 1))
        {
            failures.Add($"{TelemetryOptions.Section}:TraceSampleRatio must be between 0 and 1 (is {options.TraceSampleRatio}).");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceName))
        {
            failures.Add($"{TelemetryOptions.Section}:ServiceName must not be empty.");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
