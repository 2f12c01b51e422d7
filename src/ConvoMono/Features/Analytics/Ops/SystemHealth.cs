using System.Diagnostics;
using ConvoMono.Features.Calls;
using ConvoMono.Features.Campaigns;
using ConvoMono.Features.Leads;
using ConvoMono.Features.VoiceWebhooks;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Phones;
using ConvoMono.Infrastructure.Voice;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConvoMono.Features.Analytics.Ops;

public sealed record FailedEventDto(Guid Id, string Provider, string EventType, string? ProviderCallId, int Attempts, DateTime ReceivedAt,
    DateTime? ProcessedAt, string? Error);

/// <summary>The webhook inbox: events waiting (and how long the oldest has waited: the intake lag), waiting after a failed
/// attempt, processed in the last five minutes, and given up after every retry.</summary>
public sealed record WebhookHealthDto(int Pending, int Retrying, DateTime? OldestPendingAt, double? OldestPendingSeconds, int ProcessedLast5Minutes,
    int Failed, IReadOnlyList<FailedEventDto> LastFailures);

/// <summary>What the dispatcher has to do: campaigns running or waiting for their start, leads due now in running
/// campaigns, and calls not yet ended (being dispatched, queued at Retell, ringing or talking).</summary>
public sealed record DispatcherHealthDto(int RunningCampaigns, int ScheduledCampaigns, int PausedCampaigns, long DueLeads, int LiveCalls);

public sealed record RetellHealthDto(string Mode, bool Reachable, double? LatencyMs, int? ConcurrencyInUse, int? ConcurrencyLimit, string? Error);

public sealed record DatabaseHealthDto(string Provider, bool Reachable, double? LatencyMs, int PendingMigrations, string? Error);

/// <summary>The platform at a glance. <see cref="Status"/>: <c>down</c> when the database cannot be reached,
/// <c>degraded</c> when Retell cannot, events failed for good, or the oldest waiting event is older than a minute.</summary>
public sealed record SystemHealthDto(DateTime CheckedAt, string Status, IReadOnlyList<string> Problems, DatabaseHealthDto Database, RetellHealthDto Retell,
    WebhookHealthDto Webhooks, DispatcherHealthDto Dispatcher, long ErrorsLogged, IReadOnlyList<LogEntryDto> RecentErrors);

