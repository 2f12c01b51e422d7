using System.Security.Claims;
using ConvoMono.Features.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ConvoMono.Infrastructure.Auth;

/// <summary>Adds the user's one role and client (tenant) id to the claims Identity builds for cookies and tokens.
/// A user has exactly one role, kept on the user row, so Identity's role tables are not used.</summary>
public sealed class AppClaimsPrincipalFactory(UserManager<AppUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(ClaimTypes.Role, user.Role));
        if (user.ClientId is { } clientId) identity.AddClaim(new Claim(AppClaims.ClientIdType, clientId.ToString()));
        return identity;
    }
}
