using ConvoMono.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.KnowledgeBases;

/// <summary>Follows knowledge bases that are in progress: sends those Retell does not have yet (a request that died before
/// sending) and polls Retell's indexing of the others until complete or error. Each knowledge base is claimed with a
/// conditional update first, so several app instances on one database never work on the same one.</summary>
public sealed class KnowledgeBaseSyncJob(IServiceScopeFactory scopes, TenantDbFactory tenants, TimeProvider clock, ILogger<KnowledgeBaseSyncJob> log)
    : BackgroundService
{
    public const int BatchSize = 50;
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Period, clock);
        while (await timer.WaitForNextTickAsync(ct))
        {
            try { await RunOnceAsync(ct); }
            catch (Exception e) when (!ct.IsCancellationRequested) { log.LogError(e, "Knowledge base sync pass failed"); }
        }
    }

    /// <summary>One pass over the due knowledge bases of every tenant. Returns how many this instance worked on.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var sync = scope.ServiceProvider.GetRequiredService<KnowledgeBaseSync>();
        List<(Guid Id, Guid TenantId, DateTime? NextCheckAt)> due;
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct))
        {
            // Platform job: it looks across tenants only to find the due ones; each is then read and changed in a context
            // for its own tenant, with the tenant filter on.
            due = (await db.KnowledgeBases.IgnoreQueryFilters().AsNoTracking()
                    .Where(k => k.Status == KnowledgeBaseStatus.InProgress && k.NextCheckAt <= now)
                    .OrderBy(k => k.NextCheckAt).Take(BatchSize)
                    .Select(k => new { k.Id, k.TenantId, k.NextCheckAt }).ToListAsync(ct))
                .Select(k => (k.Id, k.TenantId, k.NextCheckAt)).ToList();
        }

        var worked = 0;
        foreach (var (id, tenantId, seen) in due)
        {
            await using var db = tenants.For(tenantId, "knowledge-base-sync");
            // Only if nobody moved NextCheckAt since it was read: an instance that got there first keeps it.
            var until = now + KnowledgeBaseSync.HoldFor;
            var claimed = await db.KnowledgeBases
                .Where(k => k.Id == id && k.Status == KnowledgeBaseStatus.InProgress && k.NextCheckAt == seen)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.NextCheckAt, until), ct);
            if (claimed == 0) continue;
            var kb = await db.KnowledgeBases.SingleAsync(k => k.Id == id, ct);
            try
            {
                await sync.CheckAsync(db, kb, ct);
                worked++;
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                log.LogError(e, "Syncing knowledge base {Id} failed; the claim lapses and a later pass tries again", id);
            }
        }
        return worked;
    }
}
