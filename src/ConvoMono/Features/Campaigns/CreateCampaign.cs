using ConvoMono.Features.Audit;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Realtime;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Campaigns;

public sealed class CreateCampaignHandler(IDbContextFactory<AppDbContext> dbs, CampaignReferences references, CampaignRetellSync sync,
    TenantContext caller, LiveNotifier live, TimeProvider clock)
{
    public async Task<CampaignDto> HandleAsync(CampaignRequest request, CancellationToken ct)
    {
        var settings = request.ToSettings(null);
        CampaignRules.Check(settings);
        var now = clock.GetUtcNow().UtcDateTime;
        Guid id;
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            await references.CheckAsync(db, settings, null, ct);
            var campaign = Campaign.Create(settings, now);
            db.Campaigns.Add(campaign);
            db.AuditEntries.Add(AuditEntry.Record(caller, "campaign.created", "campaign", campaign.Id, caller.TenantId, null,
                new { campaign.Name }, now));
            await db.SaveChangesAsync(ct);
            id = campaign.Id;
        }
        await sync.SyncAsync(id, ct);
        live.Publish(new LiveEvent("campaign.changed", caller.TenantId, new { campaign_id = id }));
        return (await CampaignQueries.GetAsync(dbs, id, ct))!;
    }
}

public static class CampaignQueries
{
    public static async Task<CampaignDto?> GetAsync(IDbContextFactory<AppDbContext> dbs, Guid id, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var campaign = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        return campaign?.ToDto();
    }
}
