using ConvoMono.Features.Audit;
using ConvoMono.Infrastructure.Auth;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Users;

/// <summary>A client owner removes a user of their own team (never themselves, never the last owner).</summary>
public sealed class RemoveUserHandler(IServiceScopeFactory scopes, TenantContext caller, TimeProvider clock)
{
    public async Task<bool> HandleAsync(Guid userId, CancellationToken ct)
    {
        var clientId = caller.TenantId ?? throw new InvalidOperationException("Removing a team member needs a client.");
        await using var identity = IdentityScope.Begin(scopes, caller);
        var user = await identity.Db.Users.FirstOrDefaultAsync(u => u.Id == userId && u.ClientId == clientId, ct);
        if (user is null) return false;
        if (user.Id == caller.UserId)
            throw new DomainException("users.cannot_remove_self", "You cannot remove yourself. Ask another owner to do it.");
        if (user.Role == Roles.ClientOwner
            && await identity.Db.Users.CountAsync(u => u.ClientId == clientId && u.Role == Roles.ClientOwner, ct) <= 1)
            throw new DomainException("users.last_owner", "A client must keep at least one owner.");

        var now = clock.GetUtcNow().UtcDateTime;
        var before = new UserDto(user.Id, user.Email ?? "", user.Role, clientId, user.CreatedAt, user.LastSignInAt, false);
        UserAccounts.ThrowIfFailed(await identity.Users.DeleteAsync(user));
        identity.Db.AuditEntries.Add(AuditEntry.Record(caller, "user.removed", "user", user.Id, clientId, before, null, now));
        await identity.Db.SaveChangesAsync(ct);
        return true;
    }
}
