using System.Diagnostics.Metrics;

namespace ConvoMono.Infrastructure.Telemetry;

/// <summary>The platform's own metrics (meter <c>ConvoMono</c>), exported for Prometheus at <c>/metrics</c> with ASP.NET
/// Core's and the runtime's. Counters move where the work happens; the gauges read the database through
/// <see cref="MetricsSnapshotJob"/>, so every instance reports the same platform-wide figures.</summary>
public sealed class AppMetrics
{
    public const string MeterName = "ConvoMono";

    private readonly Counter<long> _ledger;
    private readonly Counter<long> _waves;
    private readonly Counter<long> _callsPlaced;
    private readonly Counter<long> _webhooksProcessed;
    private readonly Histogram<double> _webhookLag;
    private volatile Snapshot _snapshot = new(0, 0, 0, 0);

    public AppMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _ledger = meter.CreateCounter<long>("convomono.ledger.operations", "{entry}", "Credit ledger entries written, by kind (grant, adjust, reserve, consume, release)");
        _waves = meter.CreateCounter<long>("convomono.dispatcher.waves", "{wave}", "Batch calls the dispatcher sent to Retell, by result (sent, refused, unknown)");
        _callsPlaced = meter.CreateCounter<long>("convomono.dispatcher.calls", "{call}", "Calls the dispatcher handed to Retell in sent waves");
        _webhooksProcessed = meter.CreateCounter<long>("convomono.webhooks.processed", "{event}", "Webhook events processed from the inbox, by result (processed, retry, failed)");
        _webhookLag = meter.CreateHistogram<double>("convomono.webhooks.lag", "s", "Seconds from a webhook's arrival to the end of its processing",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });
        meter.CreateObservableGauge("convomono.calls.in_flight", () => _snapshot.CallsInFlight, "{call}", "Calls placed and not yet ended (being sent, queued, ringing or talking), across clients");
        meter.CreateObservableGauge("convomono.webhooks.inbox_depth", () => _snapshot.InboxDepth, "{event}", "Webhook events waiting in the inbox");
        meter.CreateObservableGauge("convomono.webhooks.oldest_pending_age", () => _snapshot.OldestPendingSeconds, "s", "Age of the oldest event waiting in the inbox");
        meter.CreateObservableGauge("convomono.campaigns.running", () => _snapshot.CampaignsRunning, "{campaign}", "Campaigns running");
    }

    public Snapshot Current => _snapshot;

    public void LedgerEntry(string kind) => _ledger.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void Wave(string result, int calls)
    {
        _waves.Add(1, new KeyValuePair<string, object?>("result", result));
        if (result == "sent") _callsPlaced.Add(calls);
    }

    public void WebhookProcessed(string result, double lagSeconds)
    {
        _webhooksProcessed.Add(1, new KeyValuePair<string, object?>("result", result));
        if (result == "processed") _webhookLag.Record(Math.Max(0, lagSeconds));
    }

    public void Update(Snapshot snapshot) => _snapshot = snapshot;

    public sealed record Snapshot(long CallsInFlight, long InboxDepth, double OldestPendingSeconds, long CampaignsRunning);
}
