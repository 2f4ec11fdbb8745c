using Policy.Api.Telemetry;

namespace Policy.Api.Checks;

/// <summary>What a check adds to the metrics: its decision, and each finding's category and
/// severity. Here, not in Telemetry, so the telemetry feature knows no check contract.</summary>
internal static class CheckMetrics
{
    public static void Checked(this PolicyMetrics metrics, CheckResponse response, string mode)
    {
        metrics.Decided(response.Decision, mode);
        if (!metrics.CountsFindings)
        {
            return;
        }

        var findings = response.Findings;
        for (var i = 0; i < findings.Count; i++)
        {
            var f = findings[i];
            metrics.Found(f.Category, f.Severity, f.RuleId, f.Kind == FindingDto.ErrorKind);
        }
    }
}
