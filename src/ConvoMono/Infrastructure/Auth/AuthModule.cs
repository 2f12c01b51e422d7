using ConvoMono.Features.ApiKeys;
using ConvoMono.Features.Users;
using ConvoMono.Infrastructure.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace ConvoMono.Infrastructure.Auth;

public static class AuthModule
{
    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromHours(1);

    public static IServiceCollection AddAppAuth(this IServiceCollection services)
    {
        // Keys live in the database so every instance can read every other instance's cookies and tokens.
        services.AddDataProtection().SetApplicationName("ConvoMono").PersistKeysToDbContext<AppDbContext>();

        services.AddIdentityCore<AppUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<AppClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = AuthSchemes.Smart;
                o.DefaultChallengeScheme = AuthSchemes.Smart;
            })
            .AddPolicyScheme(AuthSchemes.Smart, "Cookie, access token or API key", o => o.ForwardDefaultSelector = SelectScheme)
            .AddBearerToken(AuthSchemes.AccessToken, o =>
            {
                o.BearerTokenExpiration = AccessTokenLifetime;
                o.Events.OnMessageReceived = ctx =>
                {
                    if (HubQueryToken(ctx.Request) is { } token) ctx.Token = token;
                    return Task.CompletedTask;
                };
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AuthSchemes.ApiKey, null)
            .AddIdentityCookies(cookies => cookies.ApplicationCookie!.Configure(o =>
            {
                o.LoginPath = "/signin";
                o.LogoutPath = "/signout";
                o.AccessDeniedPath = "/forbidden";
                o.Cookie.Name = "convomono.auth";
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.Events.OnRedirectToLogin = ctx => ApiAwareRedirect(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => ApiAwareRedirect(ctx, StatusCodes.Status403Forbidden);
            }));

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.SuperAdmin, p => p.RequireRole(Roles.SuperAdmin))
            .AddPolicy(Policies.Client, p => p.RequireRole(Roles.ClientOwner, Roles.ClientMember).RequireClaim(AppClaims.ClientIdType))
            .AddPolicy(Policies.ClientOwner, p => p.RequireRole(Roles.ClientOwner).RequireClaim(AppClaims.ClientIdType));
        return services;
    }

    private static string SelectScheme(HttpContext http) => BearerToken(http.Request) is { } token
        ? token.StartsWith(ApiKey.SecretPrefix, StringComparison.Ordinal) ? AuthSchemes.ApiKey : AuthSchemes.AccessToken
        : IdentityConstants.ApplicationScheme;

    /// <summary>The bearer token of the request: the <c>Authorization: Bearer</c> header, or the hub's query token.</summary>
    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : HubQueryToken(request);
    }

    /// <summary>The API key the request carries, valid or not (the rate limiter counts it before authentication).</summary>
    public static string? ApiKeyIn(HttpRequest request) =>
        BearerToken(request) is { } token && token.StartsWith(ApiKey.SecretPrefix, StringComparison.Ordinal) ? token : null;

    /// <summary>Browsers cannot set headers on a WebSocket, so SignalR sends the token as <c>access_token</c> in the
    /// query; it is accepted on the hub path only.</summary>
    public static string? HubQueryToken(HttpRequest request) =>
        request.Path.StartsWithSegments("/hubs") && request.Query["access_token"].ToString() is { Length: > 0 } token ? token : null;

    // API and hub callers get a status code (and a problem body from the status-code pages), browsers a redirect.
    private static Task ApiAwareRedirect(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (IsApiRequest(ctx.Request)) ctx.Response.StatusCode = status;
        else ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    public static bool IsApiRequest(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs") || request.Path.StartsWithSegments("/webhooks");
}
