using ConvoMono.Features.Clients;
using ConvoMono.Infrastructure.Auth;
using ConvoMono.Infrastructure.Data;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Infrastructure.Tenancy;

/// <summary>An open Blazor page makes no HTTP requests, so <see cref="TenantResolutionMiddleware"/> never sees it again:
/// this provider repeats the middleware's account check on the circuit every <c>Auth:CircuitRecheckSeconds</c>. A user who
/// was removed, or whose client was suspended, becomes signed out on the page; the router then loads the sign-in page,
/// where the middleware ends the cookie session and says why.</summary>
public sealed class AccountRevalidatingStateProvider(ILoggerFactory logs, IDbContextFactory<AppDbContext> dbs, IConfiguration config)
    : RevalidatingServerAuthenticationStateProvider(logs)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(Math.Max(1, config.GetValue("Auth:CircuitRecheckSeconds", 60)));

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct)
    {
        if (state.User.Identity?.IsAuthenticated != true) return true;
        if (state.User.UserId() is not { } userId) return false;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (exists, status) = await TenantResolutionMiddleware.AccountAsync(db, userId, ct);
        return exists && status != ClientStatus.Suspended;
    }
}
