using ConvoMono.Features.Audit;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.DoNotCall.Platform;

public sealed class ImportPlatformDncEntriesHandler(IDbContextFactory<AppDbContext> dbs, TenantContext caller, TimeProvider clock)
{
    /// <param name="defaultCountry">For numbers without a country code; without it only international numbers are read.</param>
    public async Task<DncImportReport> HandleAsync(Stream content, string? defaultCountry, CancellationToken ct)
    {
        var file = await DncFile.ReadAsync(content, string.IsNullOrWhiteSpace(defaultCountry) ? DncRules.NoCountry : defaultCountry.ToUpperInvariant(), ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var added = await DncBatchInsert.InsertAsync(db, null, file.Keys, DncSource.Import, now, ct);
        var report = new DncImportReport(added, file.Keys.Count - added, file.DuplicatesInFile, file.Invalid, file.Samples);
        db.AuditEntries.Add(AuditEntry.Record(caller, "platform_dnc.imported", "platform_dnc_list", "platform", null, null,
            new { report.Added, report.AlreadyListed, report.DuplicatesInFile, report.Invalid }, now));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return report;
    }
}
