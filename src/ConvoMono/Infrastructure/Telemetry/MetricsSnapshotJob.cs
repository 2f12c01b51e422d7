using ConvoMono.Features.Calls;
using ConvoMono.Features.Campaigns;
using ConvoMono.Features.VoiceWebhooks;
using ConvoMono.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Infrastructure.Telemetry;

/// <summary>Reads the platform-wide gauges (calls in flight, inbox depth and age, running campaigns) every few seconds, so a
/// scrape never waits on the database. Each count walks an index.</summary>
public sealed class MetricsSnapshotJob(IServiceScopeFactory scopes, AppMetrics metrics, TimeProvider clock, ILogger<MetricsSnapshotJob> log) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(10);
    private static readonly CallStatus[] InFlight = [CallStatus.Dispatching, CallStatus.Queued, CallStatus.Registered, CallStatus.Ongoing];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, clock);
        do
        {
            try { await RunOnceAsync(stoppingToken); }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested) { log.LogWarning(e, "Reading the metrics snapshot failed"); }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        // Platform-wide figures: the platform context reads across clients deliberately.
        await using var db = scope.ServiceProvider.GetRequiredService<TenantDbFactory>().Platform();
        var inFlight = await db.Calls.IgnoreQueryFilters().CountAsync(c => InFlight.Contains(c.Status), ct);
        var pending = db.WebhookEvents.Where(e => e.Status == WebhookEventStatus.Pending);
        var depth = await pending.CountAsync(ct);
        var oldest = depth == 0 ? null : await pending.OrderBy(e => e.Id).Select(e => (DateTime?)e.ReceivedAt).FirstOrDefaultAsync(ct);
        var running = await db.Campaigns.IgnoreQueryFilters().CountAsync(c => c.Status == CampaignStatus.Running, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        metrics.Update(new AppMetrics.Snapshot(inFlight, depth, oldest is { } at ? Math.Max(0, (now - at).TotalSeconds) : 0, running));
    }
}
