using System.Security.Claims;
using System.Text.Encodings.Web;
using ConvoMono.Infrastructure.Auth;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ConvoMono.Features.ApiKeys;

/// <summary>Authenticates <c>Authorization: Bearer cm_live_...</c> as the key's client, scoped like a member.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IDbContextFactory<AppDbContext> dbs, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);
    public const string ClientStatusItem = "convomono.client_status";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (AuthModule.ApiKeyIn(Request) is not { } secret) return AuthenticateResult.NoResult();

        var hash = ApiKey.Hash(secret);
        await using var db = await dbs.CreateDbContextAsync(Context.RequestAborted);
        // Authentication is what establishes the tenant, so the lookup cannot be tenant-filtered yet.
        var key = await db.ApiKeys.IgnoreQueryFilters().AsNoTracking()
            .Where(k => k.SecretHash == hash)
            .Select(k => new { k.Id, k.TenantId, k.Name, k.RevokedAt, k.LastUsedAt, ClientStatus = db.Clients.Where(c => c.Id == k.TenantId).Select(c => c.Status).First() })
            .FirstOrDefaultAsync(Context.RequestAborted);
        if (key is null || key.RevokedAt is not null)
            return AuthenticateResult.Fail("The API key is invalid or has been revoked.");

        var now = clock.GetUtcNow().UtcDateTime;
        if (key.LastUsedAt is null || now - key.LastUsedAt > LastUsedResolution)
        {
            var stale = now - LastUsedResolution;
            await db.ApiKeys.IgnoreQueryFilters().Where(k => k.Id == key.Id && (k.LastUsedAt == null || k.LastUsedAt < stale))
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted);
        }

        Context.Items[ClientStatusItem] = key.ClientStatus;
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, key.Id.ToString()),
            new Claim(ClaimTypes.Name, "API key " + key.Name),
            new Claim(ClaimTypes.Role, Roles.ClientMember),
            new Claim(AppClaims.ClientIdType, key.TenantId.ToString()),
            new Claim(AppClaims.ApiKeyIdType, key.Id.ToString()),
        ], Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }
}
