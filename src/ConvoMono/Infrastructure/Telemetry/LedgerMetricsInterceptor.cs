using System.Runtime.CompilerServices;
using ConvoMono.Features.Credits;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ConvoMono.Infrastructure.Telemetry;

/// <summary>Counts the ledger entries each save writes, by kind, wherever in the code they are added. Counted when the save
/// succeeds; a save inside a transaction that is later rolled back (a retried conflict) counts too, so the counter may
/// run slightly ahead of the ledger under contention.</summary>
public sealed class LedgerMetricsInterceptor(AppMetrics metrics) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, string[]> _pending = new();

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken ct = default)
    {
        Collect(eventData.Context);
        return base.SavingChangesAsync(eventData, result, ct);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return base.SavingChanges(eventData, result);
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken ct = default)
    {
        Flush(eventData.Context);
        return base.SavedChangesAsync(eventData, result, ct);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Flush(eventData.Context);
        return base.SavedChanges(eventData, result);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken ct = default)
    {
        if (eventData.Context is { } context) _pending.Remove(context);
        return base.SaveChangesFailedAsync(eventData, ct);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context is { } context) _pending.Remove(context);
        base.SaveChangesFailed(eventData);
    }

    private void Collect(DbContext? context)
    {
        if (context is null) return;
        // Added entries are known without a change scan (Add sets the state), and SaveChanges scans right after: skip ours.
        var tracker = context.ChangeTracker;
        var auto = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        string[] kinds;
        try
        {
            kinds = tracker.Entries<CreditEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity.Kind.ToString().ToLowerInvariant()).ToArray();
        }
        finally { tracker.AutoDetectChangesEnabled = auto; }
        if (kinds.Length > 0) _pending.AddOrUpdate(context, kinds);
        else _pending.Remove(context);
    }

    private void Flush(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var kinds)) return;
        _pending.Remove(context);
        foreach (var kind in kinds) metrics.LedgerEntry(kind);
    }
}
