using ConvoMono.Features.ApiKeys;
using ConvoMono.Features.Clients;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Infrastructure.Tenancy;

/// <summary>After authentication: fills the request's <see cref="TenantContext"/>, refuses principals whose user
/// was removed, and refuses every user and key of a suspended client with a clear message.</summary>
public sealed class TenantResolutionMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http, TenantContext tenant, IDbContextFactory<AppDbContext> dbs, IProblemDetailsService problems)
    {
        var principal = http.User;
        // Static files carry the cookie too; they reveal no tenant data, so they skip the per-request account check.
        if (principal.Identity?.IsAuthenticated != true || IsStaticAsset(http.Request.Path))
        {
            await next(http);
            return;
        }
        tenant.SetFrom(principal);

        ClientStatus? status = http.Items.TryGetValue(ApiKeyAuthenticationHandler.ClientStatusItem, out var s) ? (ClientStatus?)s : null;
        if (tenant.UserId is { } userId)
        {
            await using var db = await dbs.CreateDbContextAsync(http.RequestAborted);
            var user = await AccountAsync(db, userId, http.RequestAborted);
            if (!user.Exists)
            {
                await RefuseAsync(http, problems, StatusCodes.Status401Unauthorized, "Not signed in",
                    "This account no longer exists. Sign in again.", "auth.account_removed");
                return;
            }
            status = user.Status;
        }

        if (status == ClientStatus.Suspended)
        {
            await RefuseAsync(http, problems, StatusCodes.Status403Forbidden, "Client suspended",
                "This client account is suspended. Contact your platform operator to reactivate it.", "client.suspended");
            return;
        }
        await next(http);
    }

    /// <summary>Whether the user still exists and, for a client's user, the client's status.</summary>
    public static async Task<(bool Exists, ClientStatus? Status)> AccountAsync(AppDbContext db, Guid userId, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { Status = db.Clients.Where(c => c.Id == u.ClientId).Select(c => (ClientStatus?)c.Status).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        return (user is not null, user?.Status);
    }

    private static bool IsStaticAsset(PathString path) =>
        path.StartsWithSegments("/_framework") || path.StartsWithSegments("/_content") || path.StartsWithSegments("/branding")
        || (path.Value?.EndsWith(".css", StringComparison.Ordinal) ?? false) || (path.Value?.EndsWith(".js", StringComparison.Ordinal) ?? false);

    private static async Task RefuseAsync(HttpContext http, IProblemDetailsService problems, int status, string title, string detail, string code)
    {
        if (!Auth.AuthModule.IsApiRequest(http.Request))
        {
            // A browser: end the session and explain on the sign-in page.
            await http.SignOutAsync(Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme);
            http.Response.Redirect("/signin?error=" + Uri.EscapeDataString(code));
            return;
        }
        http.Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = ProblemDetailsExceptionHandler.Problem(status, title, detail, code),
        });
    }
}
