using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Http;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.PhoneNumbers;

/// <summary>A number in the client's view: no monthly cost (that is the operator's cost, not the client's price).</summary>
public sealed record ClientPhoneNumberDto(Guid Id, string PhoneNumber, PhoneNumberProvider Provider, PhoneNumberStatus Status, string? Nickname,
    DateTime? AssignedAt);

public sealed class ListClientPhoneNumbersHandler(IDbContextFactory<AppDbContext> dbs, TenantContext caller)
{
    public async Task<Page<ClientPhoneNumberDto>> HandleAsync(PageQuery page, CancellationToken ct)
    {
        // Numbers belong to the platform, not to a tenant, so the DbContext's tenant filter does not apply: the caller's
        // tenant is matched here, and a caller without one sees nothing.
        if (caller.TenantId is not { } tenantId) return new Page<ClientPhoneNumberDto>([], null);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var query = db.PhoneNumbers.AsNoTracking().Where(n => n.ClientId == tenantId && n.Status == PhoneNumberStatus.Assigned);
        if (page.After is { } after) query = query.Where(n => n.Id.CompareTo(after) < 0);
        var rows = await query.OrderByDescending(n => n.Id).Take(page.Take + 1)
            .Select(n => new ClientPhoneNumberDto(n.Id, n.Number, n.Provider, n.Status, n.Nickname, n.AssignedAt))
            .ToListAsync(ct);
        return Paging.ToPage(rows, page, n => n.Id);
    }

    public async Task<ClientPhoneNumberDto?> GetAsync(Guid id, CancellationToken ct)
    {
        if (caller.TenantId is not { } tenantId) return null;
        await using var db = await dbs.CreateDbContextAsync(ct);
        // Tenant matched by hand, as above: another client's number is simply not found.
        return await db.PhoneNumbers.AsNoTracking()
            .Where(n => n.Id == id && n.ClientId == tenantId && n.Status == PhoneNumberStatus.Assigned)
            .Select(n => new ClientPhoneNumberDto(n.Id, n.Number, n.Provider, n.Status, n.Nickname, n.AssignedAt))
            .FirstOrDefaultAsync(ct);
    }
}
