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
/// (conditional on it still waiting for this attempt).</summary>
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
            Merge(call, snapshot);
            if (call.Status >= CallStatus.Ended && call.BilledSeconds is null) await SettleAsync(call, snapshot, ct);
            if (!db.ChangeTracker.HasChanges()) break;
            call.UpdatedAt = Now;
            call.Version++;
            try
            {
                await db.SaveChangesAsync(ct);
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
            var settled = await ledger.SettleCallAsync(call.TenantId, call.HoldKey, call.RetellCallId, CallOutcomes.ConnectedSeconds(snapshot), ct);
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

    public async Task DecideLeadAsync(Call call, CallOutcome outcome, CancellationToken ct)
    {
        await using var db = tenants.For(call.TenantId);
        var rules = await db.Campaigns.AsNoTracking().Where(c => c.Id == call.CampaignId)
            .Select(c => new { c.RetryOn, c.RetryMaxAttempts, c.RetryDelayMinutes }).FirstAsync(ct);
        var (retryOn, maxAttempts, delayMinutes) = (rules.RetryOn, rules.RetryMaxAttempts, rules.RetryDelayMinutes);
        var now = Now;
        DateTime? nextAt = null;
        LeadStatus status;
        var asksNoMoreCalls = call.Analysis.TryGetValue(CampaignRetellSync.DoNotCallField, out var dncValue) && bool.TryParse(dncValue, out var dncFlag) && dncFlag;
        if (asksNoMoreCalls) status = LeadStatus.DoNotCall;
        else if (outcome == CallOutcome.Converted) status = LeadStatus.Converted;
        else if (outcome == CallOutcome.NotConverted) status = LeadStatus.NotConverted;
        else if (CallOutcomes.InvalidNumber(call.DisconnectionReason)) status = LeadStatus.Invalid;
        else if (retryOn.Contains(CallOutcomes.RetryName(outcome)!) && call.Attempt < maxAttempts)
        {
            status = LeadStatus.Retry;
            nextAt = now.AddMinutes(delayMinutes);
        }
        else status = LeadStatus.Exhausted;

        var decided = await db.Leads.Where(l => l.Id == call.LeadId && l.Status == LeadStatus.Dialing && l.Attempts == call.Attempt)
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.Status, status).SetProperty(l => l.NextAttemptAt, nextAt).SetProperty(l => l.UpdatedAt, now), ct);
        if (asksNoMoreCalls)
            await dnc.AddFromCallAsync(call.TenantId, call.ToNumber, "Asked not to be called again during a call", ct);
        if (decided == 1) live.Publish(new LiveEvent(LeadImporter.ChangedEvent, call.TenantId, new { campaign_id = call.CampaignId }));
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

/// <summary>The webhook inbox's call events, applied through the tracker.</summary>
public sealed class RetellCallEventHandler(CallTracker tracker) : IVoiceEventHandler
{
    public IReadOnlyCollection<string> EventTypes { get; } = ["call_started", "call_ended", "call_analyzed"];

    public async Task HandleAsync(WebhookEvent stored, JsonElement payload, CancellationToken ct)
    {
        if (!payload.TryGetProperty("call", out var call) || call.ValueKind != JsonValueKind.Object) return;
        var snapshot = call.Deserialize<RetellCall>(RetellClient.Json);
        if (snapshot is not null) await tracker.ApplyAsync(snapshot, ct);
    }
}
