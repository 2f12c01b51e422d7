using ConvoMono.Features.Audit;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Realtime;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Campaigns;

/// <summary>Deletes a draft (and its Retell agent and LLM). Anything that has run is archived instead, so its calls
/// and billing keep their campaign.</summary>
public sealed class DeleteCampaignHandler(IDbContextFactory<AppDbContext> dbs, CampaignRetellSync sync, TenantContext caller,
    LiveNotifier live, TimeProvider clock)
{
    public async Task<bool> HandleAsync(Guid id, CancellationToken ct)
    {
        string? agentId, llmId;
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == id, ct);
            if (campaign is null) return false;
            campaign.EnsureDeletable();
            (agentId, llmId) = (campaign.RetellAgentId, campaign.RetellLlmId);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // Leads have no foreign key (they are bulk-written), so the draft's leads go explicitly, in the same transaction.
            await db.Leads.Where(l => l.CampaignId == id).ExecuteDeleteAsync(ct);
            db.Campaigns.Remove(campaign);
            db.AuditEntries.Add(AuditEntry.Record(caller, "campaign.deleted", "campaign", id, caller.TenantId, new { campaign.Name }, null,
                clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        await sync.DeleteAsync(agentId, llmId, ct);
        live.Publish(new LiveEvent("campaign.changed", caller.TenantId, new { campaign_id = id }));
        return true;
    }
}

public sealed class ArchiveCampaignHandler(IDbContextFactory<AppDbContext> dbs, TenantContext caller, LiveNotifier live, TimeProvider clock)
{
    public async Task<CampaignDto?> HandleAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (campaign is null) return null;
        var now = clock.GetUtcNow().UtcDateTime;
        campaign.Archive(now);
        db.AuditEntries.Add(AuditEntry.Record(caller, "campaign.archived", "campaign", id, caller.TenantId, null, new { campaign.Name }, now));
        await db.SaveChangesAsync(ct);
        live.Publish(new LiveEvent("campaign.changed", caller.TenantId, new { campaign_id = id }));
        return campaign.ToDto();
    }
}
