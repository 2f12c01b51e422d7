using ConvoMono.Features.Audit;
using ConvoMono.Features.Campaigns;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Tenancy;
using ConvoMono.Infrastructure.Voice;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.KnowledgeBases;

public sealed class DeleteKnowledgeBaseHandler(IDbContextFactory<AppDbContext> dbs, KnowledgeBaseSync sync, RetellClient retell,
    CampaignRetellSync campaignSync, TenantContext caller, TimeProvider clock)
{
    /// <summary>Deletes a knowledge base in Retell and here. Refused while a running or scheduled campaign uses it (its calls
    /// would lose their knowledge); other campaigns that list it are detached from it.</summary>
    public async Task<bool> HandleAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var kb = await db.KnowledgeBases.FirstOrDefaultAsync(k => k.Id == id, ct);
        if (kb is null) return false;
        var campaigns = await db.Campaigns.Where(c => c.KnowledgeBaseIds.Contains(id)).ToListAsync(ct);
        if (campaigns.FirstOrDefault(c => c.Status is CampaignStatus.Running or CampaignStatus.Scheduled) is { } active)
            throw new DomainException("knowledge_bases.in_use",
                $"The campaign \"{active.Name}\" is {active.Status.ToString().ToLowerInvariant()} and uses this knowledge base. Pause or finish it first.",
                StatusCodes.Status409Conflict);

        if (kb.RetellKnowledgeBaseId is { } retellId)
        {
            try { await retell.DeleteKnowledgeBaseAsync(retellId, ct); }
            catch (RetellApiException e) when (e.IsNotFound) { } // already gone in Retell: nothing left to delete there
            catch (Exception e) when (e is RetellApiException or HttpRequestException)
            {
                throw new DomainException("knowledge_bases.provider_error",
                    "Retell could not delete the knowledge base right now, so nothing was deleted. Try again in a moment. (" + e.Message + ")",
                    StatusCodes.Status502BadGateway);
            }
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var campaign in campaigns) campaign.DetachKnowledgeBase(id, now);
        db.KnowledgeBases.Remove(kb); // its sources go with it (cascade in the database), without loading their bytes
        db.AuditEntries.Add(AuditEntry.Record(caller, "knowledge_base.deleted", "knowledge_base", kb.Id, kb.TenantId,
            new { kb.Name, kb.RetellKnowledgeBaseId, detached_from = campaigns.Select(c => c.Id) }, null, now));
        await db.SaveChangesAsync(ct);
        // The detached campaigns' Retell LLMs must stop listing the deleted knowledge base.
        foreach (var campaign in campaigns.Where(c => c.SyncStatus == CampaignSyncStatus.Pending))
            await campaignSync.SyncAsync(campaign.Id, ct);
        sync.Changed(kb);
        return true;
    }
}
