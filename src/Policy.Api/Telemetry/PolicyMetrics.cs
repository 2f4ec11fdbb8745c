using System.Diagnostics.Metrics;
using System.Diagnostics;
using Policy.Core.Decision;

namespace Policy.Api.Telemetry;

/// <summary>
/// The one place where Policy's meter and its instrument names live, so dashboards and alerts have
/// a single list to read. Features record through the methods here, never through a meter of their
/// own: checks (the checks feature, through <see cref="Decided"/> and <see cref="Found"/>), the decision log's group commit
/// (<see cref="Decisions.DecisionWriter"/>), and webhook deliveries (the notifications feature calls
/// <see cref="WebhookDelivered"/> for every attempt).
/// <para>
/// Tags carry closed vocabularies only (decision, severity, mode, outcome) and pack categories,
/// which a pack defines and keeps few. Never a person, a key, a draft or a URL with a secret in it:
/// whoever reads the metrics sees how many and how fast, not who or what.
/// </para>
/// <para>
/// Without an exporter (the default) nobody listens and every call here costs a check on a flag.
/// </para>
/// </summary>
public sealed class PolicyMetrics
{
    /// <summary>The meter's name; the exporters subscribe to it (docs/deployment.md lists what it holds).</summary>
    public const string MeterName = "Policy.Api";

    /// <summary>Checked drafts, tag <c>decision</c> (allow, info, warn, review, block) and <c>mode</c> (single, batch).</summary>
    public const string Checks = "policy.checks";

    /// <summary>Findings of checked drafts, tags <c>category</c> (the pack's category) and <c>severity</c>.</summary>
    public const string CheckFindings = "policy.check.findings";

    /// <summary>Drafts whose check ran out of its time budget (<c>Policy:Engine:Budget</c>) and went to review.</summary>
    public const string ChecksOverBudget = "policy.checks.over_budget";

    /// <summary>Rules that failed while evaluating a draft (the draft went to review), tag <c>rule</c> (the rule's id).</summary>
    public const string RuleErrors = "policy.rule.errors";

    /// <summary>Seconds from the check request's start until its decision rows were durable, tag <c>mode</c>.</summary>
    public const string CheckDuration = "policy.check.duration";

    /// <summary>Check requests answered 503 because the decision log's queue was full.</summary>
    public const string DecisionLogRefused = "policy.decision_log.refused";

    /// <summary>Decision rows waiting for the group-commit writer right now.</summary>
    public const string DecisionLogQueueDepth = "policy.decision_log.queue_depth";

    /// <summary>Seconds one group commit took (insert and disk sync), tag <c>outcome</c> (committed, failed).</summary>
    public const string DecisionLogCommitDuration = "policy.decision_log.commit.duration";

    /// <summary>Rows written by one group commit: how much the grouping saves.</summary>
    public const string DecisionLogCommitRows = "policy.decision_log.commit.rows";

    /// <summary>Webhook delivery attempts, tag <c>outcome</c> (see <see cref="WebhookDelivered"/>).</summary>
    public const string WebhookDeliveries = "policy.webhook.deliveries";

    /// <summary>Seconds one webhook delivery attempt took, tag <c>outcome</c>.</summary>
    public const string WebhookDeliveryDuration = "policy.webhook.delivery.duration";

    // Checks take tens of microseconds and a group commit a few milliseconds; the SDK's default
    // buckets (0 to 10,000, made for milliseconds) would put every one of them into the first.
    private static readonly IReadOnlyList<double> SecondsBuckets =
        [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly IReadOnlyList<double> RowBuckets = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];

    private readonly Counter<long> _checks;
    private readonly Counter<long> _findings;
    private readonly Counter<long> _overBudget;
    private readonly Counter<long> _ruleErrors;
    private readonly Histogram<double> _checkDuration;
    private readonly Counter<long> _refused;
    private readonly Histogram<double> _commitDuration;
    private readonly Histogram<long> _commitRows;
    private readonly Counter<long> _webhookDeliveries;
    private readonly Histogram<double> _webhookDuration;

