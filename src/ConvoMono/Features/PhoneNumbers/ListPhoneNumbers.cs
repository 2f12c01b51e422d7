using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using System.ComponentModel.DataAnnotations;

namespace ConvoMono.Features.PhoneNumbers;

public sealed record ListPhoneNumbersQuery
{
    /// <summary><c>available</c>, <c>assigned</c> or <c>released</c>; without it, the live inventory (released numbers left out).</summary>
    [FromQuery(Name = "status"), AllowedValues(null, "available", "assigned", "released", ErrorMessage = "The status must be available, assigned or released.")]
    public string? Status { get; init; }
    [FromQuery(Name = "client_id")] public Guid? ClientId { get; init; }
}

public sealed class ListPhoneNumbersHandler(IDbContextFactory<AppDbContext> dbs)
{
    public async Task<Page<PhoneNumberDto>> HandleAsync(ListPhoneNumbersQuery filter, PageQuery page, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var query = db.PhoneNumbers.AsNoTracking();
        if (filter.Status is not null)
        {
            var status = Enum.Parse<PhoneNumberStatus>(filter.Status, ignoreCase: true);
            query = query.Where(n => n.Status == status);
        }
        else query = query.Where(n => n.Status != PhoneNumberStatus.Released);
        if (filter.ClientId is { } clientId) query = query.Where(n => n.ClientId == clientId);
        if (page.After is { } after) query = query.Where(n => n.Id.CompareTo(after) < 0);
        var rows = await query.OrderByDescending(n => n.Id).Take(page.Take + 1)
            .Select(n => new PhoneNumberDto(n.Id, n.Number, n.Provider, n.Status, n.MonthlyCost, n.Currency, n.ClientId,
                db.Clients.Where(c => c.Id == n.ClientId).Select(c => c.Name).FirstOrDefault(), n.AssignedAt, n.Nickname, n.CountryCode,
                n.AreaCode, n.AcquiredAt, n.ReleasedAt))
            .ToListAsync(ct);
        return Paging.ToPage(rows, page, n => n.Id);
    }

    public async Task<PhoneNumberDto?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var number = await db.PhoneNumbers.AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, ct);
        if (number is null) return null;
        var clientName = number.ClientId is { } clientId ? await db.Clients.Where(c => c.Id == clientId).Select(c => c.Name).FirstOrDefaultAsync(ct) : null;
        return number.ToDto(clientName);
    }
}
