using System.ComponentModel.DataAnnotations;
using ConvoMono.Features.Audit;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.DoNotCall;

public sealed record AddDncEntryRequest
{
    [Display(Name = "Phone number"), Required, StringLength(40)] public string PhoneNumber { get; set; } = "";
    [Display(Name = "Reason"), StringLength(200)] public string? Reason { get; set; }
}

/// <summary>The outcome of an add: the entry, and whether this call created it (false: it was already listed).</summary>
public sealed record DncAddResult(DncEntryDto Entry, bool Created);

public sealed class AddDncEntryHandler(IDbContextFactory<AppDbContext> dbs, TenantContext caller, TimeProvider clock)
{
    /// <summary>Adding a number that is already listed is not an error: the existing entry comes back unchanged, so
    /// integrations can send "do not call" as often as they hear it.</summary>
    public async Task<DncAddResult> HandleAsync(AddDncEntryRequest request, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var tenantId = caller.TenantId ?? throw new InvalidOperationException("Only a client adds to its do-not-call list.");
        var country = await db.Clients.Where(c => c.Id == tenantId).Select(c => c.DefaultCountry).SingleAsync(ct);
        var e164 = DncRules.ToE164(request.PhoneNumber, country);
        if (await FindAsync(db, e164, ct) is { } existing) return new(existing, false);

        var now = clock.GetUtcNow().UtcDateTime;
        var entry = new DncEntry { PhoneNumber = e164, Source = DncSource.Manual, Reason = Trimmed(request.Reason), CreatedAt = now };
        db.DncEntries.Add(entry);
        db.AuditEntries.Add(AuditEntry.Record(caller, "dnc.added", "dnc_entry", e164, tenantId, null, new { entry.PhoneNumber, entry.Reason }, now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A concurrent add of the same number won the unique index; anything else is a real failure.
            var winner = await FindAsync(db, e164, ct);
            if (winner is null) throw;
            return new(winner, false);
        }
        return new(entry.ToDto(), true);
    }

    private static Task<DncEntryDto?> FindAsync(AppDbContext db, string e164, CancellationToken ct) =>
        db.DncEntries.AsNoTracking().Where(e => e.PhoneNumber == e164)
            .Select(e => new DncEntryDto(e.Id, e.PhoneNumber, e.Source, e.Reason, e.CreatedAt)).FirstOrDefaultAsync(ct);

    internal static string? Trimmed(string? reason) => string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
}
