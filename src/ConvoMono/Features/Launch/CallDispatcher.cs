using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ConvoMono.Features.Calls;
using ConvoMono.Features.Campaigns;
using ConvoMono.Features.Clients;
using ConvoMono.Features.Credits;
using ConvoMono.Features.DoNotCall;
using ConvoMono.Features.Leads;
using ConvoMono.Features.PhoneNumbers;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Realtime;
using ConvoMono.Infrastructure.Voice;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConvoMono.Features.Launch;

/// <summary>Sends the calls. Each pass starts scheduled launches whose time has come, then, for every running campaign
/// it can lease (one instance per campaign at a time), sends one wave: the due leads whose calling window is open in
/// their local time, as many as the campaign's concurrency, its fair share of the workspace concurrency and the credit
/// holds allow, one create-batch-call per time zone. A lead attempt is a row (unique per lead and attempt) written
/// before anything is sent, so a crash or a second instance can never send it twice.</summary>
public sealed class CallDispatcher(
    IServiceScopeFactory scopes, TenantDbFactory tenants, CreditLedger ledger, DncLookup dnc, CampaignEngine engine,
    LiveNotifier live, IOptions<LaunchOptions> options, ConvoMono.Infrastructure.Telemetry.AppMetrics metrics, TimeProvider clock,
    ILogger<CallDispatcher> log) : BackgroundService
{
    public static readonly CallStatus[] LiveStatuses = CallDispatcherStatuses.Live;
    private readonly Guid _instance = Guid.NewGuid();
    private readonly ConcurrentDictionary<Guid, ZoneSets> _zoneSets = new();
    private readonly ConcurrentDictionary<Guid, PendingFrom> _pendingFrom = new();
    private (int Limit, DateTime Until) _workspace;

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try { await RunOnceAsync(ct); }
            catch (Exception e) when (!ct.IsCancellationRequested) { log.LogError(e, "Dispatcher pass failed"); }
            await Task.Delay(TimeSpan.FromMilliseconds(options.Value.DispatchIntervalMs), clock, ct);
        }
    }

    /// <summary>One pass. Returns how many calls were sent.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = Now;
        await engine.StartDueLaunchesAsync(ct);
        List<RunningCampaign> running;
        Dictionary<Guid, int> inFlight;
        await using (var db = tenants.Platform())
        {
            running = await db.Campaigns.IgnoreQueryFilters().AsNoTracking().Where(c => c.Status == CampaignStatus.Running)
                .Join(db.Clients.IgnoreQueryFilters().Where(c => c.Status == ClientStatus.Active), c => c.TenantId, c => c.Id,
                    (c, _) => new RunningCampaign(c.Id, c.TenantId, c.Concurrency, c.DispatchLeaseUntil))
                .ToListAsync(ct);
            foreach (var gone in _zoneSets.Keys.Where(id => running.All(c => c.Id != id)).ToList()) _zoneSets.TryRemove(gone, out _);
            foreach (var gone in _pendingFrom.Keys.Where(id => running.All(c => c.Id != id)).ToList()) _pendingFrom.TryRemove(gone, out _);
            if (running.Count == 0) return 0;
            inFlight = await db.Calls.IgnoreQueryFilters().AsNoTracking().Where(c => LiveStatuses.Contains(c.Status))
                .GroupBy(c => c.CampaignId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        }

        await using var scope = scopes.CreateAsyncScope();
        var retell = scope.ServiceProvider.GetRequiredService<RetellClient>();
        var limit = await WorkspaceLimitAsync(retell, ct);
        var free = limit - inFlight.Values.Sum();
        // Fair share: every running campaign may use an equal part of the workspace; a campaign that needs less leaves the
        // rest free for the others within the same pass.
        var share = Math.Max(1, (int)Math.Ceiling(limit / (double)running.Count));
        var sent = 0;
        foreach (var campaign in running.Where(c => c.LeaseUntil is null || c.LeaseUntil < now).OrderBy(_ => Random.Shared.Next()))
        {
            var mine = inFlight.GetValueOrDefault(campaign.Id);
            var capacity = Math.Min(Math.Min(campaign.Concurrency, share) - mine, free);
            if (!await LeaseAsync(campaign.Id, now, ct)) continue;
            var keepLeaseUntil = (DateTime?)null;
            try
            {
                var (count, backoff) = await DispatchCampaignAsync(retell, campaign.Id, campaign.TenantId, capacity, mine, ct);
                sent += count;
                free -= count;
                if (backoff is { } wait) keepLeaseUntil = Now + wait;
            }
            finally
            {
                await using var db = tenants.Platform();
                await db.Campaigns.IgnoreQueryFilters().Where(c => c.Id == campaign.Id && c.DispatchOwner == _instance)
                    .ExecuteUpdateAsync(u => u.SetProperty(c => c.DispatchLeaseUntil, keepLeaseUntil), CancellationToken.None);
            }
        }
        return sent;
    }

    private async Task<bool> LeaseAsync(Guid campaignId, DateTime now, CancellationToken ct)
    {
        await using var db = tenants.Platform();
        var until = now.AddSeconds(options.Value.DispatchLeaseSeconds);
        return await db.Campaigns.IgnoreQueryFilters()
            .Where(c => c.Id == campaignId && c.Status == CampaignStatus.Running && (c.DispatchLeaseUntil == null || c.DispatchLeaseUntil < now))
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.DispatchOwner, _instance).SetProperty(c => c.DispatchLeaseUntil, until), ct) == 1;
    }

    /// <summary>The distinct time-zone sets of a campaign's leads, whose calling windows decide who is due. Read again only
    /// when an import has written since (its rows-read count moves with every batch it commits) or after half a minute:
    /// the set changes only with imports, and reading it meant a scan of every due lead on every pass, which on a
    /// 100,000-lead campaign was most of the database's work.</summary>
    private async Task<IReadOnlyList<string>> ZoneSetsAsync(AppDbContext db, Guid campaignId, CancellationToken ct)
    {
        var stamp = await db.LeadImports.AsNoTracking().Where(i => i.CampaignId == campaignId).SumAsync(i => i.RowsRead + 1, ct);
        if (_zoneSets.TryGetValue(campaignId, out var known) && known.Stamp == stamp && Environment.TickCount64 - known.ReadAt < 30_000)
            return known.Sets;
        var sets = await db.Leads.AsNoTracking().Where(l => l.CampaignId == campaignId).Select(l => l.TimeZones ?? l.TimeZone).Distinct()
            .ToListAsync(ct);
        _zoneSets[campaignId] = new ZoneSets(stamp, sets, Environment.TickCount64);
        return sets;
    }

    private sealed record ZoneSets(long Stamp, List<string> Sets, long ReadAt);

    private sealed record DueLead(Guid Id, string PhoneNumber, string TimeZone, Dictionary<string, string> Variables, int Attempts);

    /// <summary>Up to <paramref name="take"/> due leads in the open zone sets, lowest id first: due retries, and pending
    /// leads read upward from the lowest one the previous pass found. Leads are called in id order, so everything below
    /// that point has been called; reading from the start instead walked every lead already called on every pass (on
    /// PostgreSQL, by the key, whose order it takes for free), which on a 100,000-lead campaign was most of the database's
    /// work. A read from the start still happens every five seconds and whenever the read from the point finds too few
    /// (a lead put back in the queue, a zone that opened), so no lead is left behind: at worst it waits a few seconds.</summary>
    private async Task<List<DueLead>> DueLeadsAsync(AppDbContext db, Guid campaignId, List<string> open, DateTime now, int take, CancellationToken ct)
    {
        IQueryable<Lead> Of(LeadStatus status) => db.Leads.AsNoTracking()
            .Where(l => l.CampaignId == campaignId && l.Status == status && open.Contains(l.TimeZones ?? l.TimeZone));
        Task<List<DueLead>> ReadAsync(IQueryable<Lead> leads) => leads.OrderBy(l => l.Id).Take(take)
            .Select(l => new DueLead(l.Id, l.PhoneNumber, l.TimeZone, l.Variables, l.Attempts)).ToListAsync(ct);

        var retries = await ReadAsync(Of(LeadStatus.Retry).Where(l => l.NextAttemptAt <= now));
        var ticks = Environment.TickCount64;
        var known = _pendingFrom.TryGetValue(campaignId, out var p) && ticks - p.ReadAt < 5_000 ? p : null;
        var zones = string.Join('|', open);
        var pending = known is null ? [] : await ReadAsync(Of(LeadStatus.Pending).Where(l => l.Id >= known.From));
        if (known is null || pending.Count < take && !(known.Complete && known.Zones == zones))
        {
            // From the start: what this finds is all there is in these zones, if it is fewer than asked for.
            pending = await ReadAsync(Of(LeadStatus.Pending));
            known = new PendingFrom(pending.Count > 0 ? pending[0].Id : NoneLeft, ticks, pending.Count < take, zones);
        }
        else if (pending.Count > 0) known = known with { From = pending[0].Id, Complete = known.Complete && pending.Count < take };
        _pendingFrom[campaignId] = known;
        return retries.Count == 0 ? pending : [.. retries.Concat(pending).OrderBy(l => l.Id).Take(take)];
    }

    private static readonly Guid NoneLeft = Guid.AllBitsSet;

    /// <summary>Where a campaign's pending leads start in id order, when that was last read from the start, and whether
    /// that read found every one of them in the zones open then (ids are not in import order within a millisecond, so a
    /// zone that opens may hold leads below the point).</summary>
    private sealed record PendingFrom(Guid From, long ReadAt, bool Complete, string Zones);

    private async Task<(int Sent, TimeSpan? Backoff)> DispatchCampaignAsync(RetellClient retell, Guid campaignId, Guid tenantId, int capacity, int inFlight,
        CancellationToken ct)
    {
        var o = options.Value;
        var now = Now;
        await using var db = tenants.For(tenantId);
        var campaign = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == campaignId, ct);
        if (campaign is not { Status: CampaignStatus.Running }) return (0, null);
        // A suspended client places no calls; its running campaigns stay as they are and carry on when it is reactivated
        // (calls already placed end and are billed as usual).
        var client = await db.Clients.AsNoTracking().Where(c => c.Id == tenantId).Select(c => new { c.Status, c.TimeZone, c.Currency }).FirstAsync(ct);
        if (client.Status == ClientStatus.Suspended) return (0, null);

        var number = campaign.PhoneNumberId is { } numberId
            ? await db.PhoneNumbers.AsNoTracking().Where(n => n.Id == numberId && n.ClientId == tenantId && n.Status == PhoneNumberStatus.Assigned)
                .Select(n => n.Number).FirstOrDefaultAsync(ct)
            : null;
        if (number is null)
        {
            await engine.PauseAsync(tenantId, campaignId, CampaignPauseReason.NoPhoneNumber, ct);
            return (0, null);
        }
        if (await FailingTooOftenAsync(db, campaign, ct))
        {
            await engine.PauseAsync(tenantId, campaignId, CampaignPauseReason.HighFailureRate, ct);
            return (0, null);
        }
        if (capacity <= 0)
        {
            // Full. With nothing of its own in flight (the workspace is taken by others), it may still have finished.
            if (inFlight == 0) await engine.CompleteIfDoneAsync(tenantId, campaignId, ct);
            return (0, null);
        }

        // Due leads whose window is open now in every zone their number may ring in.
        var fallback = TimeZoneInfo.FindSystemTimeZoneById(client.TimeZone);
        var window = CallingWindow.Of(campaign);
        var due = db.Leads.AsNoTracking().Where(l => l.CampaignId == campaignId
            && (l.Status == LeadStatus.Pending || l.Status == LeadStatus.Retry && l.NextAttemptAt <= now));
        var open = (await ZoneSetsAsync(db, campaignId, ct))
            .Where(z => CallingHours.IsOpen(now, CallingHours.Zones(z.Split(','), fallback), window)).ToList();
        var leads = open.Count == 0 ? [] : await DueLeadsAsync(db, campaignId, open, now, Math.Min(capacity, o.MaxWaveSize), ct);
        if (leads.Count == 0)
        {
            // Nothing due: done when nothing waits for a retry or is still being called.
            if (!await due.AnyAsync(ct)) await engine.CompleteIfDoneAsync(tenantId, campaignId, ct);
            return (0, null);
        }

        // Do-not-call lists may have grown since the import: those leads end here.
        var blocked = await dnc.BlockedAsync(tenantId, leads.Select(l => l.PhoneNumber).ToList(), ct);
        if (blocked.Count > 0)
        {
            var blockedIds = leads.Where(l => blocked.Contains(l.PhoneNumber)).Select(l => l.Id).ToList();
            await db.Leads.Where(l => blockedIds.Contains(l.Id) && (l.Status == LeadStatus.Pending || l.Status == LeadStatus.Retry))
                .ExecuteUpdateAsync(u => u.SetProperty(l => l.Status, LeadStatus.DoNotCall).SetProperty(l => l.UpdatedAt, now), ct);
            leads = leads.Where(l => !blocked.Contains(l.PhoneNumber)).ToList();
            if (leads.Count == 0) return (0, null);
        }

        // The attempts, written before anything is sent: the leads are claimed and the calls exist, or neither.
        var holdSeconds = Math.Max(CampaignRetellSync.RetellMinCallMs / 1000, campaign.MaxCallDurationSeconds);
        var waves = leads.GroupBy(l => l.TimeZone).Select(g => (Id: Guid.CreateVersion7(), Zone: g.Key, Calls: g.Select(l => new Call
        {
            TenantId = tenantId, CampaignId = campaignId, LeadId = l.Id, Attempt = l.Attempts + 1, ToNumber = l.PhoneNumber, FromNumber = number,
            MaxDurationSeconds = holdSeconds, Currency = client.Currency, Status = CallStatus.Dispatching, CreatedAt = now, UpdatedAt = now,
        }).ToList())).ToList();
        foreach (var wave in waves) foreach (var call in wave.Calls) call.WaveId = wave.Id;
        var calls = waves.SelectMany(w => w.Calls).ToList();
        var variables = leads.ToDictionary(l => l.Id, l => l.Variables);
        if (!await ClaimAsync(db, calls, now, ct)) return (0, null);

        var holds = await ledger.PlaceCallHoldsAsync(tenantId, campaignId, calls.Select(c => new HoldRequest(c.HoldKey, holdSeconds)).ToList(), ct);
        var unheld = calls.Where((_, i) => holds[i] is null).ToList();
        if (unheld.Count > 0)
        {
            await engine.VoidAsync(tenantId, unheld, retryAt: now, ct);
            if (unheld.Count == calls.Count)
            {
                // Nothing could be held. Calls in flight will return their holds, so wait for them; with none, pause.
                if (inFlight == 0) await engine.PauseAsync(tenantId, campaignId, CampaignPauseReason.InsufficientCredits, ct);
                return (0, null);
            }
        }

        var sent = 0;
        TimeSpan? backoff = null;
        foreach (var wave in waves)
        {
            var held = wave.Calls.Where(c => !unheld.Contains(c)).ToList();
            if (held.Count == 0) continue;
            if (backoff is not null)
            {
                // An earlier wave of this pass failed: the rest are not sent now, so they are taken back at once.
                await engine.VoidAsync(tenantId, held, retryAt: now, ct);
                continue;
            }
            var request = new RetellBatchCallRequest
            {
                FromNumber = number,
                Name = $"{campaign.Name} · {wave.Zone} · {wave.Id.ToString()[..8]}",
                Tasks = held.Select(c => new RetellBatchTask
                {
                    ToNumber = c.ToNumber,
                    OverrideAgentId = campaign.RetellAgentId,
                    RetellLlmDynamicVariables = Variables(campaign, variables[c.LeadId]),
                    Metadata = new JsonObject
                    {
                        ["client_id"] = tenantId.ToString(), ["campaign_id"] = campaignId.ToString(), ["lead_id"] = c.LeadId.ToString(),
                        ["attempt"] = c.Attempt, ["call_id"] = c.Id.ToString(), ["wave_id"] = wave.Id.ToString(),
                    },
                }).ToList(),
            };
            try
            {
                var batch = await retell.CreateBatchCallAsync(request, ct);
                // One statement; a call whose first webhook got here first has moved on and keeps its status.
                await db.Calls.Where(c => c.WaveId == wave.Id).ExecuteUpdateAsync(u => u
                    .SetProperty(c => c.BatchCallId, batch.BatchCallId).SetProperty(c => c.DispatchedAt, Now)
                    .SetProperty(c => c.Status, c => c.Status == CallStatus.Dispatching ? CallStatus.Queued : c.Status)
                    .SetProperty(c => c.Version, c => c.Version + 1), ct);
                sent += held.Count;
                metrics.Wave("sent", held.Count);
                if (campaign.DispatchFailures != 0) await engine.DispatchSucceededAsync(tenantId, campaignId, ct);
            }
            catch (RetellApiException e) when (e.Status is 400 or 401 or 402 or 403 or 404 or 409 or 422 or 429)
            {
                // Refused: nothing was created. The attempts are voided and the leads go back to the queue.
                log.LogWarning("Retell refused a wave of {Count} calls for campaign {CampaignId}: {Status} {Message}", held.Count, campaignId, e.Status, e.RetellMessage);
                metrics.Wave("refused", held.Count);
                await engine.VoidAsync(tenantId, held, retryAt: now, ct);
                backoff = await FailedAsync(tenantId, campaignId, countsAsFailure: e.Status != 429, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // 5xx, timeout, lost connection: Retell may have created the calls. They stay "dispatching" and the reconciler
                // looks the wave up by its metadata: found calls are adopted, missing ones voided. Never sent again blindly.
                log.LogWarning(e, "A wave of {Count} calls for campaign {CampaignId} has an unknown fate; the reconciler will look it up", held.Count, campaignId);
                metrics.Wave("unknown", held.Count);
                backoff = await FailedAsync(tenantId, campaignId, countsAsFailure: true, ct);
            }
        }
        if (sent > 0) live.Publish(new LiveEvent(CallTracker.ChangedEvent, tenantId, new { campaign_id = campaignId }));
        return (sent, backoff);
    }

    private async Task<TimeSpan> FailedAsync(Guid tenantId, Guid campaignId, bool countsAsFailure, CancellationToken ct)
    {
        var failures = countsAsFailure ? await engine.DispatchFailedAsync(tenantId, campaignId, options.Value.MaxDispatchFailures, ct) : 1;
        return TimeSpan.FromSeconds(Math.Min(300, 2 * Math.Pow(2, Math.Max(0, failures - 1))));
    }

    /// <summary>Claims the leads (Pending/Retry → Dialing, one more attempt) and writes their calls in one transaction.
    /// False when any lead was taken meanwhile or an attempt already exists: nothing is written then.</summary>
    private static async Task<bool> ClaimAsync(AppDbContext db, List<Call> calls, DateTime now, CancellationToken ct)
    {
        var ids = calls.Select(c => c.LeadId).ToList();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var claimed = await db.Leads.Where(l => ids.Contains(l.Id) && (l.Status == LeadStatus.Pending || l.Status == LeadStatus.Retry))
                .ExecuteUpdateAsync(u => u.SetProperty(l => l.Status, LeadStatus.Dialing).SetProperty(l => l.Attempts, l => l.Attempts + 1)
                    .SetProperty(l => l.LastAttemptAt, now).SetProperty(l => l.NextAttemptAt, (DateTime?)null).SetProperty(l => l.UpdatedAt, now), ct);
            if (claimed != ids.Count)
            {
                await tx.RollbackAsync(CancellationToken.None);
                return false;
            }
            await RowWriter.InsertAsync(db, calls, ct);
            await tx.CommitAsync(ct);
            return true;
        }
        catch (Exception e) when (DbErrors.IsConflict(e))
        {
            await tx.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>Of the calls since the last launch or resume, the last <see cref="LaunchOptions.FailureWindow"/> that
    /// ended: too many of them failed (provider or carrier trouble, a blocked caller id).</summary>
    private async Task<bool> FailingTooOftenAsync(AppDbContext db, Campaign campaign, CancellationToken ct)
    {
        var o = options.Value;
        var since = campaign.ResumedAt ?? campaign.LaunchedAt ?? DateTime.MinValue;
        var outcomes = await db.Calls.AsNoTracking().Where(c => c.CampaignId == campaign.Id && c.CreatedAt >= since && c.Outcome != null)
            .OrderByDescending(c => c.EndedAt).Take(o.FailureWindow).Select(c => c.Outcome).ToListAsync(ct);
        return outcomes.Count >= o.FailureWindow && outcomes.Count(x => x == CallOutcome.Failed) >= o.FailureRateThreshold * o.FailureWindow;
    }

    private static Dictionary<string, string> Variables(Campaign campaign, Dictionary<string, string> lead)
    {
        var values = new Dictionary<string, string>(campaign.DefaultVariables, StringComparer.Ordinal);
        foreach (var (key, value) in lead)
            if (!string.IsNullOrEmpty(value) || !values.ContainsKey(key)) values[key] = value;
        return values;
    }

    /// <summary>Retell's workspace concurrency limit, asked at most every 30 seconds.</summary>
    private async Task<int> WorkspaceLimitAsync(RetellClient retell, CancellationToken ct)
    {
        var now = Now;
        if (_workspace.Until > now) return _workspace.Limit;
        try
        {
            var concurrency = await retell.GetConcurrencyAsync(ct);
            _workspace = (Math.Max(1, concurrency.ConcurrencyLimit), now.AddSeconds(30));
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            log.LogWarning(e, "Could not read Retell's concurrency; assuming {Limit}", _workspace.Limit > 0 ? _workspace.Limit : options.Value.DefaultWorkspaceConcurrency);
            _workspace = (_workspace.Limit > 0 ? _workspace.Limit : options.Value.DefaultWorkspaceConcurrency, now.AddSeconds(10));
        }
        return _workspace.Limit;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private sealed record RunningCampaign(Guid Id, Guid TenantId, int Concurrency, DateTime? LeaseUntil);
}
