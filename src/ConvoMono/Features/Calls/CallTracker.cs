using System.Text.Json;
using ConvoMono.Features.Campaigns;
using ConvoMono.Features.Credits;
using ConvoMono.Features.DoNotCall;
using ConvoMono.Features.Leads;
using ConvoMono.Features.VoiceWebhooks;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Realtime;
using ConvoMono.Infrastructure.Voice;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Calls;

/// <summary>Brings our record of a call up to date with what Retell says about it: a webhook's call object or a
/// fetched one. Idempotent and order-free: the status only moves forward, each field is kept once known, the call is
/// settled once through the ledger (by its hold, which carries the Retell call id), and the lead is decided once
/// (conditional on it still waiting for this attempt). Every save also moves the calls' daily rollup
/// (<see cref="CallStatsRollup"/>) in the same transaction.</summary>
public sealed class CallTracker(TenantDbFactory tenants, CreditLedger ledger, DncLookup dnc,
    LiveNotifier live, TimeProvider clock, ILogger<CallTracker> log)
{
    public const string ChangedEvent = "calls.changed";

    /// <summary>Applies a snapshot. False when the call is not one of ours (no or unknown ids).</summary>
    public async Task<bool> ApplyAsync(RetellCall snapshot, CancellationToken ct)
    {
        if (await IdsAsync(snapshot, ct) is not var (tenantId, callId)) return false;
        Call? call = null;
        var changed = false;
        for (var attempt = 0; ; attempt++)
        {
            await using var db = tenants.For(tenantId);
            call = await db.Calls.FirstOrDefaultAsync(c => c.Id == callId, ct);
            if (call is null)
            {
                log.LogWarning("Retell call {RetellCallId} names call {CallId}, which does not exist (voided?)", snapshot.CallId, callId);
                return false;
            }
            var before = CallStatsDelta.Of(call);
            Merge(call, snapshot);
            if (call.Status >= CallStatus.Ended && call.BilledSeconds is null) await SettleAsync(call, snapshot, ct);
            if (!db.ChangeTracker.HasChanges()) break;
            call.UpdatedAt = Now;
            call.Version++;
            try
            {
                await CallStatsRollup.SaveAsync(db, new Dictionary<Guid, CallStatsDelta?> { [call.Id] = before }, ct);
                changed = true;
                break;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 10)
            {
                // another instance applied another event of this call meanwhile: read it again
            }
        }
        // Deciding the lead is conditional on it still waiting for this attempt, so it is safe to repeat: a replayed event
        // after a crash between the two steps finishes the job.
        if (call.Outcome is { } outcome) await DecideLeadAsync(call, outcome, ct);
        if (changed) live.Publish(new LiveEvent(ChangedEvent, tenantId, new { campaign_id = call.CampaignId, call_id = call.Id }));
        return true;
    }

    private async Task SettleAsync(Call call, RetellCall snapshot, CancellationToken ct)
    {
        try
        {
            var settled = await ledger.SettleCallAsync(call.TenantId, call.HoldKey, call.RetellCallId, call.DurationSeconds ?? 0, ct);
            call.BilledSeconds = settled.BillableSeconds;
            call.BilledAmount = settled.BilledAmount;
            call.Currency = settled.Currency;
        }
        catch (Infrastructure.Errors.DomainException e) when (e.Code == "credits.hold_not_found")
        {
            // Only a call abandoned before its hold was placed gets here; nothing was held, so nothing can be billed.
            log.LogError("Call {CallId} ended without a credit hold; it bills nothing", call.Id);
            call.BilledSeconds = 0;
            call.BilledAmount = 0;
        }
    }

    /// <summary>Ends a call Retell has no trace of (it was never placed, or was lost): nothing is billed, and the lead is
    /// decided as a failed attempt.</summary>
    public async Task AbandonAsync(Guid tenantId, Guid callId, string reason, CancellationToken ct)
    {
        await ApplyAsync(new RetellCall
        {
            CallId = "", CallStatus = "error", DisconnectionReason = reason, DurationMs = 0,
            Metadata = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["client_id"] = tenantId.ToString(), ["call_id"] = callId.ToString() }),
        }, ct);
    }

    private static void Merge(Call call, RetellCall s)
    {
        var status = CallOutcomes.StatusOf(s);
        if (status > call.Status) call.Status = status;
        if (!string.IsNullOrEmpty(s.CallId)) call.RetellCallId ??= s.CallId;
        if (s.StartTimestamp is { } started) call.StartedAt ??= FromMs(started);
        if (CallOutcomes.IsEnded(s))
        {
            call.EndedAt ??= s.EndTimestamp is { } ended ? FromMs(ended) : call.StartedAt ?? call.DispatchedAt ?? call.CreatedAt;
            call.DurationSeconds ??= (int)CallOutcomes.ConnectedSeconds(s);
            call.DisconnectionReason ??= s.DisconnectionReason is { Length: > 80 } r ? r[..80] : s.DisconnectionReason;
        }
        if (s.Transcript is not null) call.Transcript = s.Transcript;
        if (s.RecordingUrl is not null) call.RecordingUrl = s.RecordingUrl;
        if (s.CallCost is { } cost)
        {
            // Retell reports cents; the latest report wins (a transfer leg can change it).
            call.RetellCost = Math.Round(cost.CombinedCost / 100m, 6);
            call.CostBreakdown = cost.ProductCosts.Select(p => new CallProductCost(p.Product, Math.Round(p.Cost / 100m, 6))).ToList();
        }
        bool? converted = null;
        if (s.CallAnalysis is { } analysis)
        {
            call.Summary = analysis.CallSummary is { Length: > 4000 } summary ? summary[..4000] : analysis.CallSummary;
            call.Sentiment = analysis.UserSentiment;
            call.Successful = analysis.CallSuccessful;
            call.Analysis = Flatten(analysis.CustomAnalysisData);
            call.AnalyzedAt ??= call.EndedAt;
            converted = call.Analysis.TryGetValue(CampaignRetellSync.ConvertedField, out var value) && bool.TryParse(value, out var flag)
                ? flag : analysis.CallSuccessful ?? false;
        }
        else if (call.Outcome is CallOutcome.Converted or CallOutcome.NotConverted) converted = call.Outcome == CallOutcome.Converted;
        // Only a snapshot of the ended call says how it ended (a late call_started must not decide anything).
        if (CallOutcomes.IsEnded(s) && CallOutcomes.OutcomeOf(s, converted) is { } outcome) call.Outcome = outcome;
    }

    private sealed record RetryRules(List<string> RetryOn, int RetryMaxAttempts, int RetryDelayMinutes);

    private sealed record LeadDecision(LeadStatus Status, DateTime? NextAttemptAt, bool AsksNoMoreCalls);

    /// <summary>What a decided call means for its lead: final, or another attempt after the campaign's delay.</summary>
    private static LeadDecision Decide(Call call, CallOutcome outcome, RetryRules rules, DateTime now)
    {
        var asksNoMoreCalls = call.Analysis.TryGetValue(CampaignRetellSync.DoNotCallField, out var value) && bool.TryParse(value, out var flag) && flag;
        if (asksNoMoreCalls) return new(LeadStatus.DoNotCall, null, true);
        if (outcome == CallOutcome.Converted) return new(LeadStatus.Converted, null, false);
        if (outcome == CallOutcome.NotConverted) return new(LeadStatus.NotConverted, null, false);
        if (CallOutcomes.InvalidNumber(call.DisconnectionReason)) return new(LeadStatus.Invalid, null, false);
        if (rules.RetryOn.Contains(CallOutcomes.RetryName(outcome)!) && call.Attempt < rules.RetryMaxAttempts)
            return new(LeadStatus.Retry, now.AddMinutes(rules.RetryDelayMinutes), false);
        return new(LeadStatus.Exhausted, null, false);
    }

    private static async Task<Dictionary<Guid, RetryRules>> RulesAsync(AppDbContext db, IEnumerable<Guid> campaignIds, CancellationToken ct)
    {
        var ids = campaignIds.Distinct().ToList();
        return await db.Campaigns.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.RetryOn, c.RetryMaxAttempts, c.RetryDelayMinutes })
            .ToDictionaryAsync(c => c.Id, c => new RetryRules(c.RetryOn, c.RetryMaxAttempts, c.RetryDelayMinutes), ct);
    }

    /// <summary>Decides the leads of decided calls, conditional on each lead still waiting for that attempt (so repeating
    /// it is harmless): one update per kind of decision, and the do-not-call requests.</summary>
    private async Task DecideLeadsAsync(Guid tenantId, IReadOnlyList<Call> calls, CancellationToken ct)
    {
        if (calls.Count == 0) return;
        await using var db = tenants.For(tenantId);
        var rules = await RulesAsync(db, calls.Select(c => c.CampaignId), ct);
        var now = Now;
        var decisions = calls.Select(c => (Call: c, Decision: Decide(c, c.Outcome!.Value, rules[c.CampaignId], now))).ToList();
        var decided = 0;
        foreach (var group in decisions.GroupBy(d => (d.Decision.Status, d.Decision.NextAttemptAt, d.Call.Attempt)))
        {
            var (status, nextAt, attempt) = group.Key;
            var ids = group.Select(d => d.Call.LeadId).ToList();
            decided += await db.Leads.Where(l => ids.Contains(l.Id) && l.Status == LeadStatus.Dialing && l.Attempts == attempt)
                .ExecuteUpdateAsync(u => u.SetProperty(l => l.Status, status).SetProperty(l => l.NextAttemptAt, nextAt).SetProperty(l => l.UpdatedAt, now), ct);
        }
        foreach (var (call, _) in decisions.Where(d => d.Decision.AsksNoMoreCalls))
            await dnc.AddFromCallAsync(call.TenantId, call.ToNumber, "Asked not to be called again during a call", ct);
        if (decided > 0)
            foreach (var campaignId in calls.Select(c => c.CampaignId).Distinct())
                live.Publish(new LiveEvent(LeadImporter.ChangedEvent, tenantId, new { campaign_id = campaignId }));
    }

    public Task DecideLeadAsync(Call call, CallOutcome outcome, CancellationToken ct) => DecideLeadsAsync(call.TenantId, [call], ct);

    /// <summary>Applies many snapshots (the inbox's batch): per client, one read of the calls, one settlement of every call
    /// that ended, one save and one update per kind of lead decision. A client's part that fails (e.g. a concurrent
    /// change) is applied again snapshot by snapshot. Returns the snapshots that still failed, by index.</summary>
    public async Task<IReadOnlyDictionary<int, Exception>> ApplyBatchAsync(IReadOnlyList<RetellCall> snapshots, CancellationToken ct)
    {
        var failures = new Dictionary<int, Exception>();
        var resolved = new List<(int Index, Guid TenantId, Guid CallId, RetellCall Snapshot)>();
        for (var i = 0; i < snapshots.Count; i++)
            if (await IdsAsync(snapshots[i], ct) is var (tenantId, callId)) resolved.Add((i, tenantId, callId, snapshots[i]));
        foreach (var tenant in resolved.GroupBy(r => r.TenantId))
        {
            try
            {
                await ApplyTenantBatchAsync(tenant.Key, tenant.Select(t => (t.CallId, t.Snapshot)).ToList(), ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                log.LogInformation(e, "A batch of {Count} call events for client {ClientId} is applied one by one", tenant.Count(), tenant.Key);
                foreach (var item in tenant)
                {
                    try { await ApplyAsync(item.Snapshot, ct); }
                    catch (Exception one) when (!ct.IsCancellationRequested) { failures[item.Index] = one; }
                }
            }
        }
        return failures;
    }

    private async Task ApplyTenantBatchAsync(Guid tenantId, IReadOnlyList<(Guid CallId, RetellCall Snapshot)> items, CancellationToken ct)
    {
        await using var db = tenants.For(tenantId);
        var ids = items.Select(i => i.CallId).Distinct().ToList();
        var calls = await db.Calls.Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var before = calls.ToDictionary(c => c.Key, c => CallStatsDelta.Of(c.Value));
        foreach (var (callId, snapshot) in items)
        {
            if (calls.TryGetValue(callId, out var call)) Merge(call, snapshot);
            else log.LogWarning("Retell call {RetellCallId} names call {CallId}, which does not exist (voided?)", snapshot.CallId, callId);
        }
        var ended = calls.Values.Where(c => c.Status >= CallStatus.Ended && c.BilledSeconds is null).ToList();
        if (ended.Count > 0)
        {
            var settled = (await ledger.SettleCallsAsync(tenantId, ended.Select(c => new SettleRequest(c.HoldKey, c.RetellCallId, c.DurationSeconds ?? 0)).ToList(), ct))
                .ToDictionary(r => r.HoldKey);
            foreach (var call in ended)
            {
                var result = settled[call.HoldKey];
                (call.BilledSeconds, call.BilledAmount, call.Currency) = (result.BillableSeconds, result.BilledAmount, result.Currency);
            }
        }
        var now = Now;
        var changed = db.ChangeTracker.Entries<Call>().Where(e => e.State == EntityState.Modified).Select(e => e.Entity).ToList();
        foreach (var call in changed)
        {
            call.UpdatedAt = now;
            call.Version++;
        }
        if (changed.Count > 0) await CallStatsRollup.SaveAsync(db, before, ct);
        await DecideLeadsAsync(tenantId, calls.Values.Where(c => c.Outcome is not null).ToList(), ct);
        foreach (var campaignId in changed.Select(c => c.CampaignId).Distinct())
            live.Publish(new LiveEvent(ChangedEvent, tenantId, new { campaign_id = campaignId }));
    }

    private async Task<(Guid TenantId, Guid CallId)?> IdsAsync(RetellCall snapshot, CancellationToken ct)
    {
        if (snapshot.Metadata is { ValueKind: JsonValueKind.Object } metadata
            && metadata.TryGetProperty("client_id", out var c) && Guid.TryParse(c.GetString(), out var tenantId)
            && metadata.TryGetProperty("call_id", out var id) && Guid.TryParse(id.GetString(), out var callId))
            return (tenantId, callId);
        if (string.IsNullOrEmpty(snapshot.CallId)) return null;
        // No metadata (e.g. a call placed outside the platform): only a call we already know by its Retell id is ours.
        await using var db = tenants.Platform();
        var known = await db.Calls.IgnoreQueryFilters().AsNoTracking().Where(x => x.RetellCallId == snapshot.CallId)
            .Select(x => new { x.TenantId, x.Id }).FirstOrDefaultAsync(ct);
        return known is null ? null : (known.TenantId, known.Id);
    }

    private static Dictionary<string, string> Flatten(JsonElement? data)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (data is not { ValueKind: JsonValueKind.Object } obj) return result;
        foreach (var p in obj.EnumerateObject())
            result[p.Name] = p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString()!,
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => p.Value.GetRawText(),
            };
        return result;
    }

    private static DateTime FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}

