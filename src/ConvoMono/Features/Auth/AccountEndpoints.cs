using ConvoMono.Features.Users;
using ConvoMono.Infrastructure.Auth;
using ConvoMono.Infrastructure.Data;
using ConvoMono.Infrastructure.Errors;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ConvoMono.Features.Auth;

public sealed record SignInForm(string? Email, string? Password, string? ReturnUrl);

/// <summary>Cookie sign-in and sign-out for the browser: plain form posts (with antiforgery), because an interactive
/// Blazor circuit cannot set cookies.</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/account").ExcludeFromDescription();

        group.MapPost("/signin", async ([FromForm] SignInForm form, SignInManager<AppUser> signIn, IDbContextFactory<AppDbContext> dbs,
            TimeProvider clock, CancellationToken ct) =>
        {
            var returnUrl = LocalOrRoot(form.ReturnUrl);
            try
            {
                var user = await IssueTokenHandler.CheckPasswordAsync(signIn.UserManager, signIn, dbs, form.Email ?? "", form.Password ?? "", ct);
                await signIn.SignInAsync(user, isPersistent: false);
                await using var db = await dbs.CreateDbContextAsync(ct);
                var now = clock.GetUtcNow().UtcDateTime;
                await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.LastSignInAt, now), ct);
                return Results.LocalRedirect(returnUrl == "/" ? HomeFor(user.Role) : returnUrl);
            }
            catch (DomainException e)
            {
                return Results.LocalRedirect($"/signin?error={Uri.EscapeDataString(e.Code)}&email={Uri.EscapeDataString(form.Email ?? "")}"
                    + $"&returnUrl={Uri.EscapeDataString(returnUrl)}");
            }
        }).AllowAnonymous().RequireRateLimiting(Infrastructure.Security.RateLimits.SignIn);

        group.MapPost("/signout", async (SignInManager<AppUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/signin");
        });
        return app;
    }

    public static string HomeFor(string? role) => role == Roles.SuperAdmin ? "/admin" : "/app";

    private static string LocalOrRoot(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\") ? url : "/";
}
