using Microsoft.AspNetCore.Identity;

namespace ConvoMono.Features.Users;

/// <summary>A person who signs in: a super admin (no client) or a user of one client. Not <c>ITenantOwned</c>:
/// Identity looks users up by email across tenants at sign-in, so the Users feature scopes its queries itself.</summary>
public sealed class AppUser : IdentityUser<Guid>
{
    public Guid? ClientId { get; set; }
    public string Role { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? LastSignInAt { get; set; }
}
