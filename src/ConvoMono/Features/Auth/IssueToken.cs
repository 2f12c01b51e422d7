using System.ComponentModel.DataAnnotations;
using ConvoMono.Features.Clients;
using ConvoMono.Features.Users;
using ConvoMono.Infrastructure.Auth;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Errors;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConvoMono.Features.Auth;

public sealed record IssueTokenRequest
{
    [Required, StringLength(256)] public string Email { get; init; } = "";
    [Required, StringLength(128)] public string Password { get; init; } = "";
}

public sealed record IssueTokenResponse(string AccessToken, string TokenType, DateTime ExpiresAt, string Role, Guid? ClientId);

/// <summary>Checks a password (counting failures toward lockout) and issues a short-lived bearer access token.</summary>
public sealed class IssueTokenHandler(
    IServiceScopeFactory scopes, TenantContext caller, IOptionsMonitor<BearerTokenOptions> bearer, IDbContextFactory<AppDbContext> dbs,
    TimeProvider clock)
{
    public async Task<IssueTokenResponse> HandleAsync(IssueTokenRequest request, CancellationToken ct)
    {
        await using var identity = IdentityScope.Begin(scopes, caller);
        var user = await CheckPasswordAsync(identity.Users, identity.SignIn, dbs, request.Email, request.Password, ct);
        var now = clock.GetUtcNow();
        var expires = now + AuthModule.AccessTokenLifetime;
        var principal = await identity.Principals.CreateAsync(user);
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = expires },
            AuthSchemes.AccessToken);
        var token = bearer.Get(AuthSchemes.AccessToken).BearerTokenProtector.Protect(ticket);
        return new IssueTokenResponse(token, "Bearer", expires.UtcDateTime, user.Role, user.ClientId);
    }

    /// <summary>The one password check, shared by the token endpoint and the sign-in page.</summary>
    public static async Task<AppUser> CheckPasswordAsync(UserManager<AppUser> users, SignInManager<AppUser> signIn,
        IDbContextFactory<AppDbContext> dbs, string email, string password, CancellationToken ct)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null) throw InvalidCredentials();
        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result.IsLockedOut)
            throw new DomainException("auth.locked_out",
                "Too many failed sign-ins. This account is locked for a few minutes; try again later.", StatusCodes.Status401Unauthorized);
        if (!result.Succeeded) throw InvalidCredentials();

        if (user.ClientId is { } clientId)
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            var status = await db.Clients.Where(c => c.Id == clientId).Select(c => c.Status).FirstAsync(ct);
            if (status == ClientStatus.Suspended)
                throw new DomainException("client.suspended",
                    "This client account is suspended. Contact your platform operator to reactivate it.", StatusCodes.Status403Forbidden);
        }
        return user;
    }

    private static DomainException InvalidCredentials() =>
        new("auth.invalid_credentials", "The email or password is wrong.", StatusCodes.Status401Unauthorized);
}
