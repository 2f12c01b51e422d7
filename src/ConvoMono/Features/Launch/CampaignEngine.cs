using ConvoMono.Features.Calls;
using ConvoMono.Features.Campaigns;
using ConvoMono.Features.Credits;
using ConvoMono.Features.Leads;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Realtime;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Launch;

/// <summary>The campaign's state changes that the dialer, the reconciler and the user's buttons share. Each is one
/// conditional update on the campaign's status, so two instances (or a click racing the dialer) change it once.</summary>
public sealed class CampaignEngine(TenantDbFactory tenants, CreditLedger ledger, LiveNotifier live,
    TimeProvider clock, ILogger<CampaignEngine> log)
{
    public const string ChangedEvent = "campaign.changed";

    /// <summary>Scheduled launches whose time has come start, each exactly once.</summary>
    public async Task<int> StartDueLaunchesAsync(CancellationToken ct)
    {
        var now = Now;
        await using var db = tenants.Platform();
        var due = await db.Campaigns.IgnoreQueryFilters().AsNoTracking().Where(c => c.Status == CampaignStatus.Scheduled && c.StartAt <= now)
            .Select(c => new { c.Id, c.TenantId }).ToListAsync(ct);
        var started = 0;
        foreach (var c in due)
        {
            if (await db.Campaigns.IgnoreQueryFilters().Where(x => x.Id == c.Id && x.Status == CampaignStatus.Scheduled).ExecuteUpdateAsync(u => u
                    .SetProperty(x => x.Status, CampaignStatus.Running).SetProperty(x => x.LaunchedAt, now).SetProperty(x => x.ResumedAt, now)
                    .SetProperty(x => x.UpdatedAt, now), ct) == 1)
            {
                started++;
                log.LogInformation("Scheduled campaign {CampaignId} started", c.Id);
                Changed(c.TenantId, c.Id);
            }
        }
        return started;
    }

    public async Task<bool> PauseAsync(Guid tenantId, Guid campaignId, CampaignPauseReason reason, CancellationToken ct)
    {
        var now = Now;
        await using var db = tenants.For(tenantId);
        var paused = await db.Campaigns.Where(c => c.Id == campaignId && (c.Status == CampaignStatus.Running || c.Status == CampaignStatus.Scheduled))
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, CampaignStatus.Paused).SetProperty(c => c.PauseReason, reason)
                .SetProperty(c => c.UpdatedAt, now), ct) == 1;
        if (paused)
        {
            log.LogInformation("Campaign {CampaignId} paused: {Reason}", campaignId, reason);
            Changed(tenantId, campaignId);
        }
        return paused;
    }

    /// <summary>Paused → running, or back to scheduled when it was paused before its start time.</summary>
    public async Task<bool> ResumeAsync(Guid tenantId, Guid campaignId, CancellationToken ct)
    {
        var now = Now;
        await using var db = tenants.For(tenantId);
        var paused = db.Campaigns.Where(c => c.Id == campaignId && c.Status == CampaignStatus.Paused);
        var resumed = await paused.Where(c => c.StartAt > now && c.LaunchedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, CampaignStatus.Scheduled).SetProperty(c => c.PauseReason, (CampaignPauseReason?)null)
                .SetProperty(c => c.UpdatedAt, now), ct) == 1
            || await paused.ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, CampaignStatus.Running)
                .SetProperty(c => c.PauseReason, (CampaignPauseReason?)null).SetProperty(c => c.LaunchedAt, c => c.LaunchedAt ?? now)
                .SetProperty(c => c.ResumedAt, now).SetProperty(c => c.DispatchFailures, 0).SetProperty(c => c.DispatchLeaseUntil, (DateTime?)null)
                .SetProperty(c => c.UpdatedAt, now), ct) == 1;
        if (resumed) Changed(tenantId, campaignId);
        return resumed;
    }

    /// <summary>Stops the campaign for good: no further wave, calls in flight finish and bill, the reservation's
    /// remainder returns.</summary>
    public async Task<bool> CancelAsync(Guid tenantId, Guid campaignId, CancellationToken ct)
    {
        var now = Now;
        await using var db = tenants.For(tenantId);
        var cancelled = await db.Campaigns.Where(c => c.Id == campaignId
                && (c.Status == CampaignStatus.Running || c.Status == CampaignStatus.Paused || c.Status == CampaignStatus.Scheduled))
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, CampaignStatus.Cancelled).SetProperty(c => c.PauseReason, (CampaignPauseReason?)null)
                .SetProperty(c => c.FinishedAt, now).SetProperty(c => c.UpdatedAt, now), ct) == 1;
        if (!cancelled) return false;
        await ledger.ReleaseCampaignAsync(tenantId, campaignId, ct);
        Changed(tenantId, campaignId);
        return true;
    }

    /// <summary>Completes a running campaign whose leads are all final and whose calls have all ended, and returns what it
    /// still holds. True when it completed now.</summary>
    public async Task<bool> CompleteIfDoneAsync(Guid tenantId, Guid campaignId, CancellationToken ct)
    {
        await using var db = tenants.For(tenantId);
        if (await db.Leads.AnyAsync(l => l.CampaignId == campaignId
                && (l.Status == LeadStatus.Pending || l.Status == LeadStatus.Retry || l.Status == LeadStatus.Dialing), ct)) return false;
        if (await db.Calls.AnyAsync(c => c.CampaignId == campaignId && CallDispatcher.LiveStatuses.Contains(c.Status), ct)) return false;
        var now = Now;
        var completed = await db.Campaigns.Where(c => c.Id == campaignId && c.Status == CampaignStatus.Running)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, CampaignStatus.Completed).SetProperty(c => c.FinishedAt, now)
                .SetProperty(c => c.UpdatedAt, now), ct) == 1;
        if (!completed) return false;
        await ledger.ReleaseCampaignAsync(tenantId, campaignId, ct);
        log.LogInformation("Campaign {CampaignId} completed", campaignId);
        Changed(tenantId, campaignId);
        return true;
    }

    /// <summary>Takes back attempts that never reached the provider: each call still "dispatching" is deleted, its lead
    /// returns to the queue (attempt count restored, due at <paramref name="retryAt"/>) and its credit hold, if placed,
    /// is released in full. A call that meanwhile turned out to exist at the provider is left alone.</summary>
    public async Task<int> VoidAsync(Guid tenantId, IReadOnlyList<Call> calls, DateTime retryAt, CancellationToken ct)
    {
        var voided = new List<Call>();
        await using (var db = tenants.For(tenantId))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var now = Now;
            foreach (var call in calls)
            {
                if (await db.Calls.Where(c => c.Id == call.Id && c.Status == CallStatus.Dispatching).ExecuteDeleteAsync(ct) == 0) continue;
                voided.Add(call);
                var attempt = call.Attempt;
                await db.Leads.Where(l => l.Id == call.LeadId && l.Status == LeadStatus.Dialing && l.Attempts == attempt).ExecuteUpdateAsync(u => u
                    .SetProperty(l => l.Status, attempt == 1 ? LeadStatus.Pending : LeadStatus.Retry).SetProperty(l => l.Attempts, attempt - 1)
                    .SetProperty(l => l.NextAttemptAt, retryAt).SetProperty(l => l.UpdatedAt, now), ct);
            }
            await tx.CommitAsync(ct);
        }
        await ReleaseHoldsAsync(tenantId, voided.Select(c => c.HoldKey).ToList(), ct);
        return voided.Count;
    }

    /// <summary>Releases open call holds in full (billing nothing): holds of voided calls.</summary>
    public async Task ReleaseHoldsAsync(Guid tenantId, IReadOnlyList<string> keys, CancellationToken ct)
    {
        if (keys.Count == 0) return;
        await using var db = tenants.For(tenantId);
        var open = await db.CreditHolds.AsNoTracking().Where(h => keys.Contains(h.Key) && !h.Closed).Select(h => h.Key).ToListAsync(ct);
        if (open.Count > 0) await ledger.SettleCallsAsync(tenantId, open.Select(k => new SettleRequest(k, null, 0)).ToList(), ct);
    }

    public async Task DispatchSucceededAsync(Guid tenantId, Guid campaignId, CancellationToken ct)
    {
        await using var db = tenants.For(tenantId);
        await db.Campaigns.Where(c => c.Id == campaignId && c.DispatchFailures != 0).ExecuteUpdateAsync(u => u.SetProperty(c => c.DispatchFailures, 0), ct);
    }

    /// <summary>Counts a failed wave; enough in a row pause the campaign (provider error). Returns the count.</summary>
    public async Task<int> DispatchFailedAsync(Guid tenantId, Guid campaignId, int max, CancellationToken ct)
    {
        await using var db = tenants.For(tenantId);
        await db.Campaigns.Where(c => c.Id == campaignId).ExecuteUpdateAsync(u => u.SetProperty(c => c.DispatchFailures, c => c.DispatchFailures + 1), ct);
        var failures = await db.Campaigns.Where(c => c.Id == campaignId).Select(c => c.DispatchFailures).FirstAsync(ct);
        if (failures >= max) await PauseAsync(tenantId, campaignId, CampaignPauseReason.ProviderError, ct);
        return failures;
    }

    public Task NotifyAsync(Guid tenantId, Guid campaignId)
    {
        Changed(tenantId, campaignId);
        return Task.CompletedTask;
    }

    private void Changed(Guid tenantId, Guid campaignId) => live.Publish(new LiveEvent(ChangedEvent, tenantId, new { campaign_id = campaignId }));

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
