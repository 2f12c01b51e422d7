using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Campaigns;

public sealed record CampaignListQuery
{
    [FromQuery(Name = "status")] public CampaignStatus? Status { get; init; }
    /// <summary>Include archived campaigns (hidden by default).</summary>
    [FromQuery(Name = "archived")] public bool? Archived { get; init; }
    [FromQuery(Name = "search")] public string? Search { get; init; }
}

public sealed class ListCampaignsHandler(IDbContextFactory<AppDbContext> dbs)
{
    public async Task<Page<CampaignSummaryDto>> HandleAsync(CampaignListQuery filter, PageQuery page, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var query = db.Campaigns.AsNoTracking();
        query = filter.Archived == true ? query.Where(c => c.ArchivedAt != null) : query.Where(c => c.ArchivedAt == null);
        if (filter.Status is { } status) query = query.Where(c => c.Status == status);
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var term = filter.Search.Trim().ToLower();
            query = query.Where(c => c.Name.ToLower().Contains(term));
        }
        if (page.After is { } after) query = query.Where(c => c.Id.CompareTo(after) < 0);
        var rows = await query.OrderByDescending(c => c.Id).Take(page.Take + 1)
            .Select(c => new CampaignSummaryDto(c.Id, c.Name, c.Status, c.PauseReason, c.SyncStatus, c.VoiceId, c.PhoneNumberId,
                c.KnowledgeBaseIds.Count, c.StartAt, c.CreatedAt, c.UpdatedAt, c.ArchivedAt))
            .ToListAsync(ct);
        return Paging.ToPage(rows, page, c => c.Id);
    }
}

public sealed class GetCampaignHandler(IDbContextFactory<AppDbContext> dbs)
{
    public Task<CampaignDto?> HandleAsync(Guid id, CancellationToken ct) => CampaignQueries.GetAsync(dbs, id, ct);
}
