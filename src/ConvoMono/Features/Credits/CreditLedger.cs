using ConvoMono.Features.Audit;
using ConvoMono.Features.Clients;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Realtime;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Credits;

/// <summary>Every change to a client's credit: admin grants and adjustments, and the holds and settlements the dialer
/// makes. Each operation is one transaction that writes its ledger entries and moves the totals row with a
/// conditional update, so available credit never goes below zero, and each is idempotent by its key.</summary>
public sealed class CreditLedger(TenantDbFactory dbs, TimeProvider clock, LiveNotifier live, Infrastructure.Telemetry.AppMetrics metrics)
{
    public const string ChangedEvent = "credits.changed";

    /// <summary>Opens a new client's account (and its first grant) inside the caller's transaction.</summary>
    public static void OpenAccount(AppDbContext db, Guid tenantId, long initialSeconds, string currency, string? actor, DateTime now)
    {
        db.ClientCredits.Add(new ClientCredit { TenantId = tenantId, BalanceSeconds = initialSeconds, UpdatedAt = now });
        if (initialSeconds > 0)
            db.CreditEntries.Add(CreditEntry.Create(tenantId, CreditEntryKind.Grant, initialSeconds, now, actor, "Initial credit",
                currency: currency));
    }

    public async Task<CreditBalanceDto> GetBalanceAsync(Guid tenantId, CancellationToken ct)
    {
        await using var db = dbs.For(tenantId);
        var row = await db.ClientCredits.AsNoTracking().FirstOrDefaultAsync(ct) ?? new ClientCredit { TenantId = tenantId };
        return CreditBalanceDto.From(row.BalanceSeconds, row.HeldSeconds, row.LowBalanceThresholdSeconds);
    }

    public async Task<CreditEntryDto> GrantAsync(Guid tenantId, long seconds, decimal? amountPaid, string? reason, TenantContext actor, CancellationToken ct)
    {
        if (seconds <= 0) throw new DomainException("credits.invalid_amount", "A grant must add a positive number of minutes.", field: "minutes");
        if (amountPaid < 0) throw new DomainException("credits.invalid_amount_paid", "The amount paid cannot be negative.", field: "amount_paid");
        return await AdminChangeAsync(tenantId, CreditEntryKind.Grant, seconds, amountPaid, reason, actor, ct);
    }

    public async Task<CreditEntryDto> AdjustAsync(Guid tenantId, long seconds, string? reason, TenantContext actor, CancellationToken ct)
    {
        if (seconds == 0) throw new DomainException("credits.invalid_amount", "An adjustment must change the balance.", field: "minutes");
        if (string.IsNullOrWhiteSpace(reason))
            throw new DomainException("credits.reason_required", "An adjustment needs a reason.", StatusCodes.Status400BadRequest, "reason");
        return await AdminChangeAsync(tenantId, CreditEntryKind.Adjust, seconds, null, reason, actor, ct);
    }

