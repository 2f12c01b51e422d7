using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Http;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Users;

public sealed class ListUsersHandler(IDbContextFactory<AppDbContext> dbs, TenantContext caller, TimeProvider clock)
{
    /// <summary>The caller's own team.</summary>
    public Task<Page<UserDto>> HandleAsync(PageQuery page, CancellationToken ct) =>
        caller.TenantId is { } tenant ? ListAsync(tenant, page, ct) : Task.FromResult(new Page<UserDto>([], null));

    /// <summary>Any client's users, for the super admin.</summary>
    public Task<Page<UserDto>> ForClientAsync(Guid clientId, PageQuery page, CancellationToken ct) => ListAsync(clientId, page, ct);

    public async Task<int> CountAllAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.Users.CountAsync(ct);
    }

    /// <summary>The size of the caller's own team.</summary>
    public async Task<int> CountTeamAsync(CancellationToken ct)
    {
        if (caller.TenantId is not { } tenant) return 0;
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.Users.CountAsync(u => u.ClientId == tenant, ct);
    }

    // Users are not ITenantOwned (Identity finds them by email across tenants), so the scope is applied here.
    private async Task<Page<UserDto>> ListAsync(Guid clientId, PageQuery page, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbs.CreateDbContextAsync(ct);
        var query = db.Users.AsNoTracking().Where(u => u.ClientId == clientId);
        if (page.After is { } after) query = query.Where(u => u.Id.CompareTo(after) < 0);
        var rows = await query.OrderByDescending(u => u.Id).Take(page.Take + 1)
            .Select(u => new { u.Id, u.Email, u.Role, u.ClientId, u.CreatedAt, u.LastSignInAt, u.LockoutEnd })
            .ToListAsync(ct);
        var users = rows.Select(u => new UserDto(u.Id, u.Email ?? "", u.Role, u.ClientId, u.CreatedAt, u.LastSignInAt, u.LockoutEnd > now)).ToList();
        return Paging.ToPage(users, page, u => u.Id);
    }
}
