using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Http;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.KnowledgeBases;

public sealed class ListKnowledgeBasesHandler(IDbContextFactory<AppDbContext> dbs)
{
    public async Task<Page<KnowledgeBaseDto>> HandleAsync(PageQuery page, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var query = db.KnowledgeBases.AsNoTracking();
        if (page.After is { } after) query = query.Where(k => k.Id.CompareTo(after) < 0);
        var ids = await query.OrderByDescending(k => k.Id).Take(page.Take + 1).Select(k => k.Id).ToListAsync(ct);
        return Paging.ToPage(await KnowledgeBaseDtos.LoadAsync(db, ids, ct), page, k => k.Id);
    }
}

public sealed class GetKnowledgeBaseHandler(IDbContextFactory<AppDbContext> dbs)
{
    public async Task<KnowledgeBaseDto?> HandleAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return (await KnowledgeBaseDtos.LoadAsync(db, [id], ct)).SingleOrDefault();
    }
}