    private async Task<CreditEntryDto> AdminChangeAsync(Guid tenantId, CreditEntryKind kind, long seconds, decimal? amountPaid, string? reason,
        TenantContext actor, CancellationToken ct)
    {
        var now = Now;
        await using var db = dbs.For(tenantId, actor.ActorName ?? "system");
        var currency = await CurrencyAsync(db, tenantId, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // A negative adjustment may not take available below zero; a positive change always applies.
        if (!await MoveAsync(db, tenantId, seconds, 0, seconds < 0 ? -seconds : 0, now, ct))
            throw Insufficient("The adjustment would take the client's available credit below zero.");
        var before = await db.ClientCredits.AsNoTracking().Select(c => c.BalanceSeconds - seconds).FirstAsync(ct);
        var entry = CreditEntry.Create(tenantId, kind, seconds, now, actor.ActorName, reason?.Trim(), amountPaid: amountPaid,
            currency: amountPaid is null ? null : currency);
        db.CreditEntries.Add(entry);
        db.AuditEntries.Add(AuditEntry.Record(actor, kind == CreditEntryKind.Grant ? "credits.granted" : "credits.adjusted", "credit_entry",
            entry.Id, tenantId, new { balance_seconds = before }, new { balance_seconds = before + seconds, seconds, amount_paid = amountPaid }, now,
            reason));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        Changed(tenantId);
        return entry.ToDto();
    }

    public async Task SetLowBalanceThresholdAsync(Guid tenantId, long seconds, TenantContext actor, CancellationToken ct)
    {
        if (seconds < 0) throw new DomainException("credits.invalid_threshold", "The threshold cannot be negative.", StatusCodes.Status400BadRequest, "minutes");
        var now = Now;
        await using var db = dbs.For(tenantId, actor.ActorName ?? "system");
        // The change and its audit entry commit together: no threshold change goes unaudited.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var before = await db.ClientCredits.Select(c => c.LowBalanceThresholdSeconds).FirstOrDefaultAsync(ct);
        await db.ClientCredits.ExecuteUpdateAsync(s => s.SetProperty(c => c.LowBalanceThresholdSeconds, seconds), ct);
        db.AuditEntries.Add(AuditEntry.Record(actor, "credits.threshold_changed", "client", tenantId, tenantId,
            new { low_balance_threshold_seconds = before }, new { low_balance_threshold_seconds = seconds }, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        Changed(tenantId);
    }

    /// <summary>Sets aside a campaign's estimated usage at launch. Idempotent per campaign.</summary>
    public Task<HoldResult> ReserveForCampaignAsync(Guid tenantId, Guid campaignId, long seconds, CancellationToken ct) =>
        PlaceHoldAsync(tenantId, campaignId, CreditHold.CampaignKey(campaignId), CreditHoldKind.Campaign, seconds, ct);

    /// <summary>Holds one call's worst case before it is dispatched: from the campaign's reservation when it still
    /// covers it, else from available credit. Idempotent by <paramref name="key"/> (e.g. campaign, lead and attempt).</summary>
    public Task<HoldResult> PlaceCallHoldAsync(Guid tenantId, Guid campaignId, string key, long seconds, CancellationToken ct) =>
        PlaceHoldAsync(tenantId, campaignId, key, CreditHoldKind.Call, seconds, ct);

    /// <summary>Holds a wave of calls of one campaign in one transaction when the reservation, or else available
    /// credit, covers all of them; otherwise places them one by one in order, as far as credit goes. Returns each
    /// call's hold, or null where credit ran out.</summary>
    public async Task<IReadOnlyList<HoldResult?>> PlaceCallHoldsAsync(Guid tenantId, Guid campaignId, IReadOnlyList<HoldRequest> calls, CancellationToken ct)
    {
        if (calls.Any(c => c.Seconds <= 0)) throw new DomainException("credits.invalid_hold", "A hold must be for a positive number of seconds.");
        var now = Now;
        await using (var db = dbs.For(tenantId))
        {
            var keys = calls.Select(c => c.Key).ToList();
            var existing = await db.CreditHolds.AsNoTracking().AnyAsync(h => keys.Contains(h.Key), ct);
            if (!existing && keys.Distinct().Count() == keys.Count)
            {
                var total = calls.Sum(c => c.Seconds);
                var reservationKey = CreditHold.CampaignKey(campaignId);
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var fromReservation = await db.CreditHolds
                    .Where(h => h.Key == reservationKey && !h.Closed && h.RemainingSeconds >= total)
                    .ExecuteUpdateAsync(x => x.SetProperty(h => h.RemainingSeconds, h => h.RemainingSeconds - total), ct) == 1;
                if (fromReservation || await MoveAsync(db, tenantId, 0, total, total, now, ct))
                {
                    var holds = calls.Select(c => new CreditHold
                    {
                        TenantId = tenantId, Key = c.Key, Kind = CreditHoldKind.Call, CampaignId = campaignId, Seconds = c.Seconds,
                        RemainingSeconds = c.Seconds, FromReservation = fromReservation, CreatedAt = now,
                    }).ToList();
                    if (!fromReservation)
                        db.CreditEntries.AddRange(holds.Select(h => CreditEntry.Create(tenantId, CreditEntryKind.Reserve, -h.Seconds, now, "system",
                            "Call hold", campaignId, h.Id, idempotencyKey: "reserve:" + h.Key, callId: CreditHold.CallIdOf(h.Key))));
                    try
                    {
                        // A wave's holds in one statement (the dispatcher's hot path); ledger entries, when any, through
                        // SaveChanges as everywhere (the ledger's metrics count them there).
                        await RowWriter.InsertAsync(db, holds, ct);
                        await db.SaveChangesAsync(ct);
                        await tx.CommitAsync(ct);
                        Changed(tenantId);
                        return holds.Select(h => (HoldResult?)Result(h, alreadyPlaced: false)).ToList();
                    }
                    catch (Exception e) when (DbErrors.IsConflict(e))
                    {
                        await tx.RollbackAsync(CancellationToken.None); // a key was taken meanwhile: go one by one
                    }
                }
                else await tx.RollbackAsync(CancellationToken.None);
            }
        }

        var results = new List<HoldResult?>(calls.Count);
        foreach (var call in calls)
        {
            try { results.Add(await PlaceCallHoldAsync(tenantId, campaignId, call.Key, call.Seconds, ct)); }
            catch (DomainException e) when (e.Code == "credits.insufficient") { results.Add(null); }
        }
        return results;
    }

    private async Task<HoldResult> PlaceHoldAsync(Guid tenantId, Guid campaignId, string key, CreditHoldKind kind, long seconds, CancellationToken ct)
    {
        if (seconds <= 0) throw new DomainException("credits.invalid_hold", "A hold must be for a positive number of seconds.");
        var now = Now;
        await using var db = dbs.For(tenantId);
        if (await FindHoldAsync(db, key, ct) is { } existing) return Result(existing, alreadyPlaced: true);

        var hold = new CreditHold
        {
            TenantId = tenantId, Key = key, Kind = kind, CampaignId = campaignId, Seconds = seconds, RemainingSeconds = seconds, CreatedAt = now,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (kind == CreditHoldKind.Call)
        {
            var reservationKey = CreditHold.CampaignKey(campaignId);
            hold.FromReservation = await db.CreditHolds
                .Where(h => h.Key == reservationKey && !h.Closed && h.RemainingSeconds >= seconds)
                .ExecuteUpdateAsync(s => s.SetProperty(h => h.RemainingSeconds, h => h.RemainingSeconds - seconds), ct) == 1;
        }
        if (!hold.FromReservation)
        {
            if (!await MoveAsync(db, tenantId, 0, seconds, seconds, now, ct))
                throw Insufficient(kind == CreditHoldKind.Campaign
                    ? "Available credit does not cover this campaign's estimated minutes."
                    : "Available credit does not cover this call's maximum duration.");
            db.CreditEntries.Add(CreditEntry.Create(tenantId, CreditEntryKind.Reserve, -seconds, now, "system",
                kind == CreditHoldKind.Campaign ? "Campaign reservation" : "Call hold", campaignId, hold.Id, idempotencyKey: "reserve:" + key,
                callId: CreditHold.CallIdOf(key)));
        }
        db.CreditHolds.Add(hold);
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (Exception e) when (DbErrors.IsConflict(e))
        {
            // Another instance placed the same hold first: theirs stands, ours rolls back.
            await tx.RollbackAsync(CancellationToken.None);
            await using var again = dbs.For(tenantId);
            return Result(await FindHoldAsync(again, key, ct) ?? throw new InvalidOperationException("Hold insert failed: " + key), alreadyPlaced: true);
        }
        Changed(tenantId);
        return Result(hold, alreadyPlaced: false);
    }

    /// <summary>Ends a call: consumes its billable seconds (connected seconds rounded up to the client's increment,
    /// never above the hold) and returns the rest of the hold. Idempotent: a duplicate, late or replayed settle
    /// returns the first result and bills nothing.</summary>
    public async Task<SettleResult> SettleCallAsync(Guid tenantId, string key, string? retellCallId, long connectedSeconds, CancellationToken ct) =>
        (await SettleCallsAsync(tenantId, [new SettleRequest(key, retellCallId, connectedSeconds)], ct))[0];

    /// <summary>Settles many calls of one client in one transaction (the webhook processor's batches): one commit and
    /// one update of the totals row for all of them. Same rules and idempotency as <see cref="SettleCallAsync"/>;
    /// a hold closed meanwhile by another instance makes the batch start over and report it as already settled.</summary>
    public async Task<IReadOnlyList<SettleResult>> SettleCallsAsync(Guid tenantId, IReadOnlyList<SettleRequest> calls, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var now = Now;
            await using var db = dbs.For(tenantId);
            var keys = calls.Select(c => c.HoldKey).Distinct().ToList();
            var holds = await db.CreditHolds.Where(h => keys.Contains(h.Key)).ToDictionaryAsync(h => h.Key, ct);
            if (keys.FirstOrDefault(k => !holds.ContainsKey(k)) is { } missing)
                throw new DomainException("credits.hold_not_found", $"No credit hold '{missing}' exists for this client.", StatusCodes.Status404NotFound);
            var client = await db.Clients.AsNoTracking().Where(c => c.Id == tenantId)
                .Select(c => new { c.BillingIncrementSeconds, c.BillingRatePerMinute, c.Currency }).FirstAsync(ct);

            var results = new List<SettleResult>(calls.Count);
            var closing = holds.Values.Where(h => !h.Closed).Select(h => h.Id).ToList();
            if (closing.Count == 0) return calls.Select(c => Settled(holds[c.HoldKey], client.Currency, already: true)).ToList();

            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                // One guarded statement closes every hold of the batch first: it takes their row locks in index order (no
                // deadlock between overlapping batches) and fails the batch if another settle closed one meanwhile.
                var closed = await db.CreditHolds.Where(h => closing.Contains(h.Id) && !h.Closed)
                    .ExecuteUpdateAsync(x => x.SetProperty(h => h.Closed, true).SetProperty(h => h.ClosedAt, now), ct);
                if (closed != closing.Count)
                {
                    await tx.RollbackAsync(CancellationToken.None);
                    continue;
                }
                long consumed = 0, released = 0;
                var entries = new List<CreditEntry>(calls.Count * 2);
                foreach (var call in calls)
                {
                    var hold = holds[call.HoldKey];
                    if (hold.Closed)
                    {
                        results.Add(Settled(hold, client.Currency, already: true));
                        continue;
                    }
                    var billable = Math.Min(Pricing.BillableSeconds(call.ConnectedSeconds, client.BillingIncrementSeconds), hold.Seconds);
                    var amount = Pricing.Amount(billable, client.BillingRatePerMinute, client.Currency);
                    hold.Closed = true;
                    hold.ClosedAt = now;
                    hold.RemainingSeconds = 0;
                    hold.RetellCallId = call.RetellCallId;
                    hold.BilledSeconds = billable;
                    hold.BilledAmount = amount;
                    if (billable > 0)
                        entries.Add(CreditEntry.Create(tenantId, CreditEntryKind.Consume, -billable, now, "system", "Call", hold.CampaignId, hold.Id,
                            call.RetellCallId, "consume:" + hold.Key, billedAmount: amount, currency: client.Currency, callId: CreditHold.CallIdOf(hold.Key)));
                    entries.Add(CreditEntry.Create(tenantId, CreditEntryKind.Release, hold.Seconds, now, "system", "Call hold returned",
                        hold.CampaignId, hold.Id, call.RetellCallId, "release:" + hold.Key, callId: CreditHold.CallIdOf(hold.Key)));
                    consumed += billable;
                    released += hold.Seconds;
                    results.Add(Settled(hold, client.Currency, already: false));
                }
                // The batch's holds and entries as a few statements (the webhook processor's hot path), not one SaveChanges
                // of many rows; the ledger's metrics count the entries once committed.
                await RowWriter.UpdateModifiedAsync<CreditHold>(db, ct);
                await RowWriter.InsertAsync(db, entries, ct);
                await MoveAsync(db, tenantId, -consumed, -released, 0, now, ct);
                await tx.CommitAsync(ct);
                foreach (var entry in entries) metrics.LedgerEntry(entry.Kind.ToString().ToLowerInvariant());
            }
            catch (Exception e) when (attempt < 10 && DbErrors.IsConflict(e))
            {
                await tx.RollbackAsync(CancellationToken.None);
                continue;
            }
            Changed(tenantId);
            return results;
        }
    }

    /// <summary>Returns what is left of a campaign's reservation (completed, cancelled, paused for long). Idempotent.</summary>
    public async Task<long> ReleaseCampaignAsync(Guid tenantId, Guid campaignId, CancellationToken ct)
    {
        var key = CreditHold.CampaignKey(campaignId);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var now = Now;
            await using var db = dbs.For(tenantId);
            if (await FindHoldAsync(db, key, ct) is not { Closed: false } hold) return 0;
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // Conditional on the remainder we read: a call hold drawn meanwhile makes us read again.
            var remaining = hold.RemainingSeconds;
            if (await db.CreditHolds.Where(h => h.Id == hold.Id && !h.Closed && h.RemainingSeconds == remaining).ExecuteUpdateAsync(s => s
                    .SetProperty(h => h.Closed, true).SetProperty(h => h.ClosedAt, now).SetProperty(h => h.RemainingSeconds, 0L), ct) == 0)
            {
                await tx.RollbackAsync(CancellationToken.None);
                continue;
            }
            // Call holds drawn from the reservation took their share with them (each returned at its settle),
            // so what returns here is the remainder.
            if (remaining > 0)
                db.CreditEntries.Add(CreditEntry.Create(tenantId, CreditEntryKind.Release, remaining, now, "system", "Campaign reservation released",
                    campaignId, hold.Id, idempotencyKey: "release:" + key));
            await MoveAsync(db, tenantId, 0, -remaining, 0, now, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            Changed(tenantId);
            return remaining;
        }
        throw new DbUpdateConcurrencyException("The campaign's reservation kept changing while it was being released.");
    }

    private static async Task<bool> MoveAsync(AppDbContext db, Guid tenantId, long balanceDelta, long heldDelta, long requiredAvailable,
        DateTime now, CancellationToken ct)
    {
        var row = db.ClientCredits.Where(c => c.TenantId == tenantId);
        if (requiredAvailable > 0) row = row.Where(c => c.BalanceSeconds - c.HeldSeconds >= requiredAvailable);
        return await row.ExecuteUpdateAsync(s => s
            .SetProperty(c => c.BalanceSeconds, c => c.BalanceSeconds + balanceDelta)
            .SetProperty(c => c.HeldSeconds, c => c.HeldSeconds + heldDelta)
            .SetProperty(c => c.UpdatedAt, now), ct) == 1;
    }

    private static Task<CreditHold?> FindHoldAsync(AppDbContext db, string key, CancellationToken ct) =>
        db.CreditHolds.AsNoTracking().FirstOrDefaultAsync(h => h.Key == key, ct);

    private static async Task<string> CurrencyAsync(AppDbContext db, Guid tenantId, CancellationToken ct) =>
        await db.Clients.Where(c => c.Id == tenantId).Select(c => c.Currency).FirstOrDefaultAsync(ct)
        ?? throw new DomainException("clients.not_found", "The client does not exist.", StatusCodes.Status404NotFound);

    private static HoldResult Result(CreditHold hold, bool alreadyPlaced) => new(hold.Id, hold.Key, hold.Seconds, hold.FromReservation, alreadyPlaced);

    private static SettleResult Settled(CreditHold hold, string currency, bool already) =>
        new(hold.Key, hold.RetellCallId, hold.BilledSeconds ?? 0, hold.BilledAmount ?? 0m, currency, already);

    private static DomainException Insufficient(string message) => new("credits.insufficient", message);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private void Changed(Guid tenantId) => live.Publish(new LiveEvent(ChangedEvent, tenantId));
}
