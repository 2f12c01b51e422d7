using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Audit;

public sealed record AuditEntryDto(Guid Id, DateTime At, Guid? ActorUserId, string ActorName, string Action, string TargetType,
    string TargetId, Guid? ClientId, string? Before, string? After, string? Reason);

public sealed record ListAuditQuery
{
    [FromQuery(Name = "client_id")] public Guid? ClientId { get; init; }
    [FromQuery(Name = "action")] public string? Action { get; init; }
}

public sealed class ListAuditHandler(IDbContextFactory<AppDbContext> dbs)
{
    public async Task<Page<AuditEntryDto>> HandleAsync(ListAuditQuery filter, PageQuery page, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var query = db.AuditEntries.AsNoTracking();
        if (filter.ClientId is { } clientId) query = query.Where(e => e.ClientId == clientId);
        if (!string.IsNullOrEmpty(filter.Action)) query = query.Where(e => e.Action == filter.Action);
        if (page.After is { } after) query = query.Where(e => e.Id.CompareTo(after) < 0);
        var rows = await query.OrderByDescending(e => e.Id).Take(page.Take + 1)
            .Select(e => new AuditEntryDto(e.Id, e.At, e.ActorUserId, e.ActorName, e.Action, e.TargetType, e.TargetId, e.ClientId,
                e.Before, e.After, e.Reason))
            .ToListAsync(ct);
        return Paging.ToPage(rows, page, e => e.Id);
    }
}
