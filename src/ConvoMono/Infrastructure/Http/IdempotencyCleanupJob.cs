using ConvoMono.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Infrastructure.Http;

/// <summary>Forgets idempotency records after their retention, so a key can be reused a day later.</summary>
public sealed class IdempotencyCleanupJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<IdempotencyCleanupJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), clock);
        do
        {
            try { await RunOnceAsync(ct); }
            catch (Exception e) when (!ct.IsCancellationRequested) { log.LogError(e, "Idempotency cleanup failed"); }
        } while (await timer.WaitForNextTickAsync(ct));
    }

    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var dbs = scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await dbs.CreateDbContextAsync(ct);
        var cutoff = clock.GetUtcNow().UtcDateTime - IdempotencyMiddleware.Retention;
        return await db.IdempotencyRecords.Where(r => r.CreatedAt < cutoff).ExecuteDeleteAsync(ct);
    }
}
