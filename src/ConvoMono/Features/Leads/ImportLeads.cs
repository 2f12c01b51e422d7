using ConvoMono.Features.Campaigns;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace ConvoMono.Features.Leads;

/// <summary>Starts an import: checks the campaign and the file's header up front (so a file that cannot work is refused
/// with nothing written), then imports a small file within the request and queues a large one.</summary>
public sealed class ImportLeadsHandler(IDbContextFactory<AppDbContext> dbs, TenantContext caller, LeadImporter importer, LeadImportQueue queue,
    IOptions<LeadsOptions> options, TimeProvider clock)
{
    /// <returns>null when the campaign is not the caller's; else the import and whether it already finished.</returns>
    public async Task<(LeadImportDto Import, bool Finished)?> HandleAsync(Guid campaignId, LeadUpload upload, CancellationToken ct)
    {
        Guid importId;
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            var campaign = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == campaignId, ct);
            if (campaign is null) return null;
            if (campaign.ArchivedAt is not null || campaign.Status is CampaignStatus.Completed or CampaignStatus.Cancelled)
                throw new DomainException("leads.campaign_closed", "This campaign is finished or archived; it takes no more leads.", StatusCodes.Status409Conflict);
            if (await db.LeadImports.AnyAsync(i => i.CampaignId == campaignId && i.Status == LeadImportStatus.Running, ct))
                throw new DomainException("leads.import_running", "Another import into this campaign is still running. Wait for it or cancel it.",
                    StatusCodes.Status409Conflict);
            var tenantId = caller.TenantId;
            var country = (upload.DefaultCountry ?? await db.Clients.Where(c => c.Id == tenantId).Select(c => c.DefaultCountry).FirstAsync(ct)).ToUpperInvariant();
            if (!PhoneNumberUtil.GetInstance().GetSupportedRegions().Contains(country))
                throw new DomainException("leads.invalid_country", $"\"{country}\" is not a country code such as US, GB or DE.", StatusCodes.Status400BadRequest, "default_country");
            if (upload.Length > options.Value.MaxFileBytes)
                throw new DomainException("leads.file_too_large", $"The file is larger than the {options.Value.MaxFileBytes / (1024 * 1024)} MB limit.",
                    StatusCodes.Status413PayloadTooLarge, "file");

            LeadFilePreviewDto preview;
            await using (var file = File.OpenRead(upload.Path)) preview = await LeadFilePreview.ReadAsync(file, upload.PhoneColumn, 1, ct);
            if (preview.PhoneColumn is null)
                throw new DomainException("leads.no_phone_column", upload.PhoneColumn is null
                    ? $"No phone column was found among: {string.Join(", ", preview.Columns.Select(c => c.Header))}. Name it \"phone\" or choose it with phone_column."
                    : $"There is no column \"{upload.PhoneColumn}\" in the file (columns: {string.Join(", ", preview.Columns.Select(c => c.Header))}).",
                    StatusCodes.Status400BadRequest, "phone_column");

            var import = LeadImport.Start(campaignId, upload.FileName, upload.Length, country, caller.UserId, clock.GetUtcNow().UtcDateTime);
            db.LeadImports.Add(import);
            await db.SaveChangesAsync(ct);
            importId = import.Id;
        }

        var job = new LeadImportJob(caller.TenantId!.Value, importId, upload.Path, upload.PhoneColumn);
        if (upload.Length > options.Value.InlineMaxBytes)
        {
            queue.Enqueue(job with { Path = upload.Detach() });
            return (await GetAsync(importId, ct), false);
        }
        try { await importer.RunAsync(job, ct); }
        catch (DomainException)
        {
            // Refused within the request: the import leaves no trace at all.
            await using var db = await dbs.CreateDbContextAsync(CancellationToken.None);
            await db.LeadImports.Where(i => i.Id == importId).ExecuteDeleteAsync(CancellationToken.None);
            throw;
        }
        return (await GetAsync(importId, ct), true);
    }

    private async Task<LeadImportDto> GetAsync(Guid importId, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return (await db.LeadImports.AsNoTracking().FirstAsync(i => i.Id == importId, ct)).ToDto();
    }
}
