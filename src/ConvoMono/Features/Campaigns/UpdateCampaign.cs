using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Realtime;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Campaigns;

/// <summary>Changes a campaign and pushes the change to its Retell LLM and agent. Calls already placed keep the agent
/// version they were placed with; the dialer reads the campaign afresh for every wave.</summary>
public sealed class UpdateCampaignHandler(IDbContextFactory<AppDbContext> dbs, CampaignReferences references, CampaignRetellSync sync,
    TenantContext caller, LiveNotifier live, TimeProvider clock)
{
    public async Task<CampaignDto?> HandleAsync(Guid id, CampaignRequest request, CancellationToken ct)
    {
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == id, ct);
            if (campaign is null) return null;
            var before = campaign.ToSettings();
            var settings = request.ToSettings(before);
            CampaignRules.Check(settings);
            await references.CheckAsync(db, settings, before, ct);
            campaign.Apply(settings, clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(ct);
        }
        await sync.SyncAsync(id, ct);
        live.Publish(new LiveEvent("campaign.changed", caller.TenantId, new { campaign_id = id }));
        return await CampaignQueries.GetAsync(dbs, id, ct);
    }
}

/// <summary>Sends a campaign to Retell again, e.g. after a failed sync.</summary>
public sealed class SyncCampaignHandler(IDbContextFactory<AppDbContext> dbs, CampaignRetellSync sync, TenantContext caller, LiveNotifier live)
{
    public async Task<CampaignDto?> HandleAsync(Guid id, CancellationToken ct)
    {
        if (await CampaignQueries.GetAsync(dbs, id, ct) is null) return null;
        await sync.SyncAsync(id, ct);
        live.Publish(new LiveEvent("campaign.changed", caller.TenantId, new { campaign_id = id }));
        return await CampaignQueries.GetAsync(dbs, id, ct);
    }
}
