using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Leads;

public sealed record LeadListQuery
{
    [FromQuery(Name = "status")] public LeadStatus? Status { get; init; }
    /// <summary>Digits of the phone number (any part of it).</summary>
    [FromQuery(Name = "search")] public string? Search { get; init; }
    [FromQuery(Name = "import_id")] public Guid? ImportId { get; init; }
}

public sealed record LeadCountsDto(long Total, IReadOnlyDictionary<LeadStatus, long> ByStatus);

public sealed class ListLeadsHandler(IDbContextFactory<AppDbContext> dbs)
{
    public async Task<Page<LeadDto>?> HandleAsync(Guid campaignId, LeadListQuery filter, PageQuery page, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (!await db.Campaigns.AnyAsync(c => c.Id == campaignId, ct)) return null;
        var query = db.Leads.AsNoTracking().Where(l => l.CampaignId == campaignId);
        if (filter.Status is { } status) query = query.Where(l => l.Status == status);
        if (filter.ImportId is { } importId) query = query.Where(l => l.ImportId == importId);
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var digits = new string(filter.Search.Where(char.IsDigit).ToArray());
            if (digits.Length > 0) query = query.Where(l => l.PhoneNumber.Contains(digits));
        }
        if (page.After is { } after) query = query.Where(l => l.Id.CompareTo(after) < 0);
        var rows = (await query.OrderByDescending(l => l.Id).Take(page.Take + 1).ToListAsync(ct)).Select(l => l.ToDto()).ToList();
        return Paging.ToPage(rows, page, l => l.Id);
    }

    public async Task<LeadCountsDto> CountsAsync(Guid campaignId, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var counts = await db.Leads.AsNoTracking().Where(l => l.CampaignId == campaignId).GroupBy(l => l.Status)
            .Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(ct);
        return new LeadCountsDto(counts.Sum(c => c.Count), counts.ToDictionary(c => c.Key, c => c.Count));
    }
}