public sealed class SystemHealthHandler(TenantDbFactory tenants, RetellClient retell, IOptions<RetellOptions> retellOptions, RecentErrorsLog errors,
    TimeProvider clock)
{
    /// <summary>How long the health page waits for Retell or the database before it calls them unreachable.</summary>
    public static readonly TimeSpan TimeBox = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan LagWarning = TimeSpan.FromMinutes(1);

    public async Task<SystemHealthDto> HandleAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var retellCheck = RetellAsync(ct); // meanwhile, the database
        var database = await DatabaseAsync(ct);
        WebhookHealthDto? webhooks = null;
        DispatcherHealthDto? dispatcher = null;
        if (database.Reachable)
        {
            await using var db = tenants.Platform();
            webhooks = await WebhooksAsync(db, now, ct);
            dispatcher = await DispatcherAsync(db, now, ct);
        }
        var retellHealth = await retellCheck;

        var problems = new List<string>();
        if (!database.Reachable) problems.Add("The database cannot be reached.");
        else if (database.PendingMigrations > 0) problems.Add($"The database schema is {database.PendingMigrations} migration(s) behind.");
        if (!retellHealth.Reachable) problems.Add("Retell cannot be reached.");
        if (webhooks is { Failed: > 0 }) problems.Add($"{webhooks.Failed:N0} webhook event(s) failed after every retry.");
        if (webhooks?.OldestPendingSeconds > LagWarning.TotalSeconds) problems.Add($"The oldest waiting webhook event is {webhooks.OldestPendingSeconds:N0} s old.");
        var status = !database.Reachable ? "down" : problems.Count > 0 ? "degraded" : "ok";
        return new SystemHealthDto(now, status, problems, database, retellHealth,
            webhooks ?? new WebhookHealthDto(0, 0, null, null, 0, 0, []), dispatcher ?? new DispatcherHealthDto(0, 0, 0, 0, 0),
            errors.Total, errors.Snapshot());
    }

    private async Task<DatabaseHealthDto> DatabaseAsync(CancellationToken ct)
    {
        await using var db = tenants.Platform();
        var provider = db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true ? "PostgreSQL" : "SQLite";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeBox);
        var watch = Stopwatch.StartNew();
        try
        {
            await db.Database.ExecuteSqlRawAsync("SELECT 1", timeout.Token);
            var latency = Math.Round(watch.Elapsed.TotalMilliseconds, 1);
            var pending = (await db.Database.GetPendingMigrationsAsync(timeout.Token)).Count();
            return new DatabaseHealthDto(provider, true, latency, pending, null);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            return new DatabaseHealthDto(provider, false, null, 0, e is OperationCanceledException ? $"No answer within {TimeBox.TotalSeconds:0} s." : PhoneMask.Mask(e.Message));
        }
    }

    private async Task<RetellHealthDto> RetellAsync(CancellationToken ct)
    {
        var mode = retellOptions.Value.IsSimulator ? "Simulator" : "Live";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeBox);
        var watch = Stopwatch.StartNew();
        try
        {
            var concurrency = await retell.GetConcurrencyAsync(timeout.Token);
            return new RetellHealthDto(mode, true, Math.Round(watch.Elapsed.TotalMilliseconds, 1), concurrency.CurrentConcurrency, concurrency.ConcurrencyLimit, null);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is RetellApiException or HttpRequestException or OperationCanceledException
                                      or System.Text.Json.JsonException)
        {
            var error = e switch
            {
                OperationCanceledException => $"No answer within {TimeBox.TotalSeconds:0} s.",
                RetellApiException api => $"HTTP {api.Status}: {api.RetellMessage}",
                _ => e.Message,
            };
            return new RetellHealthDto(mode, false, null, null, null, PhoneMask.Mask(error));
        }
    }

    private static async Task<WebhookHealthDto> WebhooksAsync(AppDbContext db, DateTime now, CancellationToken ct)
    {
        // Platform data (not tenant-owned). Every count below walks the (status, id) or (status, processed_at) index.
        var events = db.WebhookEvents.AsNoTracking();
        var pending = events.Where(e => e.Status == WebhookEventStatus.Pending);
        var pendingCount = await pending.CountAsync(ct);
        var retrying = pendingCount == 0 ? 0 : await pending.CountAsync(e => e.Attempts > 0, ct);
        DateTime? oldest = pendingCount == 0 ? null : await pending.OrderBy(e => e.Id).Select(e => (DateTime?)e.ReceivedAt).FirstOrDefaultAsync(ct);
        var since = now.AddMinutes(-5);
        var processed = await events.CountAsync(e => e.Status == WebhookEventStatus.Processed && e.ProcessedAt >= since, ct);
        var failed = events.Where(e => e.Status == WebhookEventStatus.Failed);
        var failedCount = await failed.CountAsync(ct);
        var last = failedCount == 0 ? [] : await failed.OrderByDescending(e => e.Id).Take(10)
            .Select(e => new FailedEventDto(e.Id, e.Provider, e.EventType, e.ProviderCallId, e.Attempts, e.ReceivedAt, e.ProcessedAt, e.LastError))
            .ToListAsync(ct);
        return new WebhookHealthDto(pendingCount, retrying, oldest, oldest is { } at ? Math.Max(0, Math.Round((now - at).TotalSeconds, 1)) : null, processed,
            failedCount, last.Select(f => f with { Error = f.Error is null ? null : PhoneMask.Mask(f.Error) }).ToList());
    }

    private static async Task<DispatcherHealthDto> DispatcherAsync(AppDbContext db, DateTime now, CancellationToken ct)
    {
        // The dispatcher's queue across every client.
        var byStatus = await db.Campaigns.IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.Status == CampaignStatus.Running || c.Status == CampaignStatus.Scheduled || c.Status == CampaignStatus.Paused)
            .GroupBy(c => c.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Status, g => g.Count, ct);
        var running = await db.Campaigns.IgnoreQueryFilters().AsNoTracking().Where(c => c.Status == CampaignStatus.Running).Select(c => c.Id).ToListAsync(ct);
        // As the dispatcher picks them: new leads, and retries whose delay has passed.
        var due = running.Count == 0 ? 0 : await db.Leads.IgnoreQueryFilters().AsNoTracking()
            .Where(l => running.Contains(l.CampaignId) && (l.Status == LeadStatus.Pending || l.Status == LeadStatus.Retry && l.NextAttemptAt <= now))
            .LongCountAsync(ct);
        var live = await db.Calls.IgnoreQueryFilters().AsNoTracking().CountAsync(c => c.Status == CallStatus.Dispatching || c.Status == CallStatus.Queued
            || c.Status == CallStatus.Registered || c.Status == CallStatus.Ongoing, ct);
        return new DispatcherHealthDto(byStatus.GetValueOrDefault(CampaignStatus.Running), byStatus.GetValueOrDefault(CampaignStatus.Scheduled),
            byStatus.GetValueOrDefault(CampaignStatus.Paused), due, live);
    }
}
