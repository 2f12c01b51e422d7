using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Http;
using ConvoMono.Infrastructure.Realtime;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Leads;

/// <summary>Reading, cancelling and undoing imports, and their rejected-rows CSV.</summary>
public sealed class LeadImportsHandler(IDbContextFactory<AppDbContext> dbs, TenantContext caller, LiveNotifier live, LeadImportProgress progress,
    TimeProvider clock)
{
    public async Task<LeadImportDto?> GetAsync(Guid campaignId, Guid importId, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return (await db.LeadImports.AsNoTracking().FirstOrDefaultAsync(i => i.Id == importId && i.CampaignId == campaignId, ct))?.ToDto() is { } import
            ? progress.Overlay(import) : null;
    }

    /// <summary>Whether the caller's client has the campaign (another client's answers 404 before its upload is read).</summary>
    public async Task<bool> CampaignExistsAsync(Guid campaignId, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.Campaigns.AnyAsync(c => c.Id == campaignId, ct);
    }

    public async Task<Page<LeadImportDto>?> ListAsync(Guid campaignId, PageQuery page, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (!await db.Campaigns.AnyAsync(c => c.Id == campaignId, ct)) return null;
        var query = db.LeadImports.AsNoTracking().Where(i => i.CampaignId == campaignId);
        if (page.After is { } after) query = query.Where(i => i.Id.CompareTo(after) < 0);
        var rows = (await query.OrderByDescending(i => i.Id).Take(page.Take + 1).ToListAsync(ct)).Select(i => progress.Overlay(i.ToDto())).ToList();
        return Paging.ToPage(rows, page, i => i.Id);
    }

    /// <summary>Asks a running import to stop; the importer sees it between batches and deletes what it wrote.</summary>
    public async Task<LeadImportDto?> CancelAsync(Guid campaignId, Guid importId, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var import = await db.LeadImports.FirstOrDefaultAsync(i => i.Id == importId && i.CampaignId == campaignId, ct);
        if (import is null) return null;
        import.RequestCancel(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return import.ToDto();
    }

    /// <summary>Removes the leads an import added, as long as none of them has been dialed.</summary>
    public async Task<LeadImportDto?> UndoAsync(Guid campaignId, Guid importId, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var import = await db.LeadImports.FirstOrDefaultAsync(i => i.Id == importId && i.CampaignId == campaignId, ct);
        if (import is null) return null;
        import.Undone(clock.GetUtcNow().UtcDateTime);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await db.Leads.AnyAsync(l => l.CampaignId == campaignId && l.ImportId == importId && (l.Attempts > 0 || l.Status != LeadStatus.Pending), ct))
            throw new DomainException("leads.import_dialed", "Some leads of this import have already been called, so it can no longer be undone.",
                StatusCodes.Status409Conflict);
        await db.Leads.Where(l => l.CampaignId == campaignId && l.ImportId == importId).ExecuteDeleteAsync(ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        live.Publish(new LiveEvent(LeadImporter.ChangedEvent, caller.TenantId, new { import_id = importId, campaign_id = campaignId, status = import.Status }));
        return import.ToDto();
    }

    /// <summary>The gzip bytes of the rejected-rows CSV, or null when the import is unknown or rejected nothing.</summary>
    public async Task<(byte[] Gzip, string FileName)?> RejectsAsync(Guid campaignId, Guid importId, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var import = await db.LeadImports.AsNoTracking().Where(i => i.Id == importId && i.CampaignId == campaignId)
            .Select(i => new { i.FileName }).FirstOrDefaultAsync(ct);
        if (import is null) return null;
        var bytes = await db.LeadImportRejects.AsNoTracking().Where(r => r.ImportId == importId).Select(r => r.CsvGzip).FirstOrDefaultAsync(ct);
        return bytes is { Length: > 0 } ? (bytes, Path.GetFileNameWithoutExtension(import.FileName) + "-rejected.csv") : null;
    }
}