    public PolicyMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName);
        _checks = Meter.CreateCounter<long>(Checks, "{draft}", "Checked drafts by decision.");
        _findings = Meter.CreateCounter<long>(CheckFindings, "{finding}", "Findings of checked drafts by category and severity.");
        _overBudget = Meter.CreateCounter<long>(ChecksOverBudget, "{draft}", "Drafts whose check ran out of its time budget.");
        _ruleErrors = Meter.CreateCounter<long>(RuleErrors, "{error}", "Rules that failed while evaluating a draft, by rule id.");
        _checkDuration = Meter.CreateHistogram(
            CheckDuration, "s", "Check request time until its decision rows are durable.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _refused = Meter.CreateCounter<long>(DecisionLogRefused, "{request}", "Check requests refused because the decision log queue was full.");
        _commitDuration = Meter.CreateHistogram(
            DecisionLogCommitDuration, "s", "Duration of one decision-log group commit.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _commitRows = Meter.CreateHistogram(
            DecisionLogCommitRows, "{row}", "Rows written by one decision-log group commit.", advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [.. RowBuckets.Select(b => (long)b)] });
        _webhookDeliveries = Meter.CreateCounter<long>(WebhookDeliveries, "{attempt}", "Webhook delivery attempts by outcome.");
        _webhookDuration = Meter.CreateHistogram(
            WebhookDeliveryDuration, "s", "Duration of one webhook delivery attempt.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
    }

    /// <summary>The meter itself, for observable instruments of a feature that owns the value (the decision log's queue).</summary>
    public Meter Meter { get; }

    /// <summary>One checked draft's decision (the checks feature records its findings through <see cref="Found"/>).</summary>
    internal void Decided(string decision, string mode)
    {
        if (_checks.Enabled)
        {
            _checks.Add(1, new KeyValuePair<string, object?>("decision", decision), new KeyValuePair<string, object?>("mode", mode));
        }
    }

    /// <summary>Whether anyone listens to the per-finding instruments; without a listener the caller skips the loop.</summary>
    internal bool CountsFindings => _findings.Enabled || _overBudget.Enabled || _ruleErrors.Enabled;

    /// <summary>One finding of a checked draft: its category and severity; the budget finding and a rule's error also count on their own.</summary>
    internal void Found(string category, string severity, string ruleId, bool ruleFailed)
    {
        _findings.Add(1, new KeyValuePair<string, object?>("category", category), new KeyValuePair<string, object?>("severity", severity));
        if (ruleId == CheckEngine.BudgetRuleId)
        {
            _overBudget.Add(1);
        }

        if (ruleFailed)
        {
            // Rule ids come from the pack, like categories: few, and never a person or a draft.
            _ruleErrors.Add(1, new KeyValuePair<string, object?>("rule", ruleId));
        }
    }

    /// <summary>The request that started at <paramref name="startedAt"/> (<see cref="Stopwatch.GetTimestamp"/>) has its rows durable.</summary>
    internal void CheckAnswered(long startedAt, string mode)
    {
        if (_checkDuration.Enabled)
        {
            _checkDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, new KeyValuePair<string, object?>("mode", mode));
        }
    }

    internal void DecisionLogBusy() => _refused.Add(1);

    internal void DecisionLogCommitted(int rows, TimeSpan elapsed, bool committed)
    {
        _commitDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", committed ? "committed" : "failed"));
        _commitRows.Record(rows);
    }

    /// <summary>
    /// One webhook delivery attempt, for the notifications feature. <paramref name="outcome"/> is one
    /// of <c>delivered</c> (2xx), <c>rejected</c> (the receiver answered, not 2xx), <c>failed</c>
    /// (no answer: connection, TLS, timeout) or <c>abandoned</c> (the last attempt failed, no retry
    /// follows); never the URL, which may carry a token.
    /// </summary>
    public void WebhookDelivered(string outcome, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>("outcome", outcome);
        _webhookDeliveries.Add(1, tag);
        _webhookDuration.Record(elapsed.TotalSeconds, tag);
    }
}