/// <summary>The webhook inbox's call events, applied through the tracker, a batch at a time.</summary>
public sealed class RetellCallEventHandler(CallTracker tracker) : IVoiceEventBatchHandler
{
    public IReadOnlyCollection<string> EventTypes { get; } = ["call_started", "call_ended", "call_analyzed"];

    public async Task<IReadOnlyDictionary<Guid, Exception>> HandleBatchAsync(IReadOnlyList<(WebhookEvent Stored, JsonElement Payload)> events,
        CancellationToken ct)
    {
        var snapshots = new List<RetellCall>(events.Count);
        var owners = new List<Guid>(events.Count);
        foreach (var (stored, payload) in events)
        {
            if (!payload.TryGetProperty("call", out var call) || call.ValueKind != JsonValueKind.Object) continue;
            if (call.Deserialize<RetellCall>(RetellClient.Json) is not { } snapshot) continue;
            snapshots.Add(snapshot);
            owners.Add(stored.Id);
        }
        var failures = await tracker.ApplyBatchAsync(snapshots, ct);
        return failures.ToDictionary(f => owners[f.Key], f => f.Value);
    }

    public async Task HandleAsync(WebhookEvent stored, JsonElement payload, CancellationToken ct)
    {
        if (!payload.TryGetProperty("call", out var call) || call.ValueKind != JsonValueKind.Object) return;
        var snapshot = call.Deserialize<RetellCall>(RetellClient.Json);
        if (snapshot is not null) await tracker.ApplyAsync(snapshot, ct);
    }
}
