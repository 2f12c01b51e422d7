using ConvoMono.Features.Audit;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.ApiKeys;

public sealed class RevokeApiKeyHandler(IDbContextFactory<AppDbContext> dbs, TenantContext caller, TimeProvider clock)
{
    public async Task<bool> HandleAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, ct);
        if (key is null) return false;
        if (key.RevokedAt is not null) return true;
        var now = clock.GetUtcNow().UtcDateTime;
        key.Revoke(now);
        db.AuditEntries.Add(AuditEntry.Record(caller, "api_key.revoked", "api_key", key.Id, key.TenantId, null, new { key.Name }, now));
        await db.SaveChangesAsync(ct);
        return true;
    }
}
