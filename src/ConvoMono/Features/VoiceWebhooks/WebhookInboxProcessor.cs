using System.Text.Json;
using ConvoMono.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.VoiceWebhooks;

/// <summary>Processes stored webhook events in the background: claims a batch (safe with several instances on one
/// database), dispatches each by event type in its own DI scope, and retries failures with backoff until they are
/// given up as failed. Types no handler takes are marked ignored.</summary>
public sealed class WebhookInboxProcessor(IServiceScopeFactory scopes, ConvoMono.Infrastructure.Telemetry.AppMetrics metrics, TimeProvider clock,
    ILogger<WebhookInboxProcessor> log) : BackgroundService
{
    public const int BatchSize = 500;
    public const int MaxAttempts = 10;
    public static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var processed = 0;
            try { processed = await RunOnceAsync(ct); }
            catch (Exception e) when (!ct.IsCancellationRequested) { log.LogError(e, "Webhook inbox pass failed"); }
            if (processed < BatchSize) await Task.Delay(Idle, clock, ct);
        }
    }

    /// <summary>One pass: claims up to <see cref="BatchSize"/> due events and processes them. Returns how many.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var claim = Guid.NewGuid();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var dbs = scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>();
        List<WebhookEvent> events;
        await using (var db = await dbs.CreateDbContextAsync(ct))
            events = await ClaimAsync(db, claim, now, ct);
        if (events.Count == 0) return 0;

        await using (var handlerScope = scopes.CreateAsyncScope())
        {
            var handlers = handlerScope.ServiceProvider.GetServices<IVoiceEventHandler>().ToList();
            foreach (var group in events.GroupBy(e => handlers.FirstOrDefault(h => h.EventTypes.Contains(e.EventType))))
            {
                if (group.Key is IVoiceEventBatchHandler batch) await ProcessBatchAsync(dbs, batch, group.ToList(), ct);
                else foreach (var stored in group) await ProcessAsync(dbs, stored, ct);
            }
        }
        return events.Count;
    }

    /// <summary>Leases up to <see cref="BatchSize"/> due events to this pass. Returns them, oldest first.</summary>
    private static async Task<List<WebhookEvent>> ClaimAsync(AppDbContext db, Guid claim, DateTime now, CancellationToken ct)
    {
        var until = now + ClaimFor;
        if (db.Database.IsNpgsql())
        {
            // One statement that skips rows another transaction holds: a claim never waits for a row lock, so it cannot
            // deadlock with another instance marking its batch processed (a stale two-step claim did, and the loser's batch
            // sat leased until the lease ran out). Rows locked and then found no longer due are dropped by the recheck.
            // RETURNING * hands back the claimed rows themselves: no second read.
            var claimed = await db.WebhookEvents.FromSql($"""
                UPDATE webhook_events SET locked_by = {claim}, locked_until = {until}
                WHERE id IN (SELECT id FROM webhook_events
                             WHERE status = 'Pending' AND next_attempt_at <= {now} AND (locked_until IS NULL OR locked_until < {now})
                             ORDER BY id LIMIT {BatchSize} FOR UPDATE SKIP LOCKED)
                RETURNING *
                """).AsNoTracking().ToListAsync(ct);
            return [.. claimed.OrderBy(e => e.Id)];
        }
        // SQLite has one writer at a time: the conditional update is the claim, and nothing waits on row locks.
        var due = await db.WebhookEvents.AsNoTracking()
            .Where(e => e.Status == WebhookEventStatus.Pending && e.NextAttemptAt <= now && (e.LockedUntil == null || e.LockedUntil < now))
            .OrderBy(e => e.Id).Select(e => e.Id).Take(BatchSize).ToListAsync(ct);
        if (due.Count == 0) return [];
        // Conditional on still being due and unclaimed: another pass that got there first keeps its rows, and rows it has
        // already processed (and unlocked) meanwhile are not taken again.
        await db.WebhookEvents.Where(e => due.Contains(e.Id) && e.Status == WebhookEventStatus.Pending && e.NextAttemptAt <= now
                && (e.LockedUntil == null || e.LockedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.LockedBy, claim).SetProperty(e => e.LockedUntil, until), ct);
        // By primary key (the claimed rows are among the due ones): a scan for locked_by alone would read the whole inbox.
        return await db.WebhookEvents.AsNoTracking().Where(e => due.Contains(e.Id) && e.LockedBy == claim).OrderBy(e => e.Id).ToListAsync(ct);
    }

    /// <summary>Hands a batch handler all its events at once, then records the outcome with one update for the processed
    /// and one per failure (with its backoff).</summary>
    private async Task ProcessBatchAsync(IDbContextFactory<AppDbContext> dbs, IVoiceEventBatchHandler handler, List<WebhookEvent> events, CancellationToken ct)
    {
        var documents = new List<JsonDocument>(events.Count);
        IReadOnlyDictionary<Guid, Exception> failures;
        try
        {
            var batch = new List<(WebhookEvent, JsonElement)>(events.Count);
            foreach (var stored in events)
            {
                var doc = JsonDocument.Parse(stored.Payload);
                documents.Add(doc);
                batch.Add((stored, doc.RootElement));
            }
            failures = await handler.HandleBatchAsync(batch, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            log.LogWarning(e, "A batch of {Count} events failed as a whole", events.Count);
            failures = events.ToDictionary(x => x.Id, _ => e);
        }
        finally
        {
            foreach (var doc in documents) doc.Dispose();
        }

        var done = clock.GetUtcNow().UtcDateTime;
        var processed = events.Where(e => !failures.ContainsKey(e.Id)).Select(e => e.Id).ToList();
        await using var db = await dbs.CreateDbContextAsync(CancellationToken.None);
        if (processed.Count > 0)
            await db.WebhookEvents.Where(e => processed.Contains(e.Id)).ExecuteUpdateAsync(s => s
                .SetProperty(e => e.Status, WebhookEventStatus.Processed).SetProperty(e => e.Attempts, e => e.Attempts + 1)
                .SetProperty(e => e.LastError, (string?)null).SetProperty(e => e.ProcessedAt, done)
                .SetProperty(e => e.LockedBy, (Guid?)null).SetProperty(e => e.LockedUntil, (DateTime?)null), CancellationToken.None);
        foreach (var stored in events.Where(e => !failures.ContainsKey(e.Id))) metrics.WebhookProcessed("processed", (done - stored.ReceivedAt).TotalSeconds);
        foreach (var stored in events.Where(e => failures.ContainsKey(e.Id)))
        {
            var attempts = stored.Attempts + 1;
            var error = failures[stored.Id].GetType().Name + ": " + failures[stored.Id].Message;
            if (error.Length > 2000) error = error[..2000];
            var status = attempts >= MaxAttempts ? WebhookEventStatus.Failed : WebhookEventStatus.Pending;
            var next = done + Backoff(attempts);
            log.LogWarning(failures[stored.Id], "Processing {Provider} event {Type} {Id} failed (attempt {Attempt})", stored.Provider, stored.EventType, stored.Id, attempts);
            metrics.WebhookProcessed(status == WebhookEventStatus.Failed ? "failed" : "retry", 0);
            await db.WebhookEvents.Where(e => e.Id == stored.Id).ExecuteUpdateAsync(s => s
                .SetProperty(e => e.Status, status).SetProperty(e => e.Attempts, attempts).SetProperty(e => e.NextAttemptAt, next)
                .SetProperty(e => e.LastError, error).SetProperty(e => e.ProcessedAt, status == WebhookEventStatus.Pending ? null : done)
                .SetProperty(e => e.LockedBy, (Guid?)null).SetProperty(e => e.LockedUntil, (DateTime?)null), CancellationToken.None);
        }
    }

    private async Task ProcessAsync(IDbContextFactory<AppDbContext> dbs, WebhookEvent stored, CancellationToken ct)
    {
        WebhookEventStatus status;
        string? error = null;
        var attempts = stored.Attempts + 1;
        var next = stored.NextAttemptAt;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var handler = scope.ServiceProvider.GetServices<IVoiceEventHandler>().FirstOrDefault(h => h.EventTypes.Contains(stored.EventType));
            if (handler is null) status = WebhookEventStatus.Ignored;
            else
            {
                try
                {
                    using var payload = JsonDocument.Parse(stored.Payload);
                    await handler.HandleAsync(stored, payload.RootElement, ct);
                    status = WebhookEventStatus.Processed;
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    error = e.GetType().Name + ": " + e.Message;
                    if (error.Length > 2000) error = error[..2000];
                    status = attempts >= MaxAttempts ? WebhookEventStatus.Failed : WebhookEventStatus.Pending;
                    next = clock.GetUtcNow().UtcDateTime + Backoff(attempts);
                    log.LogWarning(e, "Processing {Provider} event {Type} {Id} failed (attempt {Attempt})", stored.Provider, stored.EventType, stored.Id, attempts);
                }
            }
        }
        var done = clock.GetUtcNow().UtcDateTime;
        metrics.WebhookProcessed(status switch
        {
            WebhookEventStatus.Processed => "processed", WebhookEventStatus.Ignored => "ignored", WebhookEventStatus.Failed => "failed", _ => "retry",
        }, (done - stored.ReceivedAt).TotalSeconds);
        await using var db = await dbs.CreateDbContextAsync(CancellationToken.None);
        await db.WebhookEvents.Where(e => e.Id == stored.Id).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.Status, status).SetProperty(e => e.Attempts, attempts).SetProperty(e => e.NextAttemptAt, next)
            .SetProperty(e => e.LastError, error).SetProperty(e => e.ProcessedAt, status == WebhookEventStatus.Pending ? null : done)
            .SetProperty(e => e.LockedBy, (Guid?)null).SetProperty(e => e.LockedUntil, (DateTime?)null), CancellationToken.None);
    }

    /// <summary>5 s, 10 s, 20 s … capped at 30 minutes.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(5 * Math.Pow(2, attempts - 1), 1800));
}
