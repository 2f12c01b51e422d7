using System.Text.Json.Nodes;
using ConvoMono.Features.Calls;
using ConvoMono.Features.Credits;
using ConvoMono.Features.Leads;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Voice;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConvoMono.Features.Launch;

/// <summary>Repairs what webhooks and crashes leave behind, from Retell's own records: waves whose fate is unknown are
/// looked up by their metadata (found calls adopted, missing ones voided), calls stuck in a live state past their max
/// duration are fetched (<c>get-call</c>), ended calls whose analysis never came are fetched and at last decided without
/// it, leads left waiting after a decided call are decided, and credit holds without a call are released.</summary>
public sealed class CallReconciler(IServiceScopeFactory scopes, TenantDbFactory tenants, CallTracker tracker, CampaignEngine engine, CreditLedger ledger,
    IOptions<LaunchOptions> options, TimeProvider clock, ILogger<CallReconciler> log) : BackgroundService
{
    private const int PassLimit = 200;

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try { await RunOnceAsync(ct); }
            catch (Exception e) when (!ct.IsCancellationRequested) { log.LogError(e, "Reconciler pass failed"); }
            await Task.Delay(TimeSpan.FromSeconds(options.Value.ReconcileIntervalSeconds), clock, ct);
        }
    }

    /// <summary>One pass; returns how many calls it repaired.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var retell = scope.ServiceProvider.GetRequiredService<RetellClient>();
        var repaired = await UnconfirmedWavesAsync(retell, ct);
        repaired += await StuckCallsAsync(retell, ct);
        repaired += await MissingAnalysisAsync(retell, ct);
        repaired += await UndecidedLeadsAsync(ct);
        await OrphanHoldsAsync(ct);
        await LongPausesAsync(ct);
        return repaired;
    }

    private async Task<int> UnconfirmedWavesAsync(RetellClient retell, CancellationToken ct)
    {
        var cutoff = Now.AddSeconds(-options.Value.DispatchGraceSeconds);
        List<Call> stale;
        await using (var db = tenants.Platform())
            stale = await db.Calls.IgnoreQueryFilters().AsNoTracking().Where(c => c.Status == CallStatus.Dispatching && c.CreatedAt < cutoff)
                .OrderBy(c => c.Id).Take(PassLimit * 5).ToListAsync(ct);
        var repaired = 0;
        foreach (var wave in stale.GroupBy(c => (c.TenantId, c.WaveId)))
        {
            List<RetellCall> found;
            try { found = await ListByMetadataAsync(retell, "wave_id", wave.Key.WaveId.ToString(), ct); }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                log.LogWarning(e, "Could not look up wave {WaveId} at Retell; will try again", wave.Key.WaveId);
                continue;
            }
            foreach (var call in found) if (await tracker.ApplyAsync(call, ct)) repaired++;
            // What Retell does not have was never placed: the attempt is taken back.
            repaired += await engine.VoidAsync(wave.Key.TenantId, wave.ToList(), Now, ct);
        }
        return repaired;
    }

    private async Task<int> StuckCallsAsync(RetellClient retell, CancellationToken ct)
    {
        var now = Now;
        var margin = options.Value.StuckCallMarginSeconds;
        var quietFor = options.Value.QuietCallSeconds;
        var quiet = now.AddSeconds(-Math.Min(margin, quietFor));
        List<Call> stuck;
        await using (var db = tenants.Platform())
            stuck = (await db.Calls.IgnoreQueryFilters().AsNoTracking()
                    .Where(c => (c.Status == CallStatus.Queued || c.Status == CallStatus.Registered || c.Status == CallStatus.Ongoing) && c.UpdatedAt < quiet)
                    .OrderBy(c => c.UpdatedAt).Take(PassLimit).ToListAsync(ct))
                .Where(c => (c.DispatchedAt ?? c.CreatedAt).AddSeconds(c.MaxDurationSeconds + margin) < now || c.UpdatedAt.AddSeconds(quietFor) < now)
                .ToList();
        var repaired = 0;
        foreach (var call in stuck)
        {
            try
            {
                var current = call.RetellCallId is { } id ? await GetOrNullAsync(retell, id, ct)
                    : (await ListByMetadataAsync(retell, "call_id", call.Id.ToString(), ct)).FirstOrDefault();
                var overdue = (call.DispatchedAt ?? call.CreatedAt).AddSeconds(call.MaxDurationSeconds + margin) < now;
                if (current is null && overdue) await tracker.AbandonAsync(call.TenantId, call.Id, "not_found_at_provider", ct);
                else if (current is null) await TouchAsync(call, ct); // perhaps still in Retell's queue: only its max duration says it is lost
                else
                {
                    await tracker.ApplyAsync(current, ct);
                    if (!CallOutcomes.IsEnded(current)) await TouchAsync(call, ct); // still live at Retell: look again later
                }
                repaired++;
            }
            catch (Exception e) when (!ct.IsCancellationRequested) { log.LogWarning(e, "Could not reconcile call {CallId}", call.Id); }
        }
        return repaired;
    }

    private async Task<int> MissingAnalysisAsync(RetellClient retell, CancellationToken ct)
    {
        var now = Now;
        var cutoff = now.AddSeconds(-options.Value.AnalysisGraceSeconds);
        var giveUp = now.AddSeconds(-options.Value.AnalysisGiveUpSeconds);
        List<Call> waiting;
        await using (var db = tenants.Platform())
            waiting = await db.Calls.IgnoreQueryFilters().AsNoTracking()
                .Where(c => c.Status == CallStatus.Ended && c.Outcome == null && c.UpdatedAt < cutoff).OrderBy(c => c.UpdatedAt).Take(PassLimit).ToListAsync(ct);
        var repaired = 0;
        foreach (var call in waiting)
        {
            try
            {
                var current = call.RetellCallId is { } id ? await GetOrNullAsync(retell, id, ct) : null;
                if (current?.CallAnalysis is null && (call.EndedAt ?? call.UpdatedAt) < giveUp)
                    // No analysis after all this time: decided as not converted, with the reason in the summary.
                    current = (current ?? new RetellCall { CallId = call.RetellCallId ?? "", CallStatus = "ended", DurationMs = (call.DurationSeconds ?? 0) * 1000L }) with
                    {
                        Metadata = System.Text.Json.JsonSerializer.SerializeToElement(new Dictionary<string, string>
                            { ["client_id"] = call.TenantId.ToString(), ["call_id"] = call.Id.ToString() }),
                        CallAnalysis = new RetellCallAnalysis { CallSuccessful = false, CallSummary = "No analysis was received from the voice provider." },
                    };
                if (current is null) continue;
                await tracker.ApplyAsync(current, ct);
                if (current.CallAnalysis is null) await TouchAsync(call, ct);
                repaired++;
            }
            catch (Exception e) when (!ct.IsCancellationRequested) { log.LogWarning(e, "Could not fetch the analysis of call {CallId}", call.Id); }
        }
        return repaired;
    }

    /// <summary>A call decided but its lead still waiting on that attempt (a crash between the two writes).</summary>
    private async Task<int> UndecidedLeadsAsync(CancellationToken ct)
    {
        var cutoff = Now.AddMinutes(-1);
        List<Call> calls;
        await using (var db = tenants.Platform())
            calls = await db.Calls.IgnoreQueryFilters().AsNoTracking().Where(c => c.Outcome != null && c.UpdatedAt < cutoff)
                .Join(db.Leads.IgnoreQueryFilters().Where(l => l.Status == LeadStatus.Dialing), c => new { Id = c.LeadId, A = c.Attempt },
                    l => new { l.Id, A = l.Attempts }, (c, _) => c)
                .Take(PassLimit).ToListAsync(ct);
        foreach (var call in calls) await tracker.DecideLeadAsync(call, call.Outcome!.Value, ct);
        return calls.Count;
    }

    /// <summary>Call holds whose call row was never written or was voided before the hold went back.</summary>
    private async Task OrphanHoldsAsync(CancellationToken ct)
    {
        var cutoff = Now.AddMinutes(-10);
        await using var db = tenants.Platform();
        var holds = await db.CreditHolds.IgnoreQueryFilters().AsNoTracking()
            .Where(h => h.Kind == CreditHoldKind.Call && !h.Closed && h.CreatedAt < cutoff && h.Key.StartsWith("call:"))
            .Select(h => new { h.TenantId, h.Key }).Take(PassLimit).ToListAsync(ct);
        if (holds.Count == 0) return;
        var ids = holds.Select(h => Guid.TryParse(h.Key["call:".Length..], out var id) ? id : Guid.Empty).ToList();
        var existing = (await db.Calls.IgnoreQueryFilters().Where(c => ids.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        foreach (var tenant in holds.Where(h => !existing.Contains(Guid.TryParse(h.Key["call:".Length..], out var id) ? id : Guid.Empty)).GroupBy(h => h.TenantId))
        {
            log.LogWarning("Releasing {Count} credit holds without a call for client {ClientId}", tenant.Count(), tenant.Key);
            await engine.ReleaseHoldsAsync(tenant.Key, tenant.Select(h => h.Key).ToList(), ct);
        }
    }

    /// <summary>Campaigns paused for long give their reservation back (it is idempotent, so a campaign already released is
    /// a no-op).</summary>
    private async Task LongPausesAsync(CancellationToken ct)
    {
        var cutoff = Now.AddHours(-options.Value.ReleasePausedAfterHours);
        await using var db = tenants.Platform();
        var paused = await db.Campaigns.IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.Status == Campaigns.CampaignStatus.Paused && c.UpdatedAt < cutoff)
            .Join(db.CreditHolds.IgnoreQueryFilters().Where(h => h.Kind == CreditHoldKind.Campaign && !h.Closed), c => c.Id, h => h.CampaignId,
                (c, _) => new { c.Id, c.TenantId })
            .Take(PassLimit).ToListAsync(ct);
        foreach (var campaign in paused) await ledger.ReleaseCampaignAsync(campaign.TenantId, campaign.Id, ct);
    }

    private async Task TouchAsync(Call call, CancellationToken ct)
    {
        await using var db = tenants.Platform();
        var now = Now;
        await db.Calls.IgnoreQueryFilters().Where(c => c.Id == call.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.UpdatedAt, now).SetProperty(c => c.Version, c => c.Version + 1), ct);
    }

    private static async Task<RetellCall?> GetOrNullAsync(RetellClient retell, string id, CancellationToken ct)
    {
        try { return await retell.GetCallAsync(id, ct); }
        catch (RetellApiException e) when (e.IsNotFound) { return null; }
    }

    private static async Task<List<RetellCall>> ListByMetadataAsync(RetellClient retell, string key, string value, CancellationToken ct)
    {
        var calls = new List<RetellCall>();
        string? page = null;
        do
        {
            var result = await retell.ListCallsAsync(new RetellListCallsRequest
            {
                FilterCriteria = new JsonObject
                {
                    ["metadata"] = new JsonArray(new JsonObject { ["type"] = "string", ["op"] = "eq", ["key"] = key, ["value"] = value }),
                },
                Limit = 1000, PaginationKey = page, SortOrder = "ascending",
            }, ct);
            calls.AddRange(result.Items);
            page = result.HasMore ? result.PaginationKey : null;
        } while (page is not null);
        return calls;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
