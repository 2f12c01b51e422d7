using ConvoMono.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Leads;

/// <summary>Runs queued imports one at a time, and marks imports that stopped making progress (their instance died) as failed.</summary>
public sealed class LeadImportWorker(LeadImportQueue queue, LeadImporter importer, IServiceScopeFactory scopes, TimeProvider clock,
    ILogger<LeadImportWorker> log) : BackgroundService
{
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        await SweepStaleAsync(ct);
        await foreach (var job in queue.Reader.ReadAllAsync(ct))
            await RunAsync(job, ct);
    }

    /// <summary>Runs every queued import now (tests drive the worker through this).</summary>
    public async Task RunOnceAsync(CancellationToken ct)
    {
        while (queue.Reader.TryRead(out var job)) await RunAsync(job, ct);
    }

    private async Task RunAsync(LeadImportJob job, CancellationToken ct)
    {
        try { await importer.RunAsync(job, ct); }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The failure is recorded on the import, which is what its owner sees.
            log.LogInformation("Lead import {ImportId} ended without importing: {Message}", job.ImportId, e.Message);
        }
        finally
        {
            try { File.Delete(job.Path); } catch (IOException) { }
        }
    }

    public async Task SweepStaleAsync(CancellationToken ct)
    {
        try
        {
            // The context factory is scoped (it reads the caller's tenant), so the singleton worker takes a scope of its own.
            await using var scope = scopes.CreateAsyncScope();
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct);
            var before = clock.GetUtcNow().UtcDateTime - StaleAfter;
            // Platform housekeeping across tenants: an import whose instance died is nobody's request.
            var stale = await db.LeadImports.IgnoreQueryFilters().Where(i => i.Status == LeadImportStatus.Running && i.UpdatedAt < before).ToListAsync(ct);
            foreach (var import in stale)
            {
                await db.Leads.IgnoreQueryFilters().Where(l => l.CampaignId == import.CampaignId && l.ImportId == import.Id).ExecuteDeleteAsync(ct);
                import.Fail("The import was interrupted (the server restarted). Nothing was imported; upload the file again.", clock.GetUtcNow().UtcDateTime);
            }
            await db.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Sweeping interrupted lead imports failed");
        }
    }
}
