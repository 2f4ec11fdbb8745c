using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Policy.Api.Identity;

namespace Policy.Api.Tests.Operations;

/// <summary>With the Prometheus scrape on, /metrics shows the checks by decision, the findings by
/// category, the check-duration histogram and the decision log's group commit; admins only.</summary>
/// <remarks>
/// Alone, not beside other tests: a meter provider listens to every meter of its name in the
/// process, so the checks of test hosts running in parallel would count here too (in production
/// one process is one host).
/// </remarks>
[Collection(nameof(MetricsAlone))]
public sealed partial class MetricsTests : IDisposable
{
    private readonly ApiFactory _factory = new();
    private readonly WebApplicationFactory<Program> _api;

    public MetricsTests()
    {
        _api = _factory.WithWebHostBuilder(b => b.UseSetting("Policy:Telemetry:PrometheusScrape", "true"));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metrics_count_checks_by_decision_and_show_the_latency_histogram()
    {
        using var employee = _api.CreateClient();
        employee.DefaultRequestHeaders.Authorization = new("Bearer", _factory.NewKey(Roles.Employee));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await employee.PostAsJsonAsync("/api/v1/checks", new { text = $"Schöner Tag heute, wir feiern das Sommerfest {i}." }, Ct)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await employee.PostAsJsonAsync("/api/v1/checks", new { text = "pw: Sonne123!" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await employee.PostAsJsonAsync(
            "/api/v1/checks/batch", new { items = new object[] { new { text = "Hallo Welt" }, new { text = "Passwort lautet Blaubeere#77" } } }, Ct)).StatusCode);

        // Compliance figures are not for every key holder, nor for anonymous callers.
        Assert.Equal(HttpStatusCode.Forbidden, (await employee.GetAsync("/metrics", Ct)).StatusCode);
        using var anonymous = _api.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics", Ct)).StatusCode);

        using var admin = _api.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", ApiFactory.AdminKey);
        using var scrape = await admin.GetAsync("/metrics", Ct);
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.StartsWith("text/plain", scrape.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var text = await scrape.Content.ReadAsStringAsync(Ct);

        Assert.Equal(3, Sample(text, "policy_checks_total", ("decision", "allow"), ("mode", "single")));
        Assert.Equal(1, Sample(text, "policy_checks_total", ("decision", "block"), ("mode", "single")));
        Assert.Equal(1, Sample(text, "policy_checks_total", ("decision", "allow"), ("mode", "batch")));
        Assert.Equal(1, Sample(text, "policy_checks_total", ("decision", "block"), ("mode", "batch")));
        Assert.True(Sample(text, "policy_check_findings_total", ("category", "credential"), ("severity", "block")) >= 2, text);

        // The histogram: one observation per request, in seconds, with buckets below a millisecond.
        Assert.Equal(4, Sample(text, "policy_check_duration_seconds_count", ("mode", "single")));
        Assert.Equal(1, Sample(text, "policy_check_duration_seconds_count", ("mode", "batch")));
        Assert.Equal(4, Sample(text, "policy_check_duration_seconds_bucket", ("mode", "single"), ("le", "+Inf")));
        Assert.Contains("policy_check_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Matches(@"policy_check_duration_seconds_bucket\{[^}]*le=""0\.0001""", text);
        var seconds = Sample(text, "policy_check_duration_seconds_sum", ("mode", "single"));
        Assert.InRange(seconds, 1e-6, 60);

        // Every answered check was committed by the group-commit writer first; several may share a commit.
        Assert.True(Sample(text, "policy_decision_log_commit_rows_sum") >= 6, text);
        Assert.InRange(Sample(text, "policy_decision_log_commit_duration_seconds_count", ("outcome", "committed")), 1, 6);
        Assert.Matches(@"(?m)^policy_decision_log_queue_depth(_rows)?(\{[^}]*\})? \d+", text);
    }

    [Fact]
    public async Task Without_the_setting_there_is_no_metrics_endpoint()
    {
        using var admin = _factory.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", ApiFactory.AdminKey);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/metrics", Ct)).StatusCode);
    }

    /// <summary>The value of the one sample of <paramref name="metric"/> whose labels include all of <paramref name="labels"/>.</summary>
    private static double Sample(string exposition, string metric, params (string Name, string Value)[] labels)
    {
        var matches = SampleLine().Matches(exposition)
            .Where(m => m.Groups["name"].Value == metric
                && labels.All(l => m.Groups["labels"].Value.Contains($"{l.Name}=\"{l.Value}\"", StringComparison.Ordinal)))
            .ToList();
        Assert.True(matches.Count == 1, $"{matches.Count} samples of {metric} with {string.Join(',', labels)} in:\n{exposition}");
        return double.Parse(matches[0].Groups["value"].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"(?m)^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>[^}]*)\})? (?<value>[^ \n]+)")]
    private static partial Regex SampleLine();

    public void Dispose()
    {
        _api.Dispose();
        _factory.Dispose();
    }
}

[CollectionDefinition(nameof(MetricsAlone), DisableParallelization = true)]
public sealed class MetricsAlone;
