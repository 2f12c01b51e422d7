using ConvoMono.Features.Audit;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.DoNotCall;

public sealed class RemoveDncEntryHandler(IDbContextFactory<AppDbContext> dbs, TenantContext caller, TimeProvider clock)
{
    /// <summary>False when the number is not on the client's list (another client's entry is invisible here).</summary>
    public async Task<bool> HandleAsync(string phone, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var country = await db.Clients.Where(c => c.Id == caller.TenantId).Select(c => c.DefaultCountry).SingleAsync(ct);
        var e164 = DncRules.ToE164(phone, country);
        var entry = await db.DncEntries.FirstOrDefaultAsync(e => e.PhoneNumber == e164, ct);
        if (entry is null) return false;
        db.DncEntries.Remove(entry);
        db.AuditEntries.Add(AuditEntry.Record(caller, "dnc.removed", "dnc_entry", e164, entry.TenantId,
            new { entry.PhoneNumber, entry.Source, entry.Reason }, null, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
        return true;
    }
}
