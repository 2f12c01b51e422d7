using ConvoMono.Features.Audit;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.DoNotCall.Platform;

public sealed class RemovePlatformDncEntryHandler(IDbContextFactory<AppDbContext> dbs, TenantContext caller, TimeProvider clock)
{
    /// <param name="phone">International (+…), or national with <paramref name="defaultCountry"/>.</param>
    public async Task<bool> HandleAsync(string phone, string? defaultCountry, CancellationToken ct)
    {
        var e164 = DncRules.ToE164(phone, defaultCountry);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var entry = await db.PlatformDncEntries.FirstOrDefaultAsync(e => e.PhoneNumber == e164, ct);
        if (entry is null) return false;
        db.PlatformDncEntries.Remove(entry);
        db.AuditEntries.Add(AuditEntry.Record(caller, "platform_dnc.removed", "platform_dnc_entry", e164, null,
            new { entry.PhoneNumber, entry.Source, entry.Reason }, null, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
        return true;
    }
}
