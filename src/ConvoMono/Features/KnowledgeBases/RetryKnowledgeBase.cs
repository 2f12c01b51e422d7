using ConvoMono.Features.Audit;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Tenancy;
using ConvoMono.Infrastructure.Voice;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.KnowledgeBases;

public sealed class RetryKnowledgeBaseHandler(IDbContextFactory<AppDbContext> dbs, KnowledgeBaseSync sync, RetellClient retell,
    TenantContext caller, TimeProvider clock, ILogger<RetryKnowledgeBaseHandler> log)
{
    /// <summary>Sends a failed knowledge base's stored sources to Retell again, as a new Retell knowledge base.</summary>
    public async Task<KnowledgeBaseDto?> HandleAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var kb = await db.KnowledgeBases.FirstOrDefaultAsync(k => k.Id == id, ct);
        if (kb is null) return null;
        if (kb.Status != KnowledgeBaseStatus.Error)
            throw new DomainException("knowledge_bases.not_failed", "Only a knowledge base whose sync failed can be retried.", StatusCodes.Status409Conflict);
        var previous = kb.RetellKnowledgeBaseId;
        var now = clock.GetUtcNow().UtcDateTime;
        kb.Retry(now);
        kb.HoldUntil(now + KnowledgeBaseSync.HoldFor);
        db.AuditEntries.Add(AuditEntry.Record(caller, "knowledge_base.retried", "knowledge_base", kb.Id, kb.TenantId, null, new { kb.Name }, now));
        await db.SaveChangesAsync(ct);
        sync.Changed(kb);

        if (previous is not null)
        {
            // The copy Retell failed to index is of no use; a leftover is harmless, so a failure here does not stop the retry.
            try { await retell.DeleteKnowledgeBaseAsync(previous, ct); }
            catch (Exception e) when (e is RetellApiException or HttpRequestException)
            {
                log.LogWarning(e, "Deleting the failed Retell knowledge base {RetellId} failed", previous);
            }
        }
        await sync.SendAsync(db, kb, ct);
        return (await KnowledgeBaseDtos.LoadAsync(db, [kb.Id], ct)).Single();
    }
}
