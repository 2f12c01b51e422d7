using System.ComponentModel.DataAnnotations;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Clients;

public sealed record ListClientsQuery
{
    /// <summary>Part of the client's name, any case.</summary>
    [FromQuery(Name = "search")] public string? Search { get; init; }
    [FromQuery(Name = "status"), AllowedValues(null, "active", "suspended", ErrorMessage = "The status must be active or suspended.")]
    public string? Status { get; init; }
}

public sealed class ListClientsHandler(IDbContextFactory<AppDbContext> dbs)
{
    public async Task<Page<ClientDto>> HandleAsync(ListClientsQuery filter, PageQuery page, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var query = db.Clients.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var search = filter.Search.Trim().ToLower();
            query = query.Where(c => c.Name.ToLower().Contains(search));
        }
        if (filter.Status is not null)
        {
            var status = Enum.Parse<ClientStatus>(filter.Status, ignoreCase: true);
            query = query.Where(c => c.Status == status);
        }
        if (page.After is { } after) query = query.Where(c => c.Id.CompareTo(after) < 0);
        var rows = await query.OrderByDescending(c => c.Id).Take(page.Take + 1)
            .Select(c => new ClientDto(c.Id, c.Name, c.Status, c.BillingRatePerMinute, c.Currency, c.BillingIncrementSeconds,
                c.DefaultCountry, c.TimeZone, c.CreatedAt, c.UpdatedAt))
            .ToListAsync(ct);
        return Paging.ToPage(rows, page, c => c.Id);
    }

    public async Task<int> CountAsync(ClientStatus? status, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.Clients.CountAsync(c => status == null || c.Status == status, ct);
    }
}
