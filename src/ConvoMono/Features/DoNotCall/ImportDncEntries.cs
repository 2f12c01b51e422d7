using ConvoMono.Features.Audit;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.DoNotCall;

public sealed class ImportDncEntriesHandler(IDbContextFactory<AppDbContext> dbs, TenantContext caller, TimeProvider clock)
{
    /// <param name="defaultCountry">For numbers without a country code; the client's default country when null.</param>
    public async Task<DncImportReport> HandleAsync(Stream content, string? defaultCountry, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var tenantId = caller.TenantId ?? throw new InvalidOperationException("Only a client imports into its do-not-call list.");
        var country = defaultCountry ?? await db.Clients.Where(c => c.Id == tenantId).Select(c => c.DefaultCountry).SingleAsync(ct);
        var file = await DncFile.ReadAsync(content, country, ct);

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var added = await DncBatchInsert.InsertAsync(db, tenantId, file.Keys, DncSource.Import, now, ct);
        var report = new DncImportReport(added, file.Keys.Count - added, file.DuplicatesInFile, file.Invalid, file.Samples);
        db.AuditEntries.Add(AuditEntry.Record(caller, "dnc.imported", "dnc_list", tenantId, tenantId, null,
            new { report.Added, report.AlreadyListed, report.DuplicatesInFile, report.Invalid }, now));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return report;
    }
}
