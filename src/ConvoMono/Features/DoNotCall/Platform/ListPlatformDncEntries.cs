using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Http;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.DoNotCall.Platform;

public sealed class ListPlatformDncEntriesHandler(IDbContextFactory<AppDbContext> dbs)
{
    public async Task<Page<DncEntryDto>> HandleAsync(ListDncQuery filter, PageQuery page, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var query = db.PlatformDncEntries.AsNoTracking();
        if (filter.Digits is { } digits) query = query.Where(e => e.PhoneNumber.Contains(digits));
        if (filter.Text is { } text) query = query.Where(e => e.Reason != null && e.Reason.ToLower().Contains(text));
        if (page.After is { } after) query = query.Where(e => e.Id.CompareTo(after) < 0);
        var rows = await query.OrderByDescending(e => e.Id).Take(page.Take + 1)
            .Select(e => new DncEntryDto(e.Id, e.PhoneNumber, e.Source, e.Reason, e.CreatedAt))
            .ToListAsync(ct);
        return Paging.ToPage(rows, page, e => e.Id);
    }
}
