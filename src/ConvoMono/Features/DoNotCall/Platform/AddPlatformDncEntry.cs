using System.ComponentModel.DataAnnotations;
using ConvoMono.Features.Audit;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.DoNotCall.Platform;

public sealed record AddPlatformDncEntryRequest
{
    [Display(Name = "Phone number"), Required, StringLength(40)] public string PhoneNumber { get; set; } = "";
    [Display(Name = "Reason"), StringLength(200)] public string? Reason { get; set; }
    /// <summary>For a number given without country code; without it the number must be international (+…).</summary>
    [Display(Name = "Country"), RegularExpression("^[A-Za-z]{2}$", ErrorMessage = "Use a two-letter ISO country code, e.g. US.")]
    public string? DefaultCountry { get; set; }
}

public sealed class AddPlatformDncEntryHandler(IDbContextFactory<AppDbContext> dbs, TenantContext caller, TimeProvider clock)
{
    /// <summary>Like the client's list: an already listed number comes back unchanged (<c>Created</c> false).</summary>
    public async Task<DncAddResult> HandleAsync(AddPlatformDncEntryRequest request, CancellationToken ct)
    {
        var e164 = DncRules.ToE164(request.PhoneNumber, request.DefaultCountry);
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (await FindAsync(db, e164, ct) is { } existing) return new(existing, false);

        var now = clock.GetUtcNow().UtcDateTime;
        var entry = new PlatformDncEntry { PhoneNumber = e164, Source = DncSource.Manual, Reason = AddDncEntryHandler.Trimmed(request.Reason), CreatedAt = now };
        db.PlatformDncEntries.Add(entry);
        db.AuditEntries.Add(AuditEntry.Record(caller, "platform_dnc.added", "platform_dnc_entry", e164, null, null, new { entry.PhoneNumber, entry.Reason }, now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            var winner = await FindAsync(db, e164, ct);
            if (winner is null) throw;
            return new(winner, false);
        }
        return new(entry.ToDto(), true);
    }

    private static Task<DncEntryDto?> FindAsync(AppDbContext db, string e164, CancellationToken ct) =>
        db.PlatformDncEntries.AsNoTracking().Where(e => e.PhoneNumber == e164)
            .Select(e => new DncEntryDto(e.Id, e.PhoneNumber, e.Source, e.Reason, e.CreatedAt)).FirstOrDefaultAsync(ct);
}
