using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Http;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.ApiKeys;

public sealed class ListApiKeysHandler(IDbContextFactory<AppDbContext> dbs)
{
    public async Task<Page<ApiKeyDto>> HandleAsync(PageQuery page, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var query = db.ApiKeys.AsNoTracking();
        if (page.After is { } after) query = query.Where(k => k.Id.CompareTo(after) < 0);
        var rows = await query.OrderByDescending(k => k.Id).Take(page.Take + 1)
            .Select(k => new ApiKeyDto(k.Id, k.Name, k.DisplayPrefix, k.CreatedAt, k.LastUsedAt, k.RevokedAt))
            .ToListAsync(ct);
        return Paging.ToPage(rows, page, k => k.Id);
    }
}
