using System.ComponentModel.DataAnnotations;
using ConvoMono.Features.Audit;
using ConvoMono.Infrastructure.Auth;
using ConvoMono.Infrastructure.Tenancy;

namespace ConvoMono.Features.Users;

public sealed record AddUserRequest
{
    [Display(Name = "Email"), Required, EmailAddress, StringLength(256)] public string Email { get; set; } = "";
    [Display(Name = "Password"), Required, StringLength(128)] public string Password { get; set; } = "";
    /// <summary><c>client_member</c> (default) or <c>client_owner</c>.</summary>
    [AllowedValues(null, Roles.ClientMember, Roles.ClientOwner, ErrorMessage = "The role must be client_member or client_owner.")]
    public string? Role { get; set; }
}

/// <summary>A client owner adds a user to their own team.</summary>
public sealed class AddUserHandler(IServiceScopeFactory scopes, TenantContext caller, TimeProvider clock)
{
    public async Task<UserDto> HandleAsync(AddUserRequest request, CancellationToken ct)
    {
        var clientId = caller.TenantId ?? throw new InvalidOperationException("Adding a team member needs a client.");
        var now = clock.GetUtcNow().UtcDateTime;
        await using var identity = IdentityScope.Begin(scopes, caller);
        var user = await UserAccounts.CreateAsync(identity.Users, request.Email, request.Password, request.Role ?? Roles.ClientMember, clientId, now);
        var dto = new UserDto(user.Id, user.Email!, user.Role, clientId, now, null, false);
        identity.Db.AuditEntries.Add(AuditEntry.Record(caller, "user.added", "user", user.Id, clientId, null, dto, now));
        await identity.Db.SaveChangesAsync(ct);
        return dto;
    }
}
